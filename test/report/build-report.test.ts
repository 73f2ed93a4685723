import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildReport, renderJson, type ReportInput } from '../../src/report/index.js';
import { LOOP_ID, ROOT_ID, SHUTDOWN_ID, WATCH_ID, emptyInput, powerLossInput } from './fixtures.js';

function shuffled<T>(items: readonly T[], order: readonly number[]): T[] {
  return items
    .map((item, i) => ({ item, key: order[i % order.length] ?? 0, i }))
    .sort((a, b) => a.key - b.key || b.i - a.i)
    .map((x) => x.item);
}

function shuffleInput(input: ReportInput, order: readonly number[]): ReportInput {
  return {
    ...input,
    inputs: shuffled(input.inputs, order),
    files: shuffled(input.files, order),
    analysis: {
      ...input.analysis,
      incidents: shuffled(input.analysis.incidents, order).map((i) => ({
        ...i,
        evidence: shuffled(i.evidence, order),
        fields: Object.fromEntries(shuffled(Object.entries(i.fields), order).map(([k, v]) => [k, shuffled(v, order)])),
      })),
      context: shuffled(input.analysis.context, order),
    },
    activity: shuffled(input.activity, order),
    ...(input.incidentActivity ? { incidentActivity: { ...input.incidentActivity, buckets: shuffled(input.incidentActivity.buckets, order) } } : {}),
    hostCoverage: shuffled(input.hostCoverage, order).map((h) => ({ ...h, sources: shuffled(h.sources, order) })),
    assumptions: shuffled(input.assumptions, order),
    warnings: shuffled(input.warnings, order),
    signatures: shuffled(input.signatures ?? [], order),
  };
}

describe('buildReport', () => {
  it('orders incidents by severity, then first seen, then id', () => {
    const report = buildReport(powerLossInput());
    expect(report.incidents.map((i) => i.id)).toEqual([ROOT_ID, LOOP_ID, WATCH_ID, SHUTDOWN_ID]);
  });

  it('sorts files by path, hosts alphabetically and warnings by code', () => {
    const report = buildReport(powerLossInput());
    const paths = report.files.map((f) => f.path);
    expect(paths).toEqual([...paths].sort());
    expect(report.hosts).toEqual(['k3s-agent-01', 'k3s-node-03']);
    expect(report.warnings.map((w) => w.code)).toEqual(['format.unparsed-lines', 'ingest.skipped-binary']);
  });

  it('computes the time range and totals from the data, not from a clock', () => {
    const report = buildReport(powerLossInput());
    expect(report.timeRange).toEqual({ start: Date.parse('2025-03-14T06:00:00Z'), end: Date.parse('2025-03-14T14:30:00Z') });
    expect(report.coverage.totals).toEqual({ files: 4, lines: 878, parsed: 871, unparsed: 7, untimed: 4, skippedFiles: 1, errorFiles: 0 });
  });

  it('takes the span from the window activity was counted over, not from bucket starts floored to the minute', () => {
    const input = emptyInput();
    const start = Date.parse('2025-03-14T06:12:03.250Z');
    const end = Date.parse('2025-03-14T13:43:51.900Z');
    const report = buildReport({ ...input, files: [], hostCoverage: [], activityWindow: { start, end, bucketMs: 180_000 } });
    expect(report.timeRange).toEqual({ start, end });
    expect(report.activityWindow).toEqual({ start, end, bucketMs: 180_000 });
    // Without a window the buckets are taken as per-minute ones from the first to the last.
    const legacy = buildReport({ ...input, files: [], hostCoverage: [] });
    expect(legacy.activityWindow).toEqual({ start: Date.parse('2025-03-14T06:12:00Z'), end: Date.parse('2025-03-14T06:13:00Z'), bucketMs: 60_000 });
  });

  it('keeps the zoom around the incidents with its buckets sorted, and drops a window with no finite bounds', () => {
    const input = powerLossInput();
    const zoom = input.incidentActivity!;
    const report = buildReport({ ...input, incidentActivity: { ...zoom, buckets: [...zoom.buckets].reverse() } });
    expect(report.incidentActivity?.buckets).toEqual(buildReport(input).incidentActivity?.buckets);
    expect(buildReport({ ...input, incidentActivity: { ...zoom, start: Number.NaN } }).incidentActivity).toBeUndefined();
  });

  it('keeps only the signatures the incidents refer to', () => {
    const report = buildReport(powerLossInput());
    expect(report.signatures.map((s) => s.id)).toEqual([
      'apiserver-watch-connection-lost',
      'containerd-sandbox-recovery-failed',
      'node-unclean-shutdown',
      'service-restart-loop',
    ]);
  });

  it('gives byte-identical JSON for the same input in any array order', () => {
    const expected = renderJson(buildReport(powerLossInput()));
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 40 }), (order) => {
        expect(renderJson(buildReport(shuffleInput(powerLossInput(), order)))).toBe(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('drops a root cause that names an incident the report does not hold instead of throwing', () => {
    const input = powerLossInput();
    const report = buildReport({ ...input, analysis: { ...input.analysis, rootCause: { ...input.analysis.rootCause!, incident: 'gone@x#1' } } });
    expect(report.rootCause).toBeNull();
    expect(report.incidents).toHaveLength(4);
  });

  it('treats NaN timestamps as unknown rather than poisoning the time range', () => {
    const input = emptyInput();
    const report = buildReport({ ...input, files: [{ ...input.files[0], firstTimestamp: Number.NaN }] });
    expect(report.timeRange.start).toBe(Date.parse('2025-03-14T06:12:00Z'));
    expect(renderJson(report)).not.toContain('NaN');
  });

  it('records what it can from malformed input instead of throwing', () => {
    const input = powerLossInput();
    const broken = {
      ...input,
      analysis: {
        incidents: [{ ...input.analysis.incidents[0], fields: undefined, evidence: undefined, count: Number.NaN }],
        rootCause: { ...input.analysis.rootCause!, incident: input.analysis.incidents[0].id, chain: undefined },
        context: [],
      },
      hostCoverage: [{ host: 'h', lines: 1, unparsed: 0 }],
      warnings: [null],
    } as unknown as ReportInput;
    const report = buildReport(broken);
    expect(report.incidents[0]).toMatchObject({ count: 0, fields: {}, evidence: [] });
    expect(report.rootCause?.chain).toEqual([]);
    expect(report.coverage.hosts[0]).toMatchObject({ host: 'h', sources: [], gaps: [] });
    expect(report.warnings).toEqual([]);
    expect(() => renderJson(report)).not.toThrow();
  });

  it('builds an empty report from empty input', () => {
    const report = buildReport({ version: '0.1.0', inputs: [], files: [], analysis: { incidents: [], rootCause: null, context: [] }, activity: [], hostCoverage: [], assumptions: [], warnings: [] });
    expect(report.incidents).toEqual([]);
    expect(report.timeRange).toEqual({});
    expect(report.hosts).toEqual([]);
  });
});
