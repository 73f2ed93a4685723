import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildReport, renderHtml } from '../../src/report/index.js';
import { RUNBOOK, emptyReport, powerLossInput, powerLossReport, withRootEvidenceText } from './fixtures.js';

const CHROMIUM = '/usr/bin/chromium';

describe('renderHtml', () => {
  const html = renderHtml(powerLossReport());

  it('is one self-contained page: inline CSS, no scripts, no external resources, a CSP that forbids fetching', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/<script|<link|@import|url\(http|src="http/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });

  it('draws an SVG timeline with one lane per host, incident bars, the root cause outlined and boot markers', () => {
    const svg = html.slice(html.indexOf('<svg'), html.indexOf('</svg>'));
    expect(svg.match(/<g class="lane" data-host="[^"]+">/g)).toEqual(['<g class="lane" data-host="k3s-agent-01">', '<g class="lane" data-host="k3s-node-03">']);
    expect(svg.match(/class="incident-bar/g)).toHaveLength(4);
    expect(svg).toMatch(/class="incident-bar root-cause" data-incident="containerd-sandbox-recovery-failed@k3s-node-03#1" data-severity="critical"/);
    expect(svg).toContain('class="marker marker-unclean-shutdown"');
    expect(svg).toContain('class="marker marker-boot"');
    expect(svg).toContain('class="activity-bar"');
    expect(svg).toContain('class="gap"');
  });

  it('adds a zoomed timeline around the incidents when they are short against the whole span', () => {
    expect(html.match(/<svg class="timeline"/g)).toHaveLength(2);
    expect(html).toContain('Around the incidents: 2025-03-14T13:33:23.250Z → 2025-03-14T14:30:00.000Z');
  });

  it('leads with the answer: root cause (with its fix before the details), chain, incidents, then the pictures, coverage and warnings', () => {
    // The summary block (what, where, when, versions, the first fix steps) opens the page; the full card follows.
    const root = html.indexOf('id="root-cause"');
    const ids = ['id="summary"', 'class="fix"', 'id="root-cause"', '<h3>Evidence</h3>', 'id="chain"', 'id="incidents"', 'id="timeline"', 'id="coverage"', 'id="warnings"'].map((id) => html.indexOf(id));
    expect(ids.every((p) => p > 0)).toBe(true);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(html.indexOf('class="fix"', root)).toBeLessThan(html.indexOf('<h3>Evidence</h3>'));
    expect(html).toContain('k3s-node-03-support.tgz:journal/journalctl-short-iso.txt:72 · 2025-03-14T14:25:15.518Z');
    expect(html).toContain(`<a href="${RUNBOOK}" rel="noreferrer noopener">${RUNBOOK}</a>`);
    expect(html).toContain('Until then: <code>systemctl stop k3s</code>');
  });

  it('escapes <script> and quotes in log text so a log line cannot inject markup', () => {
    const out = renderHtml(withRootEvidenceText('msg="</pre><script>alert(\'x\')</script>" \u001b[31m'));
    expect(out).not.toContain('<script>');
    expect(out).toContain('msg=&quot;&lt;/pre&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot; ');
    expect(out).not.toContain('\u001b');
  });

  it('never turns a javascript: runbook into a link', () => {
    const input = powerLossInput();
    const incidents = input.analysis.incidents.map((i) => ({ ...i, runbook: 'javascript:alert(1)' }));
    const out = renderHtml(buildReport({ ...input, analysis: { ...input.analysis, incidents } }));
    expect(out).not.toContain('href="javascript:');
  });

  it('says "No incidents found" with what was looked at', () => {
    const quiet = renderHtml(emptyReport());
    expect(quiet).toContain('<h2>No incidents found.</h2>');
    expect(quiet).toContain('Looked at 1 file (43 lines) from 1 host (quiet-node)');
    expect(quiet).toContain('<g class="lane" data-host="quiet-node">');
  });

  const haveChromium = existsSync(CHROMIUM);
  if (!haveChromium) console.warn(`skipping the headless browser check: ${CHROMIUM} not found (apt-get install chromium)`);
  it.skipIf(!haveChromium)('renders in headless Chromium with lanes, bars and incident sections in the DOM', () => {
    const dir = mkdtempSync(join(tmpdir(), 'logsift-html-'));
    try {
      const page = join(dir, 'report.html');
      const png = join(dir, 'report.png');
      writeFileSync(page, html);
      const args = [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', `--user-data-dir=${join(dir, 'profile')}`, '--window-size=1200,1600',
      ];
      const url = pathToFileURL(page).href;
      execFileSync(CHROMIUM, [...args, `--screenshot=${png}`, url], { stdio: 'ignore', timeout: 60_000 });
      const dom = execFileSync(CHROMIUM, [...args, '--dump-dom', url], { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] });
      expect(dom).toMatch(/<svg[^>]*class="timeline"/);
      expect(dom.match(/class="lane"/g)?.length).toBe(4);
      expect(dom.match(/class="incident-bar/g)?.length).toBeGreaterThanOrEqual(4);
      expect(dom).toContain('id="root-cause"');
      expect(dom).toContain('containerd cannot recover sandbox state after an unclean shutdown');
      // The root cause incident is shown once, in the root cause section, not again among the incidents.
      expect(dom.match(/<article class="incident/g)).toHaveLength(3);
      // A blank 1200×1600 page compresses to a few KB; text, SVG bars and coloured boxes make it far larger.
      expect(statSync(png).size).toBeGreaterThan(60_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  /**
   * Layout as a browser lays it out: the page itself runs no script (its CSP forbids one), so a copy without the CSP
   * meta gets a probe that writes the measured boxes into the DOM, and --dump-dom reads them back.
   */
  function measure(page: string, width: number, height: number): { rootTop: number; fixBottom: number; viewport: number; timelineFontPx: number } {
    const dir = mkdtempSync(join(tmpdir(), 'logsift-fold-'));
    try {
      const probe = `<script>
const box = (el) => el.getBoundingClientRect();
const svg = document.querySelector('svg.timeline');
const scale = box(svg).width / svg.viewBox.baseVal.width;
document.body.setAttribute('data-probe', JSON.stringify({
  rootTop: box(document.getElementById('summary')).top,
  fixBottom: box(document.querySelector('#summary ol.fix li')).bottom,
  viewport: window.innerHeight,
  timelineFontPx: scale * Number(document.querySelector('svg.timeline .tick-label').getAttribute('font-size')),
}));
</script>`;
      const file = join(dir, 'probe.html');
      writeFileSync(file, page.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '').replace('</body>', `${probe}</body>`));
      const dom = execFileSync(CHROMIUM, [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--no-first-run', '--hide-scrollbars', `--user-data-dir=${join(dir, 'profile')}`, `--window-size=${width},${height}`, '--dump-dom', pathToFileURL(file).href,
      ], { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] });
      const json = /data-probe="([^"]*)"/.exec(dom)?.[1];
      if (json === undefined) throw new Error('the probe did not run');
      return JSON.parse(json.replace(/&quot;/g, '"'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it.skipIf(!haveChromium)('shows the answer — root cause and its first fix step, in the summary — without scrolling at 1280×900, and keeps timeline text at 11 px or more at 800 wide', () => {
    const wide = measure(html, 1280, 900);
    expect(wide.rootTop).toBeGreaterThan(0);
    expect(wide.fixBottom).toBeLessThanOrEqual(wide.viewport);
    const narrow = measure(html, 800, 900);
    expect(narrow.fixBottom).toBeLessThanOrEqual(narrow.viewport);
    expect(narrow.timelineFontPx).toBeGreaterThanOrEqual(10.9);
  }, 120_000);
});
