import { ExpressionSyntaxError } from './errors';

/*
 * Splits the inside of one expression into tokens. It scans a region [start, end) of the whole
 * string value so every token's offsets are offsets in that value.
 */

export type TokenType = 'string' | 'integer' | 'float' | 'identifier' | '(' | ')' | '[' | ']' | ',' | '.' | '?' | 'end';

export interface Token {
  type: TokenType;
  /** The literal's value for strings (quotes removed, `''` unescaped), the raw text otherwise. */
  value: string;
  start: number;
  end: number;
}

const PUNCTUATION = new Set(['(', ')', '[', ']', ',', '.', '?']);
/** Characters that end an identifier (Logic Apps allows almost anything else in a name). */
const IDENTIFIER_STOP = /[\s.,(){}@[\]?'"]/;
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

export function tokenize(text: string, start: number, end: number): Token[] {
  const tokens: Token[] = [];
  let i = start;
  const fail = (message: string, at: number, length = 1): never => {
    throw new ExpressionSyntaxError(message, text, at, length);
  };

  while (i < end) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const previous = tokens[tokens.length - 1]?.type;
    // `.5` is a number where a value may start; after `)` or `]` a dot selects a property.
    const dotStartsNumber = c === '.' && isDigit(text[i + 1]) && previous !== ')' && previous !== ']';
    if (PUNCTUATION.has(c) && !dotStartsNumber) {
      tokens.push({ type: c as TokenType, value: c, start: i, end: i + 1 });
      i++;
    } else if (c === "'") {
      i = readString(text, i, end, tokens, fail);
    } else if (isDigit(c) || dotStartsNumber || ((c === '+' || c === '-') && (isDigit(text[i + 1]) || text[i + 1] === '.'))) {
      i = readNumber(text, i, end, tokens, fail);
    } else if (c === '"') {
      fail("Strings in expressions are written in single quotes, e.g. 'text', not double quotes.", i);
    } else if (c === '@' || c === '{' || c === '}') {
      fail(`Unexpected '${c}' inside an expression.`, i);
    } else {
      let j = i;
      while (j < end && !IDENTIFIER_STOP.test(text[j]!)) j++;
      tokens.push({ type: 'identifier', value: text.slice(i, j), start: i, end: j });
      i = j;
    }
  }
  tokens.push({ type: 'end', value: '', start: end, end });
  return tokens;
}

function readString(text: string, at: number, end: number, tokens: Token[], fail: (m: string, at: number, l?: number) => never): number {
  let value = '';
  let i = at + 1;
  for (;;) {
    if (i >= end)
      fail("This string is not closed: add a single quote at its end (a quote inside a string is written twice: 'it''s').", at, end - at);
    const c = text[i]!;
    if (c === "'") {
      if (text[i + 1] === "'" && i + 1 < end) {
        value += "'";
        i += 2;
        continue;
      }
      tokens.push({ type: 'string', value, start: at, end: i + 1 });
      return i + 1;
    }
    value += c;
    i++;
  }
}

function readNumber(text: string, at: number, end: number, tokens: Token[], fail: (m: string, at: number, l?: number) => never): number {
  let i = at;
  if (text[i] === '+' || text[i] === '-') i++;
  let isFloat = false;
  while (i < end && isDigit(text[i])) i++;
  if (text[i] === '.' && isDigit(text[i + 1])) {
    isFloat = true;
    i++;
    while (i < end && isDigit(text[i])) i++;
  }
  if (
    (text[i] === 'e' || text[i] === 'E') &&
    (isDigit(text[i + 1]) || ((text[i + 1] === '+' || text[i + 1] === '-') && isDigit(text[i + 2])))
  ) {
    isFloat = true;
    i += 2;
    while (i < end && isDigit(text[i])) i++;
  }
  if (i < end && !IDENTIFIER_STOP.test(text[i]!) && text[i] !== '"') {
    let j = i;
    while (j < end && !IDENTIFIER_STOP.test(text[j]!)) j++;
    fail(`'${text.slice(at, j)}' is not a number.`, at, j - at);
  }
  tokens.push({ type: isFloat ? 'float' : 'integer', value: text.slice(at, i), start: at, end: i });
  return i;
}
