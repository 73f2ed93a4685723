import { describe, expect, it } from 'vitest';
import { CoverageCollector } from '../../src/coverage/collect-coverage.js';
import type { LogEvent, Severity } from '../../src/model/log-event.js';

const T0 = Date.UTC(2025, 2, 14, 14, 0);

function event(member: string, line: number, host: string | undefined, component: string | undefined, minute: number, severity: Severity = 'info'): LogEvent {
  return {
    timestamp: T0 + minute * 60_000,
    timeQuality: 'exact',
    host,
    component,
    severity,
    message: `line ${line}`,
    fields: {},
    format: 'journal-short',
    origin: { bundle: 'bundle.tgz', member, line, lineCount: 1 },
  };
}

describe('CoverageCollector', () => {
  it('counts a journal that alternates between units per unit, and each file once per unit', () => {
    const c = new CoverageCollector();
    const journal = 'node-1/journald/journal.log';
    const units = ['k3s', 'containerd', 'kernel', 'k3s', 'systemd', 'containerd', 'k3s'];
    units.forEach((unit, i) => c.observe(event(journal, i + 1, 'node-1', unit, i, unit === 'kernel' ? 'error' : 'info')));
    // Another file of the same host and units, then the journal again (files do come back in multi-part bundles).
    c.observe(event('node-1/k3s/k3s.log', 1, 'node-1', 'k3s', 100));
    c.observe(event(journal, 8, 'node-1', 'containerd', 200, 'critical'));
    const [host] = c.hostCoverage(new Map([['node-1', { lines: 9, unparsed: 0 }]]));
    expect(host!.host).toBe('node-1');
    const byComponent = Object.fromEntries(host!.sources.map((s) => [s.component, s]));
    expect(byComponent['k3s']).toMatchObject({ files: 2, events: 4, start: T0, end: T0 + 100 * 60_000 });
    expect(byComponent['containerd']).toMatchObject({ files: 1, events: 3, start: T0 + 60_000, end: T0 + 200 * 60_000 });
    expect(byComponent['kernel']).toMatchObject({ files: 1, events: 1 });
    expect(byComponent['systemd']).toMatchObject({ files: 1, events: 1 });
    const activity = c.activity({ start: T0, end: T0 + 200 * 60_000 })!.buckets;
    expect(activity.reduce((n, b) => n + b.events, 0)).toBe(9);
    expect(activity.reduce((n, b) => n + b.errors, 0)).toBe(2);
  });

  it('keeps hosts apart inside one file and gives host-less lines to the input\'s only host', () => {
    const c = new CoverageCollector();
    const file = 'report/syslog';
    c.observe(event(file, 1, 'node-1', 'kubelet', 0));
    c.observe(event(file, 2, undefined, 'kernel', 1));
    c.observe(event(file, 3, 'node-1', 'kubelet', 2));
    c.observe(event(file, 4, undefined, undefined, 3));
    c.observe(event(file, 5, 'node-1', undefined, 4));
    const coverage = c.hostCoverage(new Map());
    expect(coverage.map((h) => h.host)).toEqual(['node-1']);
    expect(coverage[0]!.sources.map((s) => [s.component, s.events, s.files])).toEqual([['kernel', 1, 1], ['kubelet', 2, 1], ['other', 2, 1]]);
  });

  it('reads the same after the work is split across collectors and absorbed', () => {
    const whole = new CoverageCollector();
    const first = new CoverageCollector();
    const second = new CoverageCollector();
    for (let i = 0; i < 300; i++) {
      const e = event(i < 150 ? 'a.log' : 'b.log', i + 1, i % 7 === 0 ? 'node-2' : 'node-1', ['k3s', 'containerd', 'kernel'][i % 3], i, i % 11 === 0 ? 'error' : 'info');
      whole.observe(e);
      (i < 150 ? first : second).observe(e);
    }
    const merged = new CoverageCollector();
    merged.absorb(first.part());
    merged.absorb(second.part());
    expect(merged.hostCoverage(new Map())).toEqual(whole.hostCoverage(new Map()));
    expect(merged.span()).toEqual(whole.span());
    expect(whole.hostCoverage(new Map()).flatMap((h) => h.sources).reduce((n, s) => n + s.events, 0)).toBe(300);
  });

  describe('gaps: silences where a source that normally logs went quiet', () => {
    it('marks none on a healthy node that logs a few lines every three hours', () => {
      const c = new CoverageCollector();
      for (let i = 0; i < 48; i++) {
        c.observe(event('node/k3s.log', 2 * i + 1, 'node-1', 'k3s', i * 180 + (i % 4)));
        c.observe(event('node/containerd.log', i + 1, 'node-1', 'containerd', i * 180 + 2));
      }
      expect(c.hostCoverage(new Map())[0]!.gaps).toEqual([]);
    });

    it('marks the two hours a source that logged every minute stopped, from the minute after its last line', () => {
      const c = new CoverageCollector();
      let line = 0;
      for (let m = 0; m < 100; m++) c.observe(event('node/k3s.log', ++line, 'node-1', 'k3s', m));
      for (let m = 220; m < 320; m++) c.observe(event('node/k3s.log', ++line, 'node-1', 'k3s', m));
      expect(c.hostCoverage(new Map())[0]!.gaps).toEqual([{ start: T0 + 100 * 60_000, end: T0 + 220 * 60_000 }]);
    });

    it('marks none for a unit that logged once at boot and again days later in a burst', () => {
      const c = new CoverageCollector();
      c.observe(event('node/journal.log', 1, 'node-1', 'systemd', 0));
      for (let m = 0; m < 20; m++) c.observe(event('node/journal.log', m + 2, 'node-1', 'systemd', 3 * 24 * 60 + m));
      expect(c.hostCoverage(new Map())[0]!.gaps).toEqual([]);
    });

    it('marks none between the bursts of a source that logs ten minutes every two hours', () => {
      const c = new CoverageCollector();
      let line = 0;
      for (let burst = 0; burst < 12; burst++) for (let m = 0; m < 10; m++) c.observe(event('node/cron.log', ++line, 'node-1', 'cron', burst * 120 + m));
      expect(c.hostCoverage(new Map())[0]!.gaps).toEqual([]);
    });
  });

  it('counts activity over the whole span in bounded buckets: every event, the first bucket holding the first, the last the last', () => {
    const c = new CoverageCollector();
    let line = 0;
    // Eight hours of quiet logging, then a burst at the end (the shape of a power-loss bundle).
    for (let m = 0; m < 480; m += 7) c.observe(event('node/k3s.log', ++line, 'node-1', 'k3s', m));
    for (let i = 0; i < 500; i++) c.observe(event('node/k3s.log', ++line, 'node-1', 'k3s', 490 + (i % 10), i % 5 === 0 ? 'error' : 'info'));
    c.observe(event('other/k.log', 1, 'node-2', 'kernel', 30));
    const span = c.span()!;
    const series = c.activity(span, 100)!;
    expect(series.bucketMs % 60_000).toBe(0);
    for (const host of ['node-1', 'node-2']) {
      const buckets = series.buckets.filter((b) => b.host === host);
      expect(buckets.length).toBeLessThanOrEqual(100);
      expect(buckets[0]!.start).toBeLessThanOrEqual(span.start);
      expect(buckets[0]!.start + series.bucketMs).toBeGreaterThan(span.start);
      expect(buckets.at(-1)!.start).toBeLessThanOrEqual(span.end);
      expect(buckets.at(-1)!.start + series.bucketMs).toBeGreaterThan(span.end);
    }
    const node1 = series.buckets.filter((b) => b.host === 'node-1');
    expect(node1.reduce((n, b) => n + b.events, 0)).toBe(line);
    expect(node1.reduce((n, b) => n + b.errors, 0)).toBe(100);
    // The quiet hours are drawn too, not only the burst.
    expect(node1.filter((b) => b.start < T0 + 480 * 60_000 && b.events > 0).length).toBeGreaterThan(20);
  });
});
