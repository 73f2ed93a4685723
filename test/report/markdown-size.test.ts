import { describe, expect, it } from 'vitest';
import type { Incident } from '../../src/model/incident.js';
import { buildReport, renderMarkdown } from '../../src/report/index.js';
import type { ReportInput } from '../../src/report/report-input.js';
import { powerLossInput } from './fixtures.js';

const SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;
const start = Date.UTC(2025, 2, 14, 6);

/** A big bundle's analysis: hundreds of incidents with long evidence, thousands of files, many warnings. */
function largeInput(): ReportInput {
  const base = powerLossInput();
  const incidents: Incident[] = Array.from({ length: 400 }, (_, n) => ({
    id: `generated-${n}@node-${n % 30}#1`,
    signature: `generated-${n % 40}`,
    title: `generated failure number ${n} with a title long enough to look like a real one`,
    severity: SEVERITIES[n % 4]!,
    role: 'symptom',
    host: `node-${n % 30}`,
    firstSeen: start + n * 60_000,
    lastSeen: start + n * 60_000 + 3_600_000,
    count: 100 + n,
    fields: { pod: Array.from({ length: 20 }, (_, i) => `kube-system/pod-${n}-${i}-${'x'.repeat(30)}`), counter: Array.from({ length: 20 }, (_, i) => String(i + 1)) },
    fieldsOmitted: { pod: 40, counter: 43 },
    evidence: Array.from({ length: 6 }, (_, i) => ({
      file: `bundle.tgz:node-${n % 30}/var/log/pods/kube-system_pod-${n}/container/${i}.log`,
      line: 1000 + i,
      timestamp: start + n * 60_000 + i * 1000,
      text: `E0314 06:00:0${i}.000000 1 generated.go:42] "failure" err="${'long error text '.repeat(60)}" pod="kube-system/pod-${n}"`,
    })),
  }));
  const files = Array.from({ length: 3000 }, (_, i) => ({ ...base.files[0]!, path: `bundle.tgz:node-${i % 30}/var/log/pods/ns_pod-${i}/c/0.log`, host: `node-${i % 30}` }));
  return {
    ...base,
    files,
    analysis: {
      incidents: [...base.analysis.incidents, ...incidents],
      rootCause: base.analysis.rootCause,
      context: base.analysis.context,
      observations: Array.from({ length: 300 }, (_, i) => ({
        signature: `generated-${i % 40}`, title: `seen once ${i}`, severity: 'info' as const, signatureSeverity: 'error' as const, host: 'node-1',
        firstSeen: start, lastSeen: start, count: 1, threshold: { count: 5, withinMs: 600_000 },
        example: { file: 'bundle.tgz:node-1/syslog', line: i + 1, timestamp: start, text: 'x'.repeat(3000) },
      })),
    },
    unrecognised: Array.from({ length: 60 }, (_, i) => ({
      template: `unknown failure <*> in ${'module '.repeat(100)} ${i}`, count: 10, hosts: ['node-1'], components: ['kubelet'], firstSeen: start, lastSeen: start,
      example: { file: 'bundle.tgz:node-1/kubelet.log', line: i + 1, timestamp: start, text: 'y'.repeat(5000) },
    })),
    assumptions: Array.from({ length: 500 }, (_, i) => `node-${i}/syslog: the year (2025) was inferred from the bundle for 100 line(s) that print none.`),
    warnings: Array.from({ length: 800 }, (_, i) => ({ code: 'ingest.line-truncated', severity: 'warning' as const, title: `node-${i}/huge.log: 3 line(s) were cut`, where: { file: `bundle.tgz:node-${i}/huge.log` } })),
  };
}

describe('markdown that pastes into a ticket', () => {
  const report = buildReport(largeInput());

  it('keeps a large bundle\'s full report under 60 KB, counting what it leaves out', () => {
    const md = renderMarkdown(report);
    expect(Buffer.byteLength(md, 'utf8')).toBeLessThan(60 * 1024);
    expect(md).toMatch(/\d+ more incidents not listed here/);
    expect(md).toMatch(/\d+ more incidents are not detailed here/);
    expect(md).toMatch(/<details>\n<summary>Files \(3000\)<\/summary>/);
    // A section that does not fit is named, never silently dropped.
    expect(md).toMatch(/Left out to keep this report pasteable: .*Seen below threshold/);
    // The answer still comes first.
    expect(md.split('\n')[0]).toContain('containerd cannot recover sandbox state');
  });

  it('keeps --brief under 32 KB: summary, root cause and incident table only', () => {
    const md = renderMarkdown(report, { brief: true });
    expect(Buffer.byteLength(md, 'utf8')).toBeLessThan(32 * 1024);
    expect(md).toContain('## Incidents');
    expect(md).not.toContain('## Coverage');
    expect(md).not.toContain('## Other incidents');
  });

  it('has no table with an empty header row', () => {
    for (const md of [renderMarkdown(report), renderMarkdown(report, { brief: true })]) {
      const lines = md.split('\n');
      lines.forEach((line, i) => {
        if (/^\| *---/.test(line)) expect(lines[i - 1], `header above line ${i + 1}`).toMatch(/^\| *\S[^|]*\|.*\S/);
        if (/^\|( *\|)+ *$/.test(line)) throw new Error(`empty table row at line ${i + 1}`);
      });
      expect(md).not.toMatch(/\| Report \| {2}\|/);
    }
  });
});
