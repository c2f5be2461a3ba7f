import { SolutionFileError } from './errors';
import { decodeText } from './xml';

/** Parses one JSON file of a solution (a byte-order mark is fine), refusing bad JSON with the file and the line and column. */
export function parseJson(data: Buffer, where: string): unknown {
  const text = decodeText(data);
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    let at = '';
    if (position) {
      const before = text.slice(0, Number(position[1]));
      const line = before.split('\n').length;
      at = ` (line ${line}, column ${before.length - before.lastIndexOf('\n')})`;
    }
    throw new SolutionFileError(
      'malformed-json',
      `${where} isn’t valid JSON${at}: ${message.replace(/ in JSON at position \d+.*$/s, '').replace(/, ".*" is not valid JSON$/s, '')}.`,
    );
  }
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
