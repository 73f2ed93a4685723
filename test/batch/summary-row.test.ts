import { describe, expect, it } from 'vitest';
import { renderSummaryMarkdown } from '../../src/batch/render-summary.js';
import { parseSummary, serializeRow, summaryRow } from '../../src/batch/summary-row.js';

const done = summaryRow({
  bundle: 'in/k3s-power-loss.tgz', status: 'done', contentHash: 'sha256:ab', durationMs: 2300,
  rootCause: 'containerd-sandbox-recovery-failed', fingerprint: 'fp1:containerd-sandbox-recovery-failed:57641900e54d', severity: 'critical',
  incidents: 4, hosts: ['k3s-node-03'], span: { first: '2025-03-14T06:12:03.000Z', last: '2025-03-14T14:30:58.024Z' },
  reports: { json: 'k3s-power-loss.json', md: 'k3s-power-loss.md' },
});
const failed = summaryRow({ bundle: 'in/cut|pipe.tgz', status: 'failed', reason: 'gzip data ends at compressed byte 200', contentHash: 'sha256:cd', durationMs: 90, attempts: 3 });

describe('summary rows', () => {
  it('serialise with every key, in the contract order, absent values null', () => {
    expect(Object.keys(JSON.parse(serializeRow(failed)))).toEqual(['bundle', 'status', 'reason', 'rootCause', 'fingerprint', 'severity', 'incidents', 'hosts', 'span', 'durationMs', 'contentHash', 'reports', 'attempts']);
    expect(JSON.parse(serializeRow(failed))).toMatchObject({ rootCause: null, fingerprint: null, severity: null, span: { first: null, last: null }, reports: {} });
  });

  it('read back what was written, leaving out a line an interrupted run cut short', () => {
    const text = serializeRow(done) + serializeRow(failed) + serializeRow(done).slice(0, 40);
    expect(parseSummary(text)).toEqual([done, failed]);
  });
});

describe('summary.md', () => {
  const md = renderSummaryMarkdown([done, failed]);

  it('counts, tabulates one row per bundle with links to its reports, and lists the failed ones with their reason', () => {
    expect(md).toContain('2 bundles: 1 done (1 with incidents), 1 failed.');
    expect(md).toContain('| `in/k3s-power-loss.tgz` | done | `containerd-sandbox-recovery-failed` | critical | 4 | k3s-node-03 |');
    expect(md).toContain('[json](k3s-power-loss.json) [md](k3s-power-loss.md)');
    expect(md).toMatch(/## Dead letter\n\n- `in\/cut\|pipe\.tgz` \(3 tries\): gzip data ends at compressed byte 200/);
  });

  it('keeps a | in a bundle name inside its table cell', () => {
    const row = md.split('\n').find((l) => l.includes('cut'))!;
    expect(row).toContain('`in/cut\\|pipe.tgz`');
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(10);
  });
});
