import type { Access, Call, Expr } from './ast';
import { ExpressionSyntaxError } from './errors';
import { tokenize, type Token, type TokenType } from './scanner';

/*
 * Grammar of one expression (what follows `@`, or sits inside `@{…}`):
 *
 *   expression := literal | call accessor*
 *   call       := name '(' [expression (',' expression)*] ')'
 *   accessor   := ['?'] ( '[' expression ']' | '.' name )
 *   literal    := 'text' | integer | float | true | false | null
 *
 * As in Logic Apps, properties are selected only on what a function returns: `'abc'[0]` is an error.
 * Unknown function names parse fine; analysis reports them with their position, evaluation refuses them.
 */

/** Deeper nesting than this is refused rather than risking the stack. */
const MAX_DEPTH = 128;

const describeToken = (t: Token) =>
  t.type === 'end' ? 'the end of the expression' : t.type === 'string' ? `the string '${t.value}'` : `'${t.value}'`;

class Parser {
  private index = 0;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
  ) {}

  private get current(): Token {
    return this.tokens[this.index]!;
  }

  private fail(message: string, token: Token = this.current): never {
    throw new ExpressionSyntaxError(message, this.text, token.start, Math.max(1, token.end - token.start));
  }

  private take(type: TokenType, expected: string): Token {
    const token = this.current;
    if (token.type !== type) this.fail(`Expected ${expected} but found ${describeToken(token)}.`);
    this.index++;
    return token;
  }

  parseWhole(): Expr {
    if (this.current.type === 'end') this.fail('The expression is empty.');
    const expr = this.expression();
    if (this.tokens[this.index]!.type !== 'end') this.fail(`Unexpected ${describeToken(this.current)} after the end of the expression.`);
    return expr;
  }

  private expression(): Expr {
    if (++this.depth > MAX_DEPTH) this.fail(`The expression is nested more than ${MAX_DEPTH} levels deep.`);
    const token = this.current;
    let expr: Expr;
    switch (token.type) {
      case 'string':
        this.index++;
        expr = { type: 'string', value: token.value, start: token.start, end: token.end };
        break;
      case 'integer':
      case 'float':
        this.index++;
        expr = { type: 'number', value: Number(token.value), isFloat: token.type === 'float', start: token.start, end: token.end };
        break;
      case 'identifier':
        expr = this.identifier(token);
        break;
      default:
        this.fail(`Expected a value, a function call or a literal but found ${describeToken(token)}.`);
    }
    this.depth--;
    return expr;
  }

  private identifier(token: Token): Expr {
    this.index++;
    if (this.current.type === '(') return this.accessors(this.call(token));
    const word = token.value.toLowerCase();
    if (word === 'true' || word === 'false') return { type: 'boolean', value: word === 'true', start: token.start, end: token.end };
    if (word === 'null') return { type: 'null', start: token.start, end: token.end };
    return this.fail(`'${token.value}' is not a function call or a literal: a function needs parentheses, e.g. ${token.value}().`, token);
  }

  private call(name: Token): Call {
    this.take('(', "'('");
    const args: Expr[] = [];
    if (this.current.type !== ')') {
      for (;;) {
        args.push(this.expression());
        if (this.current.type !== ',') break;
        this.index++;
      }
    }
    const close = this.take(')', `',' or ')' to close the call to '${name.value}'`);
    return { type: 'call', name: name.value, nameStart: name.start, nameEnd: name.end, args, start: name.start, end: close.end };
  }

  private accessors(target: Expr): Expr {
    for (;;) {
      const question = this.current.type === '?' ? this.tokens[this.index++]! : null;
      const token = this.current;
      let access: Access;
      if (token.type === '[') {
        this.index++;
        const key = this.expression();
        const close = this.take(']', "']'");
        access = { type: 'access', target, key, safe: question !== null, start: target.start, end: close.end };
      } else if (token.type === '.') {
        this.index++;
        const name = this.current;
        if (name.type !== 'identifier' && name.type !== 'integer')
          this.fail(`Expected a property name after '.' but found ${describeToken(name)}.`);
        this.index++;
        const key: Expr = { type: 'string', value: name.value, start: name.start, end: name.end };
        access = { type: 'access', target, key, safe: question !== null, start: target.start, end: name.end };
      } else {
        if (question) this.fail(`Expected '[' or '.' after '?' but found ${describeToken(token)}.`);
        return target;
      }
      target = access;
    }
  }
}

/** Parses the expression in text[start, end); offsets in nodes and errors are offsets in text. */
export function parseExpression(text: string, start = 0, end = text.length): Expr {
  return new Parser(text, tokenize(text, start, end)).parseWhole();
}
