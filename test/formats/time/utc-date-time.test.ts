import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utcDateTime } from '../../../src/formats/time/utc-date-time.js';

const viaDate = (year: number, month: number, day: number, hour: number, minute: number, second: number): number =>
  Date.UTC(year, month - 1, day, hour, minute, second);

describe('utcDateTime', () => {
  it('answers every second of a minute from the remembered minute as Date.UTC does, and the next minute afresh', () => {
    for (let second = 0; second <= 60; second++) expect(utcDateTime(2025, 3, 13, 14, 31, second)).toBe(viaDate(2025, 3, 13, 14, 31, second));
    expect(utcDateTime(2025, 3, 13, 14, 32, 0)).toBe(viaDate(2025, 3, 13, 14, 32, 0));
    expect(utcDateTime(2025, 3, 13, 14, 31, 59)).toBe(viaDate(2025, 3, 13, 14, 31, 59));
  });

  it('hands what it cannot compose to Date.UTC: fractions, out-of-range seconds, NaN, two-digit years, the edge of Date', () => {
    utcDateTime(2025, 3, 13, 14, 31, 0);
    for (const second of [7.5, -1, 61, 3600, NaN, Infinity]) expect(utcDateTime(2025, 3, 13, 14, 31, second)).toBe(viaDate(2025, 3, 13, 14, 31, second));
    expect(utcDateTime(99, 12, 31, 23, 59, 30)).toBe(viaDate(99, 12, 31, 23, 59, 30));
    expect(utcDateTime(99, 12, 31, 23, 59, 31)).toBe(viaDate(99, 12, 31, 23, 59, 31));
    expect(utcDateTime(2025.5, 3, 13, 14, 31, 2)).toBe(viaDate(2025.5, 3, 13, 14, 31, 2));
    expect(utcDateTime(2025.5, 3, 13, 14, 31, 3)).toBe(viaDate(2025.5, 3, 13, 14, 31, 3));
    // 275760-09-13T00:00:00Z is Date's last millisecond: the minute before it is not remembered, its seconds stay exact.
    expect(utcDateTime(275760, 9, 12, 23, 59, 30)).toBe(viaDate(275760, 9, 12, 23, 59, 30));
    expect(utcDateTime(275760, 9, 12, 23, 59, 60)).toBe(viaDate(275760, 9, 12, 23, 59, 60));
    expect(utcDateTime(275760, 9, 13, 0, 0, 1)).toBeNaN();
    expect(utcDateTime(NaN, 1, 1, 0, 0, 0)).toBeNaN();
  });

  it('agrees with Date.UTC on random fields, in random order and in runs within one minute', () => {
    const fields = fc.tuple(
      fc.oneof(fc.integer({ min: 1970, max: 2100 }), fc.integer({ min: -300_000, max: 300_000 }), fc.integer({ min: 0, max: 99 })),
      fc.integer({ min: -2, max: 14 }),
      fc.integer({ min: -1, max: 33 }),
      fc.integer({ min: -1, max: 25 }),
      fc.integer({ min: -1, max: 61 }),
    );
    const second = fc.oneof(fc.integer({ min: 0, max: 60 }), fc.integer({ min: -5, max: 100 }), fc.double({ min: -2, max: 70, noNaN: true }));
    fc.assert(
      fc.property(fc.array(fc.tuple(fields, fc.array(second, { minLength: 1, maxLength: 6 })), { maxLength: 12 }), (runs) => {
        for (const [[year, month, day, hour, minute], seconds] of runs) {
          for (const s of seconds) expect(utcDateTime(year, month, day, hour, minute, s)).toBe(viaDate(year, month, day, hour, minute, s));
        }
      }),
      { numRuns: 500 },
    );
  });
});
