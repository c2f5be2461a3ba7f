/*
 * Timestamps as the date functions see them: a wall-clock instant with 100-nanosecond precision
 * (Logic Apps prints 7 fractional digits) and a kind. A timestamp written with `Z` is UTC; one with
 * an offset is converted to UTC; one with neither stays "unspecified" and prints without a zone,
 * as .NET's DateTime does (formatDateTime('03/15/2018') is '2018-03-15T00:00:00.0000000').
 */

export interface Timestamp {
  /** Milliseconds since 1970-01-01 of the wall-clock fields, read as UTC. */
  ms: number;
  /** The 100 ns ticks below the millisecond, 0..9999. */
  ticks: number;
  kind: 'utc' | 'unspecified';
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*([AP]M)?)?\s*(Z)?$/i;
const RFC1123 = /^(?:[a-z]{3},\s*)?(\d{1,2})\s+([a-z]{3})[a-z]*\s+(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(GMT|UTC|Z)?$/i;
const LONG = /^(?:[a-z]+,\s*)?([a-z]{3})[a-z]*\s+(\d{1,2}),?\s+(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?)?$/i;

interface Fields {
  year: number;
  month: number;
  day: number;
  hour?: string;
  minute?: string;
  second?: string;
  fraction?: string;
  meridiem?: string;
  zone?: string;
}

function build(f: Fields): Timestamp | null {
  let hour = Number(f.hour ?? 0);
  const minute = Number(f.minute ?? 0);
  const second = Number(f.second ?? 0);
  if (f.meridiem) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (f.meridiem.toUpperCase() === 'PM' ? 12 : 0);
  }
  if (f.month < 1 || f.month > 12 || f.day < 1 || hour > 23 || minute > 59 || second > 59 || f.year < 1) return null;
  const daysInMonth = new Date(Date.UTC(2000, f.month, 0)).getUTCDate() - (f.month === 2 && !isLeap(f.year) ? 1 : 0);
  if (f.day > daysInMonth) return null;
  const date = new Date(0);
  date.setUTCFullYear(f.year, f.month - 1, f.day);
  const digits = `${f.fraction ?? ''}0000000`.slice(0, 7);
  date.setUTCHours(hour, minute, second, Number(digits.slice(0, 3)));
  let ms = date.getTime();
  let kind: Timestamp['kind'] = 'unspecified';
  if (f.zone) {
    kind = 'utc';
    const offset = /^([+-])(\d{2}):?(\d{2})?$/.exec(f.zone);
    if (offset) ms -= (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3] ?? 0)) * 60_000;
  }
  return { ms, ticks: Number(digits.slice(3)), kind };
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Reads ISO 8601, US (`3/15/2018 1:30 PM`), RFC 1123 and long English dates; null when it is none of them. */
export function parseTimestamp(text: string): Timestamp | null {
  const s = text.trim();
  let m = ISO.exec(s);
  if (m) {
    return build({ year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: m[4], minute: m[5], second: m[6], fraction: m[7], zone: m[8] });
  }
  m = US.exec(s);
  if (m) {
    return build({
      year: +m[3]!,
      month: +m[1]!,
      day: +m[2]!,
      hour: m[4],
      minute: m[5],
      second: m[6],
      fraction: m[7],
      meridiem: m[8],
      zone: m[9],
    });
  }
  m = RFC1123.exec(s);
  if (m) {
    const month = MONTHS.indexOf(m[2]!.toLowerCase()) + 1;
    return month ? build({ year: +m[3]!, month, day: +m[1]!, hour: m[4], minute: m[5], second: m[6], zone: m[7] }) : null;
  }
  m = LONG.exec(s);
  if (m) {
    const month = MONTHS.indexOf(m[1]!.toLowerCase()) + 1;
    return month ? build({ year: +m[3]!, month, day: +m[2]!, hour: m[4], minute: m[5], second: m[6], meridiem: m[7] }) : null;
  }
  return null;
}

/** The current instant as a UTC timestamp. */
export function timestampOf(date: Date): Timestamp {
  return { ms: date.getTime(), ticks: 0, kind: 'utc' };
}

/** Adds an amount of milliseconds (possibly fractional) keeping 100 ns precision; null when out of .NET's range. */
export function addMilliseconds(ts: Timestamp, amount: number): Timestamp | null {
  const whole = Math.trunc(amount);
  let ticks = ts.ticks + Math.round((amount - whole) * 10_000);
  let ms = ts.ms + whole;
  const carry = Math.floor(ticks / 10_000);
  ms += carry;
  ticks -= carry * 10_000;
  const year = new Date(ms).getUTCFullYear();
  if (!Number.isFinite(ms) || year < 1 || year > 9999) return null;
  return { ms, ticks, kind: ts.kind };
}
