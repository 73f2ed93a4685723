#!/usr/bin/env node
// Screenshots of every shipped sample's HTML report in headless Chromium, at 1280×900 and 800×900 (the first
// screen a support engineer sees on a laptop and in a narrow window), to check that the root cause and the first
// fix step are visible without scrolling and that the timeline text stays readable.
//
//   npm run build && node scripts/screenshot-html.mjs [out-dir]      (default: a new folder under the temp dir)
//
// Needs Debian's chromium (`apt-get install -y chromium`). The PNGs are for looking at; never commit them.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const SIZES = [[1280, 900], [800, 900]];
const root = resolve(new URL('..', import.meta.url).pathname);
const cli = join(root, 'dist/cli/main.js');

if (!existsSync(CHROMIUM)) {
  console.error(`screenshot-html: ${CHROMIUM} not found; install it with apt-get install -y chromium (or set CHROMIUM)`);
  process.exit(2);
}
if (!existsSync(cli)) {
  console.error('screenshot-html: dist/cli/main.js not found; run npm run build first');
  process.exit(2);
}

const out = resolve(process.argv[2] ?? mkdtempSync(join(tmpdir(), 'logsift-shots-')));
mkdirSync(out, { recursive: true });
const samples = readdirSync(join(root, 'samples')).filter((f) => f.endsWith('.expected.json')).map((f) => f.replace(/\.expected\.json$/, '')).sort();
const profile = mkdtempSync(join(tmpdir(), 'logsift-chromium-'));
try {
  for (const sample of samples) {
    const html = join(out, `${sample}.html`);
    execFileSync(process.execPath, [cli, join(root, 'samples', `${sample}.tgz`), '--format', 'html', '--output', html], { stdio: 'inherit' });
    for (const [width, height] of SIZES) {
      const png = join(out, `${sample}-${width}x${height}.png`);
      execFileSync(CHROMIUM, [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', '--hide-scrollbars', `--user-data-dir=${profile}`, `--window-size=${width},${height}`,
        `--screenshot=${png}`, pathToFileURL(html).href,
      ], { stdio: 'ignore', timeout: 60_000 });
      console.log(png);
    }
  }
} finally {
  rmSync(profile, { recursive: true, force: true });
}
