import { analyzeCondition, analyzeValue, positionAt, type TemplateAnalysis } from '../expressions';
import type { Finding } from './findings';
import type { ActionVisit } from './walk';

/*
 * Findings about the expressions of one action: syntax errors with their position, functions
 * outside the subset, wrong argument counts, and names that lead nowhere (actions, variables,
 * parameters, loops).
 */

/** What the whole definition declares, for resolving names. */
export interface DeclaredNames {
  actions: ReadonlySet<string>;
  /** Lower-cased: Logic Apps variable names are case-insensitive. */
  variables: ReadonlySet<string>;
  parameters: ReadonlySet<string>;
}

type Site = { pointer: string; text: string } & TemplateAnalysis;

/** Findings for expression strings found at `sites`, seen from an action inside the loops `loops`. */
export function expressionFindings(sites: Site[], loops: readonly string[], names: DeclaredNames): Finding[] {
  const findings: Finding[] = [];
  const loopNames = new Set(loops.map((l) => l.toLowerCase()));
  for (const site of sites) {
    const at = (offset: number, length: number) => ({ offset, length, ...positionAt(site.text, offset) });
    if (site.syntaxError) {
      findings.push({
        pointer: site.pointer,
        code: 'expression-syntax',
        message: site.syntaxError.message,
        position: site.syntaxError.position,
      });
      continue;
    }
    for (const problem of site.problems) {
      findings.push({
        pointer: site.pointer,
        code: problem.code,
        subject: problem.subject,
        message: problem.message,
        position: problem.position,
      });
    }
    const { references } = site;
    for (const ref of references.actions) {
      if (!names.actions.has(ref.name)) {
        findings.push({
          pointer: site.pointer,
          code: 'unknown-action-reference',
          subject: ref.name,
          message: `The expression reads the action '${ref.name}', which this flow doesn't have.`,
          position: at(ref.offset, ref.length),
        });
      }
    }
    for (const ref of references.variables) {
      if (!names.variables.has(ref.name.toLowerCase())) {
        findings.push({
          pointer: site.pointer,
          code: 'unknown-variable',
          subject: ref.name,
          message: `The expression reads the variable '${ref.name}', which no Initialize variable step declares.`,
          position: at(ref.offset, ref.length),
        });
      }
    }
    for (const ref of references.parameters) {
      if (!names.parameters.has(ref.name)) {
        findings.push({
          pointer: site.pointer,
          code: 'unknown-parameter',
          subject: ref.name,
          message: `The expression reads the parameter '${ref.name}', which the definition doesn't declare.`,
          position: at(ref.offset, ref.length),
        });
      }
    }
    for (const ref of references.loops) {
      const ok = ref.name === null ? loops.length > 0 : loopNames.has(ref.name.toLowerCase());
      if (!ok) {
        findings.push({
          pointer: site.pointer,
          code: 'unknown-loop',
          subject: ref.name ?? 'item()',
          message:
            ref.name === null
              ? 'item() is used outside an Apply to each loop.'
              : `items('${ref.name}') names no Apply to each loop around this step.`,
          position: at(ref.offset, ref.length),
        });
      }
    }
  }
  return findings;
}

/** Actions that go through an array themselves, so item() in their own inputs is their current item (Filter array, Select). */
const ITERATING = new Set(['Query', 'Select', 'Table']);

/** Every expression site of an action: its inputs, a Foreach's array, an If's condition. */
export function actionExpressionFindings(visit: ActionVisit, names: DeclaredNames): Finding[] {
  const { action, pointer } = visit;
  const loops = ITERATING.has(String(action.type)) ? [...visit.loops, visit.name] : visit.loops;
  const sites: Site[] = [];
  const findings: Finding[] = [];
  if ('inputs' in action) sites.push(...analyzeValue(action.inputs, `${pointer}/inputs`));
  if ('foreach' in action) sites.push(...analyzeValue(action.foreach, `${pointer}/foreach`));
  if ('expression' in action) {
    if (action.type === 'If') {
      const condition = analyzeCondition(action.expression, `${pointer}/expression`);
      sites.push(...condition.expressions);
      for (const op of condition.operators) {
        if (!op.supported) {
          findings.push({
            pointer: op.pointer,
            code: 'unknown-function',
            subject: op.name,
            message: `The function '${op.name}' is not supported in Makerport flows.`,
          });
        }
      }
      for (const bad of condition.malformed) findings.push({ pointer: bad.pointer, code: 'invalid-condition', message: bad.message });
    } else {
      sites.push(...analyzeValue(action.expression, `${pointer}/expression`));
    }
  }
  return [...findings, ...expressionFindings(sites, loops, names)];
}
