import { describe, expect, it } from 'vitest';
import { createRedactor, redactReport } from '../../../src/report/redact/index.js';
import { renderHtml, renderJson, renderMarkdown, renderText } from '../../../src/report/index.js';
import { powerLossReport, withObservationAndUnrecognised } from '../fixtures.js';

/** The value with every string emptied: what must not change when only strings are redacted. */
function shape(value: unknown): unknown {
  if (typeof value === 'string') return '';
  if (Array.isArray(value)) return value.map(shape);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)]));
  return value;
}

describe('redactReport', () => {
  it('replaces the host everywhere it appears, in every renderer, without touching the original report', () => {
    const report = powerLossReport();
    const before = JSON.stringify(report);
    const redacted = redactReport(report, createRedactor());
    expect(JSON.stringify(report)).toBe(before);
    expect(report.hosts.length).toBeGreaterThan(0);
    for (const output of [renderJson(redacted), renderMarkdown(redacted), renderHtml(redacted), renderText(redacted, { width: 100 })]) {
      for (const host of report.hosts) expect(output).not.toContain(host);
      expect(output).toContain('host-1');
    }
    // Bundle hosts are numbered in alphabetical order, before anything else is read.
    expect(redacted.hosts).toEqual(report.hosts.map((_, n) => `host-${n + 1}`));
    expect(redacted.activity.every((a) => redacted.hosts.includes(a.host))).toBe(true);
    expect(redacted.coverage.hosts.map((h) => h.host).every((h) => redacted.hosts.includes(h))).toBe(true);
  });

  it('keeps the shape, the numbers, the signature ids and the chain (only the host part of incident ids changes)', () => {
    const report = withObservationAndUnrecognised();
    const redacted = redactReport(report, createRedactor());
    expect(shape(redacted)).toEqual(shape(report));
    expect(redacted.incidents.map((i) => [i.signature, i.severity, i.role, i.count])).toEqual(report.incidents.map((i) => [i.signature, i.severity, i.role, i.count]));
    expect(redacted.signatures.map((s) => s.id)).toEqual(report.signatures.map((s) => s.id));
    const hostless = (id: string) => id.replace(/@[^#]*#/, '@#');
    expect(redacted.rootCause?.chain.map(hostless)).toEqual(report.rootCause?.chain.map(hostless));
    expect(redacted.rootCause?.incident).toBe(redacted.incidents.find((i) => i.signature === report.rootCause?.signature)?.id);
    // Every causedBy still names an incident of the report.
    const ids = new Set(redacted.incidents.map((i) => i.id));
    for (const incident of redacted.incidents) if (incident.causedBy) expect(ids.has(incident.causedBy)).toBe(true);
  });

  it('redacts evidence, observation examples and unrecognised examples', () => {
    const report = powerLossReport();
    const planted = { ...report, incidents: report.incidents.map((i, n) => (n === 0 ? { ...i, evidence: [{ ...i.evidence[0]!, text: `${i.evidence[0]!.text} peer 10.9.8.7:2380 password=hunter2` }] } : i)) };
    const redacted = redactReport(planted, createRedactor());
    const text = redacted.incidents[0]!.evidence[0]!.text;
    expect(text).toContain('peer ip-1:2380 password=[REDACTED:secret-field]');
    expect(JSON.stringify(redacted)).not.toContain('hunter2');
  });
});
