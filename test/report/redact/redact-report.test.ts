import { describe, expect, it } from 'vitest';
import { createRedactor, redactEvent, redactReport } from '../../../src/report/redact/index.js';
import type { LogEvent } from '../../../src/model/log-event.js';
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

describe('redactEvent', () => {
  it('redacts a parsed field by its name when the line no longer shows it, and keeps times, levels and ids', () => {
    const event: LogEvent = {
      timestamp: Date.parse('2025-03-14T14:25:31Z'),
      timeQuality: 'exact',
      host: 'k3s-node-03',
      component: 'containerd',
      severity: 'error',
      message: 'registry login failed for registry.acme.com',
      fields: { password: 'Fi3ldP4ss0rd', client_secret: 'abc', anonymousAuth: 'false', error: 'dial tcp 10.1.2.3:443: i/o timeout' },
      format: 'logrus',
      bootId: '7d2f9e4c1a8b4f63b5e0c9d8a7f6e5d4',
      origin: { bundle: 'k3s-node-03-support.tgz', member: 'k3s-node-03/k3s/containerd.log', line: 681, lineCount: 1 },
      raw: 'time="2025-03-14T14:25:31Z" level=error msg="registry login failed" password=Fi3ldP4ss0rd',
    };
    const redacted = redactEvent(event, createRedactor({ hosts: ['k3s-node-03'] }));
    expect(redacted.fields).toEqual({ password: '[REDACTED:secret-field]', client_secret: '[REDACTED:secret-field]', anonymousAuth: 'false', error: 'dial tcp ip-1:443: i/o timeout' });
    expect(redacted.message).toBe('registry login failed for host-2');
    expect(redacted.raw).not.toContain('Fi3ldP4ss0rd');
    expect(redacted.host).toBe('host-1');
    expect(redacted.origin).toEqual({ bundle: 'host-1-support.tgz', member: 'host-1/k3s/containerd.log', line: 681, lineCount: 1 });
    expect([redacted.timestamp, redacted.severity, redacted.bootId, redacted.format]).toEqual([event.timestamp, event.severity, event.bootId, event.format]);
  });
});
