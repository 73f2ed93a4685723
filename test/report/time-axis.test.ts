import { describe, expect, it } from 'vitest';
import { timeTicks } from '../../src/report/time-axis.js';

const at = (iso: string) => Date.parse(iso);
const MINUTE = 60_000;

describe('timeTicks', () => {
  it('puts a six-day span on midnights, each labelled by its date', () => {
    const ticks = timeTicks(at('2025-04-03T07:41:02Z'), at('2025-04-09T08:44:30Z'));
    expect(ticks.map((t) => t.time)).toEqual(['2025-04-04', '2025-04-05', '2025-04-06', '2025-04-07', '2025-04-08', '2025-04-09']);
    for (const t of ticks) expect(new Date(t.at).toISOString()).toMatch(/T00:00:00\.000Z$/);
  });

  it('puts eight hours on the hour, the first tick carrying the date', () => {
    const ticks = timeTicks(at('2025-03-14T06:12:03Z'), at('2025-03-14T14:30:58Z'));
    expect(ticks.map((t) => t.time)).toEqual(['07:00Z', '08:00Z', '09:00Z', '10:00Z', '11:00Z', '12:00Z', '13:00Z', '14:00Z']);
    expect(ticks.map((t) => t.date)).toEqual(['2025-03-14', undefined, undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('labels the date again where a new day starts', () => {
    const ticks = timeTicks(at('2025-03-14T22:12:00Z'), at('2025-03-15T03:30:00Z'));
    expect(ticks.filter((t) => t.date !== undefined).map((t) => `${t.date} ${t.time}`)).toEqual(['2025-03-14 23:00Z', '2025-03-15 00:00Z']);
  });

  it.each([
    ['16 minutes', '2025-05-13T21:27:12Z', '2025-05-13T21:43:23Z', 5 * MINUTE],
    ['an hour', '2025-05-13T20:50:32Z', '2025-05-13T21:43:23Z', 15 * MINUTE],
    ['three minutes', '2025-05-13T21:40:10Z', '2025-05-13T21:43:23Z', MINUTE],
    ['a day and a half', '2025-04-21T09:14:14Z', '2025-04-22T20:33:05Z', 6 * 60 * MINUTE],
    ['five weeks', '2025-04-01T09:00:00Z', '2025-05-08T09:00:00Z', 7 * 24 * 60 * MINUTE],
  ])('keeps %s on round times of one step, inside the span, at most ten ticks', (_name, from, to, step) => {
    const ticks = timeTicks(at(from), at(to));
    expect(ticks.length).toBeGreaterThan(0);
    expect(ticks.length).toBeLessThanOrEqual(10);
    for (const t of ticks) {
      expect(t.at).toBeGreaterThanOrEqual(at(from));
      expect(t.at).toBeLessThanOrEqual(at(to));
      // Weekly ticks fall on Mondays, 00:00Z; every other step divides the UTC day.
      if (step === 7 * 24 * 60 * MINUTE) expect(new Date(t.at).getUTCDay()).toBe(1);
      expect((t.at - Date.UTC(2025, 0, 1)) % Math.min(step, 24 * 60 * MINUTE)).toBe(0);
    }
    for (let i = 1; i < ticks.length; i++) expect(ticks[i]!.at - ticks[i - 1]!.at).toBe(step);
  });
});
