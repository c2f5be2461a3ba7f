// npm run import-sample -- <folder> [--limit N] [--json out.json]
// Imports every Power Platform connector package found under <folder> (a checkout of
// microsoft/PowerPlatformConnectors, for example) the way the New custom connector page does, both
// as chosen files and as a zip, and reports how many import, the warnings, each refusal with its
// reason, and the slowest imports. Nothing is written to any database.
import { readdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { readConnectorUpload } from '@/lib/connectors/definition';
import { buildPackage, zipEntries } from '@/lib/connectors/package';

const args = process.argv.slice(2);
const root = args.find((a) => !a.startsWith('--'));
if (!root) {
  console.error('usage: npm run import-sample -- <folder with connector packages> [--limit N] [--json report.json]');
  process.exit(2);
}
const limit = Number(args[args.indexOf('--limit') + 1]) || Infinity;
const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;

function findPackages(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) findPackages(full, out);
    else if (name === 'apiDefinition.swagger.json') out.push(dir);
  }
  return out;
}

const packages = findPackages(root).sort().slice(0, limit);
const results: {
  package: string;
  ok: boolean;
  ms: number;
  bytes: number;
  operations?: number;
  hash?: string;
  warnings?: number;
  firstWarning?: string;
  reason?: string;
}[] = [];
for (const dir of packages) {
  const files = ['apiDefinition.swagger.json', 'apiProperties.json', 'icon.png', 'script.csx']
    .filter((n) => existsSync(path.join(dir, n)))
    .map((n) => ({ name: n, data: readFileSync(path.join(dir, n)) }));
  const bytes = files.reduce((n, f) => n + f.data.length, 0);
  const started = performance.now();
  try {
    const definition = await readConnectorUpload({ files });
    const ms = performance.now() - started;
    // The zip route must give the same connector.
    const again = await readConnectorUpload({
      files: [
        {
          name: `${path.basename(dir)}.zip`,
          data: await zipEntries(files.map((f) => ({ name: `${path.basename(dir)}/${f.name}`, data: f.data }))),
        },
      ],
    });
    if (again.hash !== definition.hash) throw new Error('zip import differs from file import');
    // Download, then import the download: the same connector comes back.
    const roundTrip = await readConnectorUpload({
      files: [{ name: 'download.zip', data: await buildPackage(definition.name, definition) }],
    });
    if (roundTrip.hash !== definition.hash) throw new Error('download → import round trip changed the connector');
    results.push({
      package: path.relative(root, dir),
      ok: true,
      ms,
      bytes,
      operations: definition.operations.length,
      hash: definition.hash,
      warnings: definition.warnings.length,
      firstWarning: definition.warnings[0] ? `${definition.warnings[0].location}: ${definition.warnings[0].message}` : undefined,
    });
  } catch (error) {
    results.push({
      package: path.relative(root, dir),
      ok: false,
      ms: performance.now() - started,
      bytes,
      reason: (error as Error).message.split('\n')[0],
    });
  }
}

const ok = results.filter((r) => r.ok);
const failed = results.filter((r) => !r.ok);
const withWarnings = ok.filter((r) => (r.warnings ?? 0) > 0);
const largest = [...results].sort((a, b) => b.bytes - a.bytes)[0];
const slowest = [...ok].sort((a, b) => b.ms - a.ms).slice(0, 5);
console.log(`${results.length} packages: ${ok.length} imported (${withWarnings.length} with warnings), ${failed.length} refused.`);
console.log(`Operations imported: ${ok.reduce((n, r) => n + (r.operations ?? 0), 0)}.`);
if (largest) console.log(`Largest: ${largest.package} (${(largest.bytes / 1024).toFixed(0)} KB) in ${largest.ms.toFixed(0)} ms.`);
console.log('Slowest:', slowest.map((r) => `${r.package} ${r.ms.toFixed(0)} ms`).join('; '));
for (const r of failed) console.log(`REFUSED ${r.package}: ${r.reason}`);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(results, null, 2));
