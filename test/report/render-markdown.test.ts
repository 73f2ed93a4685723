import { describe, expect, it } from 'vitest';
import { buildReport, renderMarkdown } from '../../src/report/index.js';
import { RUNBOOK, emptyReport, powerLossInput, powerLossReport, withRootEvidenceText } from './fixtures.js';

describe('renderMarkdown', () => {
  const md = renderMarkdown(powerLossReport());

  it('puts the root cause under a heading with evidence file:line, a fenced line, fix steps and the runbook link', () => {
    expect(md).toContain('## ROOT CAUSE: containerd cannot recover sandbox state after an unclean shutdown');
    expect(md).toContain('`k3s-node-03-support.tgz:journal/journalctl-short-iso.txt:72` · 2025-03-14T14:25:15.518Z');
    expect(md).toMatch(/```text\n2025-03-14T14:25:15\+0000 k3s-node-03 k3s\[809\]: time=.*not found"\n```/);
    expect(md).toContain('1. Upgrade to k3s v1.32.3+k3s1');
    expect(md).toContain(`**Runbook:** [${RUNBOOK}](${RUNBOOK})`);
  });

  it('has an incident table with one row per incident and the same number of cells in every row', () => {
    const rows = md.split('\n').filter((l) => l.startsWith('| **') && /\*\*(critical|error|warning|info)\*\*/.test(l));
    expect(rows).toHaveLength(4);
    const cells = (row: string) => row.replace(/\\\|/g, '').split('|').length;
    expect(new Set(rows.map(cells)).size).toBe(1);
  });

  it('escapes | in table cells so a pipe in a title cannot break the table', () => {
    const input = powerLossInput();
    const incidents = input.analysis.incidents.map((i, n) => (n === 0 ? { ...i, title: 'etcd | apiserver split' } : i));
    const out = renderMarkdown(buildReport({ ...input, analysis: { ...input.analysis, incidents } }));
    const row = out.split('\n').find((l) => l.includes('etcd'))!;
    expect(row).toContain('etcd \\| apiserver split');
    const header = out.split('\n').find((l) => l.startsWith('| Severity'))!;
    expect(row.replace(/\\\|/g, '').split('|').length).toBe(header.split('|').length);
  });

  it('fences evidence with a fence longer than any backtick run in the log line', () => {
    const out = renderMarkdown(withRootEvidenceText('msg="run ```rm -rf /``` now" <script>alert(1)</script>'));
    expect(out).toContain('````text\nmsg="run ```rm -rf /``` now" <script>alert(1)</script>\n````');
  });

  it('escapes HTML and markdown syntax in log-derived prose', () => {
    const input = powerLossInput();
    const files = input.files.map((f, n) => (n === 0 ? { ...f, reason: '<img src=x onerror=alert(1)> *bold*' , status: 'skipped' as const } : f));
    const out = renderMarkdown(buildReport({ ...input, files }));
    expect(out).toContain('&lt;img src=x onerror=alert(1)\\> \\*bold\\*');
    expect(out).not.toContain('<img');
  });

  it('says "No incidents found" with what was looked at', () => {
    const quiet = renderMarkdown(emptyReport());
    expect(quiet).toContain('## No incidents found.');
    expect(quiet).toContain('Looked at 1 file (43 lines) from 1 host (quiet-node)');
    expect(quiet).toContain('## Coverage');
    expect(quiet).not.toContain('## Incidents');
  });

  it('never lets terminal escapes through', () => {
    const out = renderMarkdown(withRootEvidenceText('\u001b[31mred\u001b[0m \u009b2J'));
    expect(out).not.toMatch(/[\u001b\u009b]/);
    expect(out).toContain('red 2J'.replace(' 2J', ''));
  });
});
