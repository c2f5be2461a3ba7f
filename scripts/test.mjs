// npm test — the whole suite: Vitest (unit + integration; PostgreSQL when TEST_DATABASE_URL is set,
// else PGlite), then Playwright against a production build. Ends with one line "N passed, N failed".
//   --unit-only   Vitest only (CI's second pass on PostgreSQL)
//   --e2e-only    build + Playwright only
// With CI=true a skipped test fails the run: nothing may be silently left out.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { ensureBrowser } from './ensure-browser.mjs';

const args = new Set(process.argv.slice(2));
const runUnit = !args.has('--e2e-only');
const runE2e = !args.has('--unit-only');
const totals = { passed: 0, failed: 0, skipped: 0 };
let ok = true;

function run(command, commandArgs, env = {}) {
  const result = spawnSync(command, commandArgs, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

mkdirSync('test-results', { recursive: true });

if (runUnit) {
  rmSync('test-results/vitest.json', { force: true });
  const passed = run(process.execPath, [
    'node_modules/vitest/vitest.mjs',
    'run',
    '--reporter=default',
    '--reporter=json',
    '--outputFile.json=test-results/vitest.json',
  ]);
  ok &&= passed;
  if (existsSync('test-results/vitest.json')) {
    const report = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'));
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests;
    totals.skipped += report.numPendingTests + report.numTodoTests;
    if (!passed && report.numFailedTests === 0) totals.failed += 1; // a file that failed to load
  } else if (!passed) totals.failed += 1;
}

if (runE2e && ok) {
  const browser = ensureBrowser();
  console.log(`End-to-end tests use ${browser}`);
  const built = run(process.execPath, ['node_modules/next/dist/bin/next', 'build'], { NEXT_DIST_DIR: '.next-e2e', NODE_ENV: 'production' });
  if (!built) {
    ok = false;
    totals.failed += 1;
  } else {
    rmSync('test-results/e2e.json', { force: true });
    const passed = run(process.execPath, ['node_modules/@playwright/test/cli.js', 'test'], { MAKERPORT_CHROMIUM: browser });
    ok &&= passed;
    if (existsSync('test-results/e2e.json')) {
      const stats = JSON.parse(readFileSync('test-results/e2e.json', 'utf8')).stats;
      totals.passed += stats.expected + stats.flaky;
      totals.failed += stats.unexpected;
      totals.skipped += stats.skipped;
      if (!passed && stats.unexpected === 0) totals.failed += 1;
    } else if (!passed) totals.failed += 1;
  }
}

if (process.env.CI && totals.skipped > 0) {
  console.error(`${totals.skipped} test(s) were skipped: CI refuses skipped tests.`);
  ok = false;
}
if (totals.passed === 0 && ok) {
  console.error('No test ran.');
  ok = false;
}
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(ok ? 0 : 1);
