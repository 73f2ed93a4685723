#!/usr/bin/env node
// Screenshots of every shipped sample's HTML report in headless Chromium, at 1280×900 and 800×900 (the first
// screen a support engineer sees on a laptop and in a narrow window), to check that the root cause and the first
// fix step are visible without scrolling and that the timeline text stays readable.
//
//   npm run build && node scripts/screenshot-html.mjs [out-dir]      (default: a new folder under the temp dir)
//
// Besides the PNGs it prints, per shot, where the root-cause card starts and where its first fix step ends against
// the fold (measured in a copy of the page without its CSP, with a probe script: the report itself runs no script).
//
// Needs Debian's chromium (`apt-get install -y chromium`). The PNGs are for looking at; never commit them.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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

const chromiumArgs = (width, height) => [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--hide-scrollbars', `--user-data-dir=${profile}`, `--window-size=${width},${height}`,
];

const PROBE = `<script>
const box = (el) => el ? Math.round(el.getBoundingClientRect().top) : null;
const fix = document.querySelector('#root-cause ol.fix li');
document.body.setAttribute('data-probe', JSON.stringify({
  rootTop: box(document.getElementById('root-cause')),
  fixBottom: fix ? Math.round(fix.getBoundingClientRect().bottom) : null,
  viewport: window.innerHeight,
}));
</script>`;

/** Where the root-cause card and its first fix step are laid out at this window size. */
function measure(html, width, height) {
  const probe = html.replace(/\.html$/, '.probe.html');
  writeFileSync(probe, readFileSync(html, 'utf8').replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '').replace('</body>', `${PROBE}</body>`));
  const dom = execFileSync(CHROMIUM, [...chromiumArgs(width, height), '--dump-dom', pathToFileURL(probe).href], { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] });
  rmSync(probe);
  return JSON.parse((/data-probe="([^"]*)"/.exec(dom)?.[1] ?? '{}').replace(/&quot;/g, '"'));
}

const out = resolve(process.argv[2] ?? mkdtempSync(join(tmpdir(), 'logsift-shots-')));
mkdirSync(out, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'logsift-chromium-'));
const samples = readdirSync(join(root, 'samples')).filter((f) => f.endsWith('.expected.json')).map((f) => f.replace(/\.expected\.json$/, '')).sort();
try {
  for (const sample of samples) {
    const html = join(out, `${sample}.html`);
    execFileSync(process.execPath, [cli, join(root, 'samples', `${sample}.tgz`), '--format', 'html', '--output', html], { stdio: 'inherit' });
    for (const [width, height] of SIZES) {
      const png = join(out, `${sample}-${width}x${height}.png`);
      execFileSync(CHROMIUM, [...chromiumArgs(width, height), `--screenshot=${png}`, pathToFileURL(html).href], { stdio: 'ignore', timeout: 60_000 });
      const fold = measure(html, width, height);
      const verdict = fold.fixBottom === null ? 'no fix steps' : fold.fixBottom <= fold.viewport ? 'first fix step above the fold' : 'first fix step BELOW the fold';
      console.log(`${png}: root cause at ${fold.rootTop} px, first fix step ends at ${fold.fixBottom ?? '-'} px of ${fold.viewport} (${verdict})`);
    }
  }
} finally {
  rmSync(profile, { recursive: true, force: true });
}
