// npm run solution-sample -- <folder> [--json report.json]
// Reads every .zip under <folder> (a copy of pnp/powerplatform-samples, for example) through the
// same reader the import wizard uses, and reports how many are solutions, how many read, each
// refusal with its reason, what they hold, and whether writing each one back and reading it again
// gives the same model. Then it times the largest solution and measures the memory it holds.
// Nothing is written anywhere but the optional JSON report.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { readSolution, SolutionFileError, toSolutionExport, writeSolution, type Solution } from '@/lib/solutions/format';

const args = process.argv.slice(2);
const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;
const root = args.find((a) => !a.startsWith('--') && a !== jsonOut);
if (!root) {
  console.error('usage: npm run solution-sample -- <folder with .zip files> [--json report.json]');
  process.exit(2);
}

function findZips(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) findZips(full, out);
    else if (name.toLowerCase().endsWith('.zip')) out.push(full);
  }
  return out;
}

/** Refusals that mean “this zip is not a solution”, as opposed to a solution that could not be read. */
const notSolution = new Set(['not-a-zip', 'not-a-solution', 'container', 'legacy-flow-package']);

interface Result {
  file: string;
  bytes: number;
  ms: number;
  solution?: Solution;
  reason?: string;
  message?: string;
  roundTrip?: 'same' | string;
}

