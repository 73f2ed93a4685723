import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProcessFirstSeen } from '../../src/correlate/process-first-seen.js';
import type { LogEvent } from '../../src/model/log-event.js';

function event(host: string | undefined, pid: number | undefined, component = 'etcd'): LogEvent {
  return { timeQuality: 'exact', ...(host ? { host } : {}), component, unit: 'etcd', ...(pid === undefined ? {} : { pid }), message: 'm', fields: {}, format: 'journal-short', origin: { bundle: 'b', member: 'm', line: 1, lineCount: 1 } };
}

describe('ProcessFirstSeen', () => {
  it('keeps the earliest line of each process, a new pid being a new process', () => {
    const seen = new ProcessFirstSeen();
    seen.noteEvent(event('cp-1', 1188), 5000);
    seen.noteEvent(event('cp-1', 1188), 1000);
    seen.noteEvent(event('cp-1', 1188), 9000);
    seen.noteEvent(event('cp-1', 2044), 7000);
    expect(seen.firstSeen('cp-1', event('cp-1', 1188))).toBe(1000);
    expect(seen.firstSeen('cp-1', event('cp-1', 2044))).toBe(7000);
    expect(seen.firstSeen('cp-1', event('cp-1', 3000))).toBeUndefined();
    expect(seen.firstSeen('cp-2', event('cp-2', 1188))).toBeUndefined();
    expect(seen.firstSeen('cp-1', event('cp-1', 1188, 'kubelet'))).toBeUndefined();
  });

  it('gives a worker thread\'s sightings back whole (part, absorb), and merges renamed hosts on the earliest', () => {
    const worker = new ProcessFirstSeen();
    worker.noteEvent(event('guess', 1188), 3000);
    worker.noteEvent(event(undefined, undefined), 4000);
    const main = new ProcessFirstSeen();
    main.noteEvent(event('cp-1', 1188), 6000);
    main.absorb(worker.part());
    expect(main.firstSeen('guess', event('guess', 1188))).toBe(3000);
    expect(main.firstSeen('', event(undefined, undefined))).toBe(4000);
    const renamed = main.renamed((host) => (host === 'guess' ? 'cp-1' : host));
    expect(renamed.firstSeen('cp-1', event('cp-1', 1188))).toBe(3000);
  });

  it('keeps the earliest time of every process whatever order lines of many processes come in', () => {
    const sighting = fc.tuple(fc.constantFrom('a', 'b'), fc.constantFrom('etcd', 'kubelet'), fc.constantFrom('', 'k3s'), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 20 }));
    fc.assert(fc.property(fc.array(sighting, { maxLength: 60 }), (sightings) => {
      const seen = new ProcessFirstSeen();
      const earliest = new Map<string, number>();
      for (const [host, component, unit, pid, at] of sightings) {
        seen.note(host, component, unit, pid, at);
        const key = JSON.stringify([host, component, unit, pid]);
        earliest.set(key, Math.min(earliest.get(key) ?? Infinity, at));
      }
      const part = seen.part().map(([host, component, unit, pid, at]) => [JSON.stringify([host, component, unit, pid]), at] as const);
      expect(new Map(part)).toEqual(earliest);
      expect(part).toHaveLength(earliest.size);
    }), { numRuns: 300 });
  });
});
