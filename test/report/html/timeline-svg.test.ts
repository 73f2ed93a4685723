import { describe, expect, it } from 'vitest';
import { CoverageCollector } from '../../../src/coverage/collect-coverage.js';
import type { LogEvent } from '../../../src/model/log-event.js';
import { wholeSpanActivity } from '../../../src/report/activity-columns.js';
import { buildReport } from '../../../src/report/index.js';
import { timelineSvg } from '../../../src/report/html/timeline-svg.js';
import { emptyInput, powerLossReport } from '../fixtures.js';

const T0 = Date.UTC(2025, 3, 3, 7, 41, 2);
const MINUTE = 60_000;

function line(host: string, component: string, minute: number, n: number): LogEvent {
  return {
    timestamp: T0 + minute * MINUTE, timeQuality: 'exact', host, component, severity: 'info', message: `line ${n}`, fields: {},
    format: 'journal-short-iso', origin: { bundle: 'b.tgz', member: `${host}/${component}.log`, line: n, lineCount: 1 },
  };
}

/** A report over what a collector counted, the way the pipeline builds one (whole-span activity, rhythm-judged gaps). */
function reportOf(c: CoverageCollector) {
  const span = c.span()!;
  const series = c.activity(span)!;
  return buildReport({
    ...emptyInput(),
    files: [],
    activity: series.buckets,
    activityWindow: { start: series.start, end: series.end, bucketMs: series.bucketMs },
    hostCoverage: c.hostCoverage(new Map()),
  });
}

function svgOf(report: ReturnType<typeof reportOf>): string {
  return timelineSvg(report, wholeSpanActivity(report));
}

describe('timelineSvg', () => {
  // Six days of a healthy node: k3s and containerd write a few lines every three hours.
  const healthy = new CoverageCollector();
  let n = 0;
  for (let m = 0; m < 6 * 24 * 60; m += 180) {
    healthy.observe(line('k3s-node-07', 'k3s', m, ++n));
    healthy.observe(line('k3s-node-07', 'containerd', m + 1, ++n));
  }
  const steady = svgOf(reportOf(healthy));

  it('hatches no gap on a healthy host whose quiet hours are its normal rhythm', () => {
    expect(steady).not.toContain('class="gap"');
    expect(steady).not.toContain('no logs');
  });

  it('draws the activity across the whole span, not only its end', () => {
    const xs = [...steady.matchAll(/class="activity-bar" x="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(xs.length).toBeGreaterThan(40);
    expect(Math.min(...xs)).toBeLessThan(200);
    expect(Math.max(...xs)).toBeGreaterThan(1000);
  });

  it('puts day ticks at midnight UTC with their dates on a multi-day span', () => {
    const at = [...steady.matchAll(/class="tick" data-at="([^"]+)"/g)].map((m) => m[1]);
    expect(at).toEqual(['2025-04-04T00:00:00.000Z', '2025-04-05T00:00:00.000Z', '2025-04-06T00:00:00.000Z', '2025-04-07T00:00:00.000Z', '2025-04-08T00:00:00.000Z', '2025-04-09T00:00:00.000Z']);
    expect(steady).toContain('>2025-04-04</text>');
  });

  it('hatches the two hours where a source that logged every minute went silent, and says so in the picture', () => {
    const c = new CoverageCollector();
    let k = 0;
    for (let m = 0; m < 120; m++) c.observe(line('cp-1', 'kubelet', m, ++k));
    for (let m = 240; m < 360; m++) c.observe(line('cp-1', 'kubelet', m, ++k));
    const svg = svgOf(reportOf(c));
    expect(svg.match(/class="gap"/g)).toHaveLength(1);
    expect(svg).toContain('No log lines 2025-04-03T09:41:00.000Z → 2025-04-03T11:41:00.000Z');
    expect(svg).toContain('>no logs</text>');
  });

  it('labels every incident bar with its title in visible text (print shows no tooltips), the root cause first', () => {
    const svg = timelineSvg(powerLossReport(), wholeSpanActivity(powerLossReport()));
    const labels = [...svg.matchAll(/<text class="incident-label"[^>]*>([^<]+)<\/text>/g)].map((m) => m[1]);
    expect(labels).toHaveLength(4);
    expect(labels).toContain('root cause: containerd cannot recover sandbox state after an unclean shutdown');
    expect(svg).not.toMatch(/font-size="(?:[0-9]|10|11)"/);
  });
});
