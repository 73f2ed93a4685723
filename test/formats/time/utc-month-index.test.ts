import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utcMonthIndex } from '../../../src/formats/time/utc-month-index.js';

const viaDate = (ms: number): number => new Date(ms).getUTCFullYear() * 12 + new Date(ms).getUTCMonth();

describe('utcMonthIndex', () => {
  it('turns over exactly at the first millisecond of a UTC month, even when the previous call cached the old month', () => {
    const newYear = Date.UTC(2025, 0, 1);
    expect(utcMonthIndex(newYear - 1)).toBe(2024 * 12 + 11);
    expect(utcMonthIndex(newYear)).toBe(2025 * 12);
    expect(utcMonthIndex(newYear - 0.001)).toBe(2024 * 12 + 11);
  });

  it('agrees with Date on random instants, in random order and in runs within one month', () => {
    const instant = fc.oneof(
      fc.integer({ min: -8.64e15, max: 8.64e15 }),
      fc.double({ min: -1e13, max: 4e12, noNaN: true }),
      fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2024, 2, 1) }),
      fc.constantFrom(NaN, Infinity, -62135596800000, Date.UTC(1950, 0, 1) - 62135596800000 + 1),
    );
    fc.assert(
      fc.property(fc.array(instant, { maxLength: 20 }), (instants) => {
        for (const ms of instants) expect(utcMonthIndex(ms)).toBe(viaDate(ms));
      }),
      { numRuns: 500 },
    );
  });
});
