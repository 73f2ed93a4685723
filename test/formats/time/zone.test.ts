import { tzOffset } from '@date-fns/tz';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseZone } from '../../../src/formats/time/zone.js';

// Zones with an hour DST step, a 30-minute DST step (Lord Howe), odd fixed offsets and historic changes.
const ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns', 'Europe/Moscow'];

describe('parseZone offsets for IANA zones', () => {
  it('switches at the exact millisecond of a DST transition even after caching the hour before it', () => {
    const berlin = parseZone('Europe/Berlin')!;
    const springForward = Date.UTC(2025, 2, 30, 1, 0, 0);
    expect(berlin.offsetAt(springForward - 1)).toBe(60);
    expect(berlin.offsetAt(springForward)).toBe(120);
    expect(berlin.offsetAt(springForward - 30 * 60_000)).toBe(60);
    const lordHowe = parseZone('Australia/Lord_Howe')!;
    const halfHourBack = Date.UTC(2025, 3, 5, 15, 0, 0);
    expect([lordHowe.offsetAt(halfHourBack - 1), lordHowe.offsetAt(halfHourBack)]).toEqual([
      tzOffset('Australia/Lord_Howe', new Date(halfHourBack - 1)),
      tzOffset('Australia/Lord_Howe', new Date(halfHourBack)),
    ]);
  });

  it('does not cache an hour a transition falls inside (St. John\'s changes at half past a UTC hour)', () => {
    const stJohns = parseZone('America/St_Johns')!;
    const springForward = Date.UTC(2025, 2, 9, 5, 30, 0);
    expect(stJohns.offsetAt(springForward - 20 * 60_000)).toBe(-210);
    expect(stJohns.offsetAt(springForward)).toBe(-150);
    expect(stJohns.offsetAt(springForward - 1)).toBe(-210);
    // Nepal moved from +05:30 to +05:45 at local midnight on 1986-01-01, i.e. 18:30 UTC.
    const kathmandu = parseZone('Asia/Kathmandu')!;
    const change = Date.UTC(1985, 11, 31, 18, 30, 0);
    expect([kathmandu.offsetAt(change - 60_000), kathmandu.offsetAt(change + 60_000)]).toEqual([
      tzOffset('Asia/Kathmandu', new Date(change - 60_000)),
      tzOffset('Asia/Kathmandu', new Date(change + 60_000)),
    ]);
  });

  it('agrees with asking Intl every time, on random instants and on runs of instants within hours', () => {
    const instant = fc.oneof(
      fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }),
      // Around the 2020s' transitions, a few hours either side.
      fc.integer({ min: Date.UTC(2025, 2, 29), max: Date.UTC(2025, 3, 7) }),
      fc.integer({ min: Date.UTC(2025, 9, 25), max: Date.UTC(2025, 10, 3) }),
      fc.integer({ min: Date.UTC(2025, 2, 9, 4), max: Date.UTC(2025, 2, 9, 7) }),
    );
    const zones = ZONES.map((name) => [name, parseZone(name)!] as const);
    fc.assert(
      fc.property(fc.array(instant, { minLength: 1, maxLength: 10 }), fc.nat({ max: ZONES.length - 1 }), (instants, pick) => {
        const [name, zone] = zones[pick]!;
        for (const ms of instants) expect(zone.offsetAt(ms)).toBe(tzOffset(name, new Date(ms)));
      }),
      { numRuns: 300 },
    );
  });
});
