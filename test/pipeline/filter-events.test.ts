import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/model/log-event.js';
import { analyzeBundle } from '../../src/pipeline/analyze-bundle.js';
import { awaitsPlacement, keepsEvent, type EventFilter } from '../../src/pipeline/filter-events.js';
import { readTimeline } from '../../src/pipeline/read-timeline.js';
import { loadLibrary, loadLifecycle } from '../../src/patterns/index.js';
import { shippedPatternsDir } from '../../src/cli/shipped-patterns-dir.js';

const SAMPLES = join(import.meta.dirname, '../../samples');
const samples = readdirSync(SAMPLES).filter((name) => /\.(tgz|tar\.gz)$/.test(name)).sort();
const { library } = await loadLibrary([shippedPatternsDir()]);
const lifecycle = loadLifecycle(shippedPatternsDir());

async function analyze(input: string, filter: EventFilter) {
  const analysed = await analyzeBundle([input], { ingest: {}, filter, library, lifecycle, libraryDiagnostics: [], version: 'test' });
  if (!analysed.report) throw new Error(`${input}: nothing read`);
  return analysed.report;
}

async function timeline(input: string, filter: EventFilter): Promise<LogEvent[]> {
  const events: LogEvent[] = [];
  for await (const event of await readTimeline([input], { ingest: {}, filter, lifecycle })) events.push(event);
  return events;
}

/** Events per host and component as the analysis counted them (its coverage) … */
async function analysedCounts(input: string, filter: EventFilter): Promise<Record<string, number>> {
  const report = await analyze(input, filter);
  const counts: Record<string, number> = {};
  for (const host of report.coverage.hosts) for (const source of host.sources) counts[`${host.host} ${source.component}`] = source.events;
  return counts;
}

/** … and as the timeline lists them, under the names coverage gives host-less and component-less events. */
function listedCounts(events: readonly LogEvent[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const event of events) {
    const key = `${event.host ?? 'unknown-host'} ${event.component ?? 'other'}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

describe('one filter for analyze and timeline, applied after placement', () => {
  it.each(samples)('%s: analyze and timeline keep the same events under --host and under --since', async (name) => {
    const input = join(SAMPLES, name);
    const all = await timeline(input, {});
    expect(await analysedCounts(input, {})).toEqual(listedCounts(all));
    const hosts = [...new Set(all.map((e) => e.host).filter((h): h is string => h !== undefined))].sort();
    expect(hosts.length).toBeGreaterThan(0);
    for (const host of hosts) {
      const filter = { hosts: new Set([host]) };
      const kept = await timeline(input, filter);
      expect(kept.length).toBeGreaterThan(0);
      expect(kept.every((e) => e.host === host)).toBe(true);
      expect(await analysedCounts(input, filter)).toEqual(listedCounts(kept));
    }
    const times = all.map((e) => e.timestamp).filter((t): t is number => t !== undefined).sort((a, b) => a - b);
    const since = times[Math.floor(times.length / 2)]!;
    const late = await timeline(input, { since });
    expect(late.length).toBeLessThan(all.length);
    expect(await analysedCounts(input, { since })).toEqual(listedCounts(late));
  });

  it('keeps the unclean shutdown that host-less kernel lines show when --host names their node', async () => {
    const input = join(SAMPLES, 'microk8s-power-loss.tgz');
    const report = await analyze(input, { hosts: new Set(['mk8s-edge-1']) });
    expect(report.rootCause?.chain[0]).toBe('node-unclean-shutdown@mk8s-edge-1#1');
    const unfiltered = await analyze(input, {});
    expect(report.rootCause).toEqual(unfiltered.rootCause);
    const kernel = (await timeline(input, { hosts: new Set(['mk8s-edge-1']), components: new Set(['kernel']) }));
    expect(kernel.some((e) => /EXT4-fs .*recovery complete/.test(e.message))).toBe(true);
  });
});

describe('keepsEvent', () => {
  const event = (over: Partial<LogEvent>): LogEvent => ({
    timeQuality: 'exact', message: 'm', fields: {}, format: 'plain', origin: { bundle: 'b', member: 'm', line: 1 }, ...over,
  } as LogEvent);

  it('keeps an event without a time under --since/--until, and judges a timed one by its time', () => {
    expect(keepsEvent({ since: 10, until: 20 }, event({}))).toBe(true);
    expect(keepsEvent({ since: 10, until: 20 }, event({ timestamp: 15 }))).toBe(true);
    expect(keepsEvent({ since: 10 }, event({ timestamp: 9 }))).toBe(false);
    expect(keepsEvent({ until: 20 }, event({ timestamp: 21 }))).toBe(false);
  });

  it('drops a host-less event under --host, which is why such events await placement first', () => {
    const hostless = event({});
    expect(keepsEvent({ hosts: new Set(['a']) }, hostless)).toBe(false);
    expect(awaitsPlacement({ hosts: new Set(['a']) }, hostless)).toBe(true);
    expect(awaitsPlacement({}, hostless)).toBe(false);
    expect(awaitsPlacement({ since: 1 }, event({ host: 'a', monotonic: 2.5 }))).toBe(true);
    expect(awaitsPlacement({ since: 1 }, event({ host: 'a', timestamp: 5 }))).toBe(false);
  });

  it('matches hosts whatever their case (the filter holds lower-cased names)', () => {
    expect(keepsEvent({ hosts: new Set(['mk8s-edge-1']) }, event({ host: 'MK8S-Edge-1' }))).toBe(true);
    expect(keepsEvent({ hosts: new Set(['mk8s-edge-1']) }, event({ host: 'mk8s-edge-2' }))).toBe(false);
  });

  it('filters on component, severity and a pattern over message and fields', () => {
    expect(keepsEvent({ components: new Set(['kubelet']) }, event({ component: 'kubelet' }))).toBe(true);
    expect(keepsEvent({ components: new Set(['kubelet']) }, event({}))).toBe(false);
    expect(keepsEvent({ minSeverity: 'error' }, event({ severity: 'warning' }))).toBe(false);
    expect(keepsEvent({ grep: /oom/i }, event({ fields: { reason: 'OOMKilled' } }))).toBe(true);
  });
});
