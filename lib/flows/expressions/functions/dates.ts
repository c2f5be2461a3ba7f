import { FormatError, formatTimestamp } from '../datetime/format';
import { addMilliseconds, parseTimestamp, timestampOf, type Timestamp } from '../datetime/timestamp';
import { FunctionError } from '../errors';
import { numberOf } from '../values';
import { define, type CallSite, type FunctionDef } from './registry';

/* Date functions. Timestamps are strings in, strings out; the default output format is 'o' (7 fractional digits). */

function timestampArg(site: CallSite, index: number): Timestamp {
  const text = site.arg.string(index);
  const ts = parseTimestamp(text);
  if (!ts) {
    throw new FunctionError(
      `The template language function '${site.name}' expects ${site.arg.which(index)} to be a timestamp such as '2018-03-15T13:00:00Z'; '${text.slice(0, 60)}' is not one.`,
    );
  }
  return ts;
}

function format(site: CallSite, ts: Timestamp, pattern: string | undefined, locale?: string): string {
  try {
    return formatTimestamp(ts, pattern ?? 'o', locale ?? 'en-US');
  } catch (error) {
    if (error instanceof FormatError) throw new FunctionError(`The template language function '${site.name}': ${error.message}`);
    throw error;
  }
}

function adder(name: string, unitMs: number): FunctionDef {
  return define(name, 2, 3, (_args, site) => {
    const ts = timestampArg(site, 0);
    const amount = numberOf(site.arg.number(1));
    const result = addMilliseconds(ts, amount * unitMs);
    if (!result) throw new FunctionError(`The template language function '${name}' produced a date outside the years 1 to 9999.`);
    return format(site, result, site.arg.optionalString(2));
  });
}

export const dateFunctions: FunctionDef[] = [
  define('utcNow', 0, 1, (_args, site) => format(site, timestampOf(site.ctx.now()), site.arg.optionalString(0))),
  adder('addDays', 86_400_000),
  adder('addHours', 3_600_000),
  define('formatDateTime', 1, 3, (_args, site) =>
    format(site, timestampArg(site, 0), site.arg.optionalString(1), site.arg.optionalString(2)),
  ),
];
