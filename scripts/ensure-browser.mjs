// Finds a Chromium for the end-to-end tests: Playwright's own if installed, else /usr/bin/chromium;
// if neither and we are root on Debian/Ubuntu, installs Debian's chromium. Prints the path.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

export function findBrowser() {
  if (process.env.MAKERPORT_CHROMIUM && existsSync(process.env.MAKERPORT_CHROMIUM)) return process.env.MAKERPORT_CHROMIUM;
  try {
    const own = chromium.executablePath();
    if (own && existsSync(own)) return own;
  } catch {
    // Playwright's browser is not installed: fall through.
  }
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) if (existsSync(candidate)) return candidate;
  return null;
}

export function ensureBrowser() {
  const found = findBrowser();
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log('No Chromium found: installing Debian’s chromium with apt-get (about a minute)…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
    const installed = findBrowser();
    if (installed) return installed;
  }
  console.error(
    'No Chromium for the end-to-end tests: install Chromium (Debian/Ubuntu: sudo apt-get install chromium) or run `npx playwright install chromium`, then run npm test again.',
  );
  process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(ensureBrowser());
