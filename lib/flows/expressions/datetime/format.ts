import type { Timestamp } from './timestamp';

/*
 * .NET date and time format strings, the ones Logic Apps' formatDateTime/utcNow/addDays take:
 * a one-character format is a standard format ('o', 'd', 'D', 'u', …), anything longer is a
 * custom pattern ('yyyy-MM-dd', 'dddd MMMM d', "HH:mm 'h'"). Standard formats follow en-US;
 * custom patterns take month and day names in any locale Intl knows.
 */

export class FormatError extends Error {}

const EN_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const EN_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

interface Names {
  days: string[];
  shortDays: string[];
  months: string[];
  shortMonths: string[];
  am: string;
  pm: string;
}

const ENGLISH: Names = {
  days: EN_DAYS,
  shortDays: EN_DAYS.map((d) => d.slice(0, 3)),
  months: EN_MONTHS,
  shortMonths: EN_MONTHS.map((m) => m.slice(0, 3)),
  am: 'AM',
  pm: 'PM',
};

/** Patterns of the en-US standard formats; the zone-bearing ones ('o', 'r', 's', 'u') are culture-invariant. */
const STANDARD: Record<string, string> = {
  d: 'M/d/yyyy',
  D: 'dddd, MMMM d, yyyy',
  f: 'dddd, MMMM d, yyyy h:mm tt',
  F: 'dddd, MMMM d, yyyy h:mm:ss tt',
  g: 'M/d/yyyy h:mm tt',
  G: 'M/d/yyyy h:mm:ss tt',
  m: 'MMMM d',
  M: 'MMMM d',
  o: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  O: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  r: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  R: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  s: "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
  t: 'h:mm tt',
  T: 'h:mm:ss tt',
  u: "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
  U: 'dddd, MMMM d, yyyy h:mm:ss tt',
  y: 'MMMM yyyy',
  Y: 'MMMM yyyy',
};
const INVARIANT_STANDARD = new Set(['o', 'O', 'r', 'R', 's', 'u']);

/** Whether Intl knows a locale tag (a malformed tag is not an error, just unknown). */
export function isKnownLocale(locale: string): boolean {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf(locale).length > 0;
  } catch {
    return false;
  }
}

function namesFor(locale: string): Names {
  if (/^en(-|$)/i.test(locale) || locale === '') return ENGLISH;
  if (!isKnownLocale(locale)) throw new FormatError(`The locale '${locale}' isn't valid.`);
  const name = (options: Intl.DateTimeFormatOptions, date: Date) =>
    new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(date);
  const day = (i: number) => new Date(Date.UTC(2017, 0, 1 + i)); // 2017-01-01 was a Sunday
  const month = (i: number) => new Date(Date.UTC(2017, i, 15));
  const period = (hour: number) =>
    new Intl.DateTimeFormat(locale, { hour: 'numeric', hour12: true, timeZone: 'UTC' })
      .formatToParts(new Date(Date.UTC(2017, 0, 1, hour)))
      .find((p) => p.type === 'dayPeriod')?.value ?? (hour < 12 ? 'AM' : 'PM');
  const seven = [0, 1, 2, 3, 4, 5, 6];
  const twelve = [...seven, 7, 8, 9, 10, 11];
  return {
    days: seven.map((i) => name({ weekday: 'long' }, day(i))),
    shortDays: seven.map((i) => name({ weekday: 'short' }, day(i))),
    months: twelve.map((i) => name({ month: 'long' }, month(i))),
    shortMonths: twelve.map((i) => name({ month: 'short' }, month(i))),
    am: period(9),
    pm: period(21),
  };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Formats a timestamp with a .NET format string; throws FormatError for an invalid format or locale. */
export function formatTimestamp(ts: Timestamp, format = 'o', locale = 'en-US'): string {
  let pattern = format;
  if (format.length === 1) {
    const standard = STANDARD[format];
    if (!standard) throw new FormatError(`'${format}' is not a valid date and time format.`);
    if (!INVARIANT_STANDARD.has(format) && namesFor(locale) !== ENGLISH) {
      throw new FormatError(
        `The standard format '${format}' is only available in English; use a custom pattern such as 'dd/MM/yyyy' with the locale '${locale}'.`,
      );
    }
    pattern = standard;
  }
  const names = INVARIANT_STANDARD.has(format) ? ENGLISH : namesFor(locale);
  return formatCustom(ts, pattern, names);
}

function formatCustom(ts: Timestamp, pattern: string, names: Names): string {
  const d = new Date(ts.ms);
  const year = d.getUTCFullYear();
  const hour = d.getUTCHours();
  const fraction = `${pad(d.getUTCMilliseconds(), 3)}${pad(ts.ticks, 4)}`;
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    let count = 1;
    while (pattern[i + count] === c && /[a-zA-Z]/.test(c)) count++;
    if (c === "'" || c === '"') {
      const close = pattern.indexOf(c, i + 1);
      if (close < 0) throw new FormatError(`The format '${pattern}' has an unclosed quote.`);
      out += pattern.slice(i + 1, close);
      i = close + 1;
      continue;
    }
    if (c === '\\' || c === '%') {
      if (i + 1 >= pattern.length) throw new FormatError(`The format '${pattern}' ends with '${c}'.`);
      if (c === '\\') {
        out += pattern[i + 1];
        i += 2;
      } else {
        i += 1; // '%d' is the custom 'd', not the standard short date
      }
      continue;
    }
    i += count;
    switch (c) {
      case 'd':
        out +=
          count === 1 ? d.getUTCDate() : count === 2 ? pad(d.getUTCDate(), 2) : (count === 3 ? names.shortDays : names.days)[d.getUTCDay()];
        break;
      case 'f':
      case 'F': {
        if (count > 7) throw new FormatError(`The format '${pattern}' asks for more than 7 fractional digits.`);
        let digits = fraction.slice(0, count);
        if (c === 'F') {
          digits = digits.replace(/0+$/, '');
          if (!digits && out.endsWith('.')) out = out.slice(0, -1);
        }
        out += digits;
        break;
      }
      case 'g':
        out += 'A.D.';
        break;
      case 'h':
        out += count === 1 ? hour % 12 || 12 : pad(hour % 12 || 12, 2);
        break;
      case 'H':
        out += count === 1 ? hour : pad(hour, 2);
        break;
      case 'K':
        out += ts.kind === 'utc' ? 'Z'.repeat(count) : '';
        break;
      case 'm':
        out += count === 1 ? d.getUTCMinutes() : pad(d.getUTCMinutes(), 2);
        break;
      case 'M':
        out +=
          count === 1
            ? d.getUTCMonth() + 1
            : count === 2
              ? pad(d.getUTCMonth() + 1, 2)
              : (count === 3 ? names.shortMonths : names.months)[d.getUTCMonth()];
        break;
      case 's':
        out += count === 1 ? d.getUTCSeconds() : pad(d.getUTCSeconds(), 2);
        break;
      case 't': {
        const designator = hour < 12 ? names.am : names.pm;
        out += count === 1 ? designator.slice(0, 1) : designator;
        break;
      }
      case 'y':
        out += count === 1 ? year % 100 : count === 2 ? pad(year % 100, 2) : pad(year, count);
        break;
      case 'z':
        // Timestamps here are UTC or unspecified; .NET prints the server's offset for the latter, UTC in Logic Apps.
        out += count === 1 ? '+0' : count === 2 ? '+00' : '+00:00';
        break;
      default:
        out += c.repeat(count);
    }
  }
  return out;
}
