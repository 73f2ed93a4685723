import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

interface Expected {
  readonly rootCause: string | null;
}

interface JsonReport {
  readonly rootCause: { readonly signature: string } | null;
  readonly incidents: readonly { readonly id: string; readonly title: string }[];
  readonly signatures: readonly { readonly id: string; readonly title: string; readonly remediation: readonly string[] }[];
  readonly versionChecks: readonly { readonly product: string; readonly version: string; readonly verdict: string; readonly fixedIn: string | null }[];
}

const SAMPLES = readdirSync('samples').filter((f) => f.endsWith('.tgz')).map((f) => f.replace(/\.tgz$/, ''));

/** The first words of a fix step as every format prints them (markdown escapes and inline code marks aside). */
function stepStart(step: string): string {
  return step.replace(/`/g, '').slice(0, 30);
}

/** Text a reader sees in markdown: backslash escapes and inline code marks dropped. */
function unmark(md: string): string {
  return md.replace(/\\(.)/g, '$1').replace(/`/g, '');
}

async function render(sample: string, ...args: string[]): Promise<string> {
  const result = await runCli([`samples/${sample}.tgz`, '-j', '0', '-q', ...args]);
  expect(result.status, `${sample} ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

describe('the answer on the first screen, for every sample', () => {
  for (const sample of SAMPLES) {
    it(`${sample}: every format opens with what happened and the first fix step`, async () => {
      const expected = JSON.parse(readFileSync(`samples/${sample}.expected.json`, 'utf8')) as Expected;
      const json = JSON.parse(await render(sample, '--format', 'json')) as JsonReport;
      const firstScreens = {
        text: (await render(sample, '--format', 'text')).split('\n').slice(0, 15).join('\n'),
        md: unmark((await render(sample, '--format', 'md')).split('\n').slice(0, 15).join('\n')),
        brief: unmark((await render(sample, '--format', 'md', '--brief')).split('\n').slice(0, 15).join('\n')),
        terminal: (await render(sample, '--format', 'terminal')).split('\n').slice(0, 15).join('\n').replace(/[│╭╮╰╯─]/g, ' ').replace(/\s+/g, ' '),
      };
      const html = await render(sample, '--format', 'html');
      // The summary block is the first thing in the page body.
      expect(html).toMatch(/<body>\s*<section id="summary"/);

      if (expected.rootCause === null) {
        expect(json.rootCause).toBeNull();
        for (const [format, screen] of Object.entries(firstScreens)) {
          expect(screen, format).toMatch(json.incidents.length === 0 ? /No incidents found/ : /No root cause/);
        }
        return;
      }
      expect(json.rootCause?.signature).toBe(expected.rootCause);
      const signature = json.signatures.find((s) => s.id === expected.rootCause)!;
      const collapse = (text: string) => text.replace(/\s+/g, ' ');
      for (const [format, screen] of Object.entries(firstScreens)) {
        expect(collapse(screen), `${format}: root cause signature`).toContain(signature.id);
        expect(collapse(screen), `${format}: root cause title`).toContain(signature.title);
        expect(collapse(screen).replace(/`/g, ''), `${format}: first fix step`).toContain(stepStart(signature.remediation[0]!));
      }
      const summaryBlock = html.slice(html.indexOf('<section id="summary"'), html.indexOf('</section>'));
      expect(summaryBlock).toContain(signature.id);
      // Where the bundle names a version the signature speaks about, the verdict is on the first screen.
      for (const check of json.versionChecks) {
        const verdict = `${check.product} ${check.version}: ${check.verdict === 'affected' ? 'affected' : check.verdict === 'fixed' ? 'includes the fix' : 'not in the declared affected range'}`;
        expect(collapse(firstScreens.text), 'text verdict').toContain(verdict);
        expect(collapse(firstScreens.md), 'md verdict').toContain(verdict);
        expect(summaryBlock).toContain(verdict);
      }
    }, 240_000);
  }

  it('k3s-power-loss: the versions the bundle names are checked against the signature', async () => {
    const text = (await render('k3s-power-loss', '--format', 'text')).split('\n').slice(0, 15).join('\n').replace(/\s+/g, ' ');
    expect(text).toContain('k3s v1.32.1+k3s1: affected; fixed in v1.32.3+k3s1');
    expect(text).toContain('containerd v2.0.2-k3s2: affected; fixed in 2.0.4');
  }, 120_000);

  it('microk8s-power-loss: times are the host\'s own (CEST) with UTC beside them, or UTC on request', async () => {
    const local = (await render('microk8s-power-loss', '--format', 'text')).split('\n').slice(0, 15).join('\n');
    expect(local).toMatch(/when\s+2025-06-02 09:02:37\.\d{3} CEST \(07:02:37Z\)/);
    const utc = (await render('microk8s-power-loss', '--format', 'text', '--tz-display', 'utc')).split('\n').slice(0, 15).join('\n');
    expect(utc).toMatch(/when\s+2025-06-02T07:02:37\.\d{3}Z/);
    const named = (await render('microk8s-power-loss', '--format', 'text', '--tz-display', 'America/New_York')).split('\n').slice(0, 15).join('\n');
    expect(named).toMatch(/when\s+2025-06-02 03:02:37\.\d{3} -04:00 \(07:02:37Z\)/);
  }, 120_000);

  it('rejects a --tz-display that is no zone, and --brief outside markdown, in one line', async () => {
    const result = await runCli(['samples/healthy-node.tgz', '--tz-display', 'Mars/Olympus']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--tz-display "Mars/Olympus"');
    const brief = await runCli(['samples/healthy-node.tgz', '--format', 'html', '--brief']);
    expect(brief.status).toBe(2);
    expect(brief.stderr.trim().split('\n')).toHaveLength(1);
    expect(brief.stderr).toContain('--brief');
  });

  it('the root cause evidence is one line with how often it repeated, and the HTML shows it once', async () => {
    const text = await render('k3s-power-loss', '--format', 'text');
    expect(text).toMatch(/containerd\.log:\d+ {2}×64 between 2025-03-14T14:25:15\.518Z and 2025-03-14T14:30:58\.018Z/);
    const html = await render('k3s-power-loss', '--format', 'html');
    expect(html.match(/level=fatal msg=&quot;Failed to run CRI service&quot;/g)).toHaveLength(1);
    // The why does not repeat the title the heading shows.
    const json = JSON.parse(await render('k3s-power-loss', '--format', 'json')) as JsonReport & { rootCause: { explanation: string } };
    expect(json.rootCause.explanation).not.toContain('containerd cannot recover sandbox state after an unclean shutdown');
  }, 120_000);
});
