/*
 * The syntax tree of one expression. Every node keeps its [start, end) offsets in the string value
 * it was parsed from, so errors and analysis point at the right characters.
 */

interface Span {
  start: number;
  end: number;
}

export interface StringLiteral extends Span {
  type: 'string';
  value: string;
}

export interface NumberLiteral extends Span {
  type: 'number';
  value: number;
  /** Written with a decimal point or an exponent (`5.0`): a Float, which matters for div(). */
  isFloat: boolean;
}

export interface BooleanLiteral extends Span {
  type: 'boolean';
  value: boolean;
}

export interface NullLiteral extends Span {
  type: 'null';
}

export interface Call extends Span {
  type: 'call';
  /** The name as written; function names are case-insensitive. */
  name: string;
  nameStart: number;
  nameEnd: number;
  args: Expr[];
}

/** `x['key']`, `x?['key']`, `x[0]`, `x.key`, `x?.key`. */
export interface Access extends Span {
  type: 'access';
  target: Expr;
  key: Expr;
  /** `?` before the accessor: a missing property or a null target yields null instead of failing. */
  safe: boolean;
}

export type Expr = StringLiteral | NumberLiteral | BooleanLiteral | NullLiteral | Call | Access;
