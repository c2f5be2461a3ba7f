import type { Expr } from './ast';
import { ExpressionSyntaxError, positionAt, type ErrorPosition } from './errors';
import { arityMessage } from './evaluator';
import { findFunction } from './functions';
import { isExpressionText, parseTemplate, type Template } from './template';

/*
 * What an expression uses, without running it: the functions it calls (and which of them Makerport
 * doesn't support), the actions, variables, parameters and loops it names, and calls with the wrong
 * number of arguments. The validator builds its findings from this.
 */

export interface NameReference {
  name: string;
  offset: number;
  length: number;
}

export interface FunctionUse extends NameReference {
  /** False for a function outside Makerport's subset; then `name` is as written. */
  supported: boolean;
}

export interface ExpressionReferences {
  functions: FunctionUse[];
  /** Actions named by body('X'), outputs('X') or actions('X') with a literal name. */
  actions: NameReference[];
  variables: NameReference[];
  parameters: NameReference[];
  /** items('X') loops; `name: null` is item(), the innermost loop. */
  loops: (Omit<NameReference, 'name'> & { name: string | null })[];
  /** Whether triggerBody() or triggerOutputs() is used. */
  usesTrigger: boolean;
}

export interface ExpressionProblem {
  code: 'unknown-function' | 'function-arity';
  message: string;
  /** The function name concerned. */
  subject: string;
  position: ErrorPosition;
}

export interface TemplateAnalysis {
  /** False for a plain string (nothing to evaluate). */
  isExpression: boolean;
  syntaxError: ExpressionSyntaxError | null;
  references: ExpressionReferences;
  problems: ExpressionProblem[];
}

const emptyReferences = (): ExpressionReferences => ({
  functions: [],
  actions: [],
  variables: [],
  parameters: [],
  loops: [],
  usesTrigger: false,
});

const REFERENCE_KIND: Record<string, 'actions' | 'variables' | 'parameters' | 'loops' | undefined> = {
  body: 'actions',
  outputs: 'actions',
  actions: 'actions',
  variables: 'variables',
  parameters: 'parameters',
  items: 'loops',
};

function visit(expr: Expr, text: string, refs: ExpressionReferences, problems: ExpressionProblem[]): void {
  if (expr.type === 'access') {
    visit(expr.target, text, refs, problems);
    visit(expr.key, text, refs, problems);
    return;
  }
  if (expr.type !== 'call') return;
  const def = findFunction(expr.name);
  const at = { offset: expr.nameStart, length: expr.nameEnd - expr.nameStart };
  refs.functions.push({ name: def?.name ?? expr.name, supported: def !== undefined, ...at });
  const position = (offset: number, length: number): ErrorPosition => ({ offset, length, ...positionAt(text, offset) });
  if (!def) {
    problems.push({
      code: 'unknown-function',
      subject: expr.name,
      message: `The function '${expr.name}' is not supported in Makerport flows.`,
      position: position(at.offset, at.length),
    });
  } else if (expr.args.length < def.minArgs || expr.args.length > def.maxArgs) {
    problems.push({
      code: 'function-arity',
      subject: def.name,
      message: arityMessage(def, expr.args.length),
      position: position(expr.start, expr.end - expr.start),
    });
  } else {
    const kind = REFERENCE_KIND[def.name];
    const first = expr.args[0];
    if (kind && first?.type === 'string') refs[kind].push({ name: first.value, offset: first.start, length: first.end - first.start });
    if (def.name === 'item') refs.loops.push({ name: null, ...at });
    if (def.name === 'triggerBody' || def.name === 'triggerOutputs') refs.usesTrigger = true;
  }
  for (const arg of expr.args) visit(arg, text, refs, problems);
}

/** Analyses an already parsed template. */
export function analyzeParsed(template: Template, text: string): Omit<TemplateAnalysis, 'isExpression' | 'syntaxError'> {
  const references = emptyReferences();
  const problems: ExpressionProblem[] = [];
  if (template.kind === 'expression') visit(template.expression, text, references, problems);
  if (template.kind === 'interpolation') {
    for (const part of template.parts) if (part.kind === 'expression') visit(part.expression, text, references, problems);
  }
  return { references, problems };
}

/** Analyses one string value of a definition; a syntax error is returned, not thrown. */
export function analyzeTemplate(text: string): TemplateAnalysis {
  if (!isExpressionText(text)) return { isExpression: false, syntaxError: null, references: emptyReferences(), problems: [] };
  try {
    return { isExpression: true, syntaxError: null, ...analyzeParsed(parseTemplate(text), text) };
  } catch (error) {
    if (!(error instanceof ExpressionSyntaxError)) throw error;
    return { isExpression: true, syntaxError: error, references: emptyReferences(), problems: [] };
  }
}

/** Escapes one JSON pointer segment (RFC 6901). */
export const pointerSegment = (key: string | number) => String(key).replace(/~/g, '~0').replace(/\//g, '~1');

/** Every expression string inside a JSON value, with its JSON pointer (below `base`) and analysis. */
export function analyzeValue(value: unknown, base = ''): ({ pointer: string; text: string } & TemplateAnalysis)[] {
  const found: ({ pointer: string; text: string } & TemplateAnalysis)[] = [];
  const walk = (node: unknown, pointer: string) => {
    if (typeof node === 'string') {
      const analysis = analyzeTemplate(node);
      if (analysis.isExpression) found.push({ pointer, text: node, ...analysis });
    } else if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, `${pointer}/${i}`));
    } else if (typeof node === 'object' && node !== null) {
      for (const [key, item] of Object.entries(node)) walk(item, `${pointer}/${pointerSegment(key)}`);
    }
  };
  walk(value, base);
  return found;
}