const count = <T>(items: T[], key: (item: T) => string) => {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`);
};

/** Write the solution back and read it again: the modelled parts must come back unchanged. */
async function roundTrip(solution: Solution): Promise<'same' | string> {
  const before = toSolutionExport(solution);
  const after = toSolutionExport(await readSolution(await writeSolution(before), { fileName: 'round-trip.zip' }));
  for (const key of Object.keys(before) as (keyof typeof before)[]) {
    const a = key === 'flows' ? before.flows.map(({ fileName: _f, ...f }) => f) : before[key];
    const b = key === 'flows' ? after.flows.map(({ fileName: _f, ...f }) => f) : after[key];
    if (!isDeepStrictEqual(a, b)) return `differs in ${key}`;
  }
  return 'same';
}

const files = findZips(root).sort();
const results: Result[] = [];
for (const file of files) {
  const data = readFileSync(file);
  const started = performance.now();
  try {
    const solution = await readSolution(data, { fileName: path.basename(file) });
    const ms = performance.now() - started;
    results.push({ file: path.relative(root, file), bytes: data.length, ms, solution, roundTrip: await roundTrip(solution) });
  } catch (error) {
    const reason = error instanceof SolutionFileError ? error.reason : 'unexpected';
    results.push({
      file: path.relative(root, file),
      bytes: data.length,
      ms: performance.now() - started,
      reason,
      message: (error as Error).message,
    });
  }
}

const read = results.filter((r) => r.solution);
const solutions = results.filter((r) => r.solution || !notSolution.has(r.reason!));
const all = read.map((r) => r.solution!);
const flows = all.flatMap((s) => s.flows);
const slots = flows.flatMap((f) => Object.values(f.connectionReferences));
const sum = (n: (s: Solution) => number) => all.reduce((total, s) => total + n(s), 0);
const distinct = new Set(all.map((s) => `${s.identity.uniqueName}@${s.identity.version}`)).size;

console.log(
  `${results.length} zips under ${root}: ${solutions.length} solutions (${distinct} distinct), ${read.length} read without error.`,
);
console.log(
  `Refused: ${
    count(
      results.filter((r) => !r.solution),
      (r) => r.reason!,
    ).join(', ') || 'none'
  }.`,
);
for (const r of results.filter((r) => !r.solution)) console.log(`  ${r.reason} ${r.file}: ${r.message}`);
console.log(
  `Managed ${all.filter((s) => s.identity.managed).length}; package versions ${count(all, (s) => s.identity.packageVersion ?? 'none').join(', ')}; ` +
    `with missing dependencies ${all.filter((s) => s.missingDependencies.length > 0).length} (${sum((s) => s.missingDependencies.length)} in all).`,
);
console.log(
  `Cloud flows ${flows.length} in ${all.filter((s) => s.flows.length > 0).length} solutions (${flows.filter((f) => f.state === 'on').length} on); ` +
    `flow connection slots ${slots.length} (${slots.filter((s) => s.runtimeSource === 'invoker').length} invoker).`,
);
console.log(
  `Connection references ${sum((s) => s.connectionReferences.length)} in ${all.filter((s) => s.connectionReferences.length > 0).length} solutions; ` +
    `outside the solution ${sum((s) => s.externalConnectionReferences.length)}; legacy slots without one ${sum((s) => s.legacyConnections.length)}.`,
);
console.log(
  `Custom connectors ${sum((s) => s.connectors.length)} in ${all.filter((s) => s.connectors.length > 0).length} solutions ` +
    `(${all.flatMap((s) => s.connectors).filter((c) => c.script !== null).length} with a script).`,
);
const variables = all.flatMap((s) => s.environmentVariables);
console.log(
  `Environment variables ${variables.length} in ${all.filter((s) => s.environmentVariables.length > 0).length} solutions: ${count(variables, (v) => v.type).join(', ')}; ` +
    `with a default ${variables.filter((v) => v.defaultValue !== null).length}, with a value file ${variables.filter((v) => v.currentValue !== null).length}.`,
);
console.log(
  `Skipped components ${sum((s) => s.skipped.length)}: ${count(
    all.flatMap((s) => s.skipped),
    (c) => c.kind,
  ).join(', ')}.`,
);
const roundTrips = read.filter((r) => r.roundTrip === 'same').length;
console.log(`Write → read round trip gives the same model: ${roundTrips} of ${read.length}.`);
for (const r of read.filter((r) => r.roundTrip !== 'same')) console.log(`  ${r.file}: ${r.roundTrip}`);

/** Warm read time (median of 5) and what the read model holds in memory (heap and buffers). */
async function measure(label: string, result: Result) {
  const data = readFileSync(path.join(root!, result.file));
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    await readSolution(data, { fileName: result.file });
    times.push(performance.now() - started);
  }
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const before = process.memoryUsage();
  // Ten models held at once, so the figure per model stands above the collector's noise.
  const models = await Promise.all(Array.from({ length: 10 }, () => readSolution(data, { fileName: result.file })));
  gc?.();
  gc?.();
  const after = process.memoryUsage();
  const held = Math.max(0, (after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers) / models.length);
  const kept = models[0]!;
  const parts = kept.flows.length + kept.connectors.length + kept.environmentVariables.length + kept.connectionReferences.length;
  console.log(
    `${label}: ${result.file} (${(result.bytes / 1024 / 1024).toFixed(1)} MB, ${parts} modelled components, ${kept.skipped.length} skipped): ` +
      `first read ${result.ms.toFixed(0)} ms, warm median ${times.sort((a, b) => a - b)[2]!.toFixed(1)} ms; ` +
      `model holds ${(held / 1024).toFixed(0)} KB${gc ? '' : ' (run with NODE_OPTIONS=--expose-gc for a steadier figure)'}.`,
  );
}

const largest = [...read].sort((a, b) => b.bytes - a.bytes)[0];
if (largest) await measure('Largest zip', largest);
const weight = (s: Solution) => s.flows.length + s.connectors.length + s.environmentVariables.length + s.connectionReferences.length;
const richest = [...read].sort((a, b) => weight(b.solution!) - weight(a.solution!) || b.bytes - a.bytes)[0];
if (richest && richest !== largest) await measure('Most components', richest);
const slowest = [...read].sort((a, b) => b.ms - a.ms)[0];
if (slowest) console.log(`Slowest first read: ${slowest.file} in ${slowest.ms.toFixed(0)} ms (the first file also pays for warming up).`);
console.log(`Process peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB.`);

if (jsonOut) {
  writeFileSync(
    jsonOut,
    JSON.stringify(
      results.map(({ solution, ...r }) => ({
        ...r,
        uniqueName: solution?.identity.uniqueName,
        flows: solution?.flows.length,
        connectionReferences: solution?.connectionReferences.length,
        connectors: solution?.connectors.length,
        environmentVariables: solution?.environmentVariables.length,
        skipped: solution?.skipped.length,
      })),
      null,
      2,
    ),
  );
}
