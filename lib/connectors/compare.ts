import 'server-only';
import { structuredPatch } from 'diff';
import { packageFiles } from './definition';

/*
 * A readable comparison of two definitions (a released version and the draft, or two versions):
 * the package files as they download, pretty-printed, compared line by line with a few lines of
 * context. Bounded: a comparison that would cost too much says so instead of stalling the request.
 */

type Definition = Parameters<typeof packageFiles>[0];

export interface FileDiff {
  name: string;
  hunks: { oldStart: number; oldLines: number; newStart: number; newLines: number; lines: string[] }[];
  /** The comparison was stopped at its limit: the files differ, but too much to show line by line. */
  tooLarge: boolean;
}

const pretty = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** The package files of `before` and `after` compared; files that are equal are left out. */
export function compareDefinitions(before: Definition, after: Definition): FileDiff[] {
  const a = packageFiles(before);
  const b = packageFiles(after);
  const pairs: [string, string, string][] = [
    ['apiDefinition.swagger.json', pretty(a['apiDefinition.swagger.json']), pretty(b['apiDefinition.swagger.json'])],
    ['apiProperties.json', pretty(a['apiProperties.json']), pretty(b['apiProperties.json'])],
    ['script.csx', a.script ?? '', b.script ?? ''],
  ];
  const out: FileDiff[] = [];
  for (const [name, left, right] of pairs) {
    if (left === right) continue;
    // maxEditLength bounds the Myers search (its cost grows with the number of edits): beyond it, say so.
    const patch = structuredPatch(name, name, left, right, '', '', { context: 3, maxEditLength: 20_000 });
    if (!patch) out.push({ name, hunks: [], tooLarge: true });
    else out.push({ name, hunks: patch.hunks, tooLarge: false });
  }
  const iconA = a.icon?.data.toString('base64') ?? '';
  const iconB = b.icon?.data.toString('base64') ?? '';
  if (iconA !== iconB) out.push({ name: 'icon', hunks: [], tooLarge: false });
  return out;
}
