/*
 * The two errors of the expression language. Both carry where they happened as an offset into the
 * whole string value the expression sits in (so an editor can underline it), plus 1-based line and
 * column, because Code view shows multi-line strings.
 */

/** 1-based line and column of an offset in a text. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Where an error sits in the string value that holds the expression. */
export interface ErrorPosition {
  /** 0-based offset into the string value. */
  offset: number;
  /** How many characters the error spans (at least 1). */
  length: number;
  line: number;
  column: number;
}

function locate(text: string, offset: number, length: number): ErrorPosition {
  return { offset, length: Math.max(1, length), ...positionAt(text, offset) };
}

/** The text of a string value is not a well-formed expression. */
export class ExpressionSyntaxError extends Error {
  readonly position: ErrorPosition;
  /** The whole string value that was parsed. */
  readonly text: string;
  /** JSON pointer of the string inside the value given to evaluateValue ('' for a lone string). */
  pointer = '';

  constructor(message: string, text: string, offset: number, length = 1) {
    super(message);
    this.name = 'ExpressionSyntaxError';
    this.text = text;
    this.position = locate(text, offset, length);
  }

  /** The message with its place, e.g. "… (at /body/text, line 1, column 12)". */
  describe(): string {
    return describe(this);
  }
}

/** A well-formed expression failed while being evaluated (a type error, a missing property, …). */
export class ExpressionEvaluationError extends Error {
  readonly position: ErrorPosition;
  readonly text: string;
  /** JSON pointer of the string inside the value given to evaluateValue ('' for a lone string). */
  pointer = '';

  constructor(message: string, text: string, offset: number, length = 1) {
    super(message);
    this.name = 'ExpressionEvaluationError';
    this.text = text;
    this.position = locate(text, offset, length);
  }

  /** The message with its place, e.g. "… (at /body/text, line 1, column 12)". */
  describe(): string {
    return describe(this);
  }
}

function describe(error: { message: string; pointer: string; position: ErrorPosition }): string {
  const at = error.pointer ? `at ${error.pointer}, ` : '';
  return `${error.message} (${at}line ${error.position.line}, column ${error.position.column})`;
}

/**
 * Thrown by function bodies, which don't know where they were called from; the evaluator turns it
 * into an ExpressionEvaluationError at the call's position.
 */
export class FunctionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FunctionError';
  }
}
