import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rfc3339Instant } from '../../src/formats/rfc3339-instant.js';

describe('rfc3339Instant', () => {
  it('reads a CRI nanosecond stamp with an offset to the same number as the written-out instant', () => {
    // https://github.com/canonical/microk8s/issues/2592
    expect(rfc3339Instant('2021-09-24T18:38:10.702348795+08:00')).toEqual({ kind: 'instant', epochMs: Date.UTC(2021, 8, 24, 10, 38, 10) + 702.348795 });
  });

  it('accepts a stamp without a fraction and a negative offset', () => {
    expect(rfc3339Instant('2020-03-16T03:31:09-07:00')).toEqual({ kind: 'instant', epochMs: Date.UTC(2020, 2, 16, 10, 31, 9) });
  });

  it('refuses out-of-range fields, missing zones and space-separated forms', () => {
    for (const bad of ['2021-13-01T00:00:00Z', '2021-01-01T24:00:00Z', '2021-01-01T00:00:00', '2021-01-01 00:00:00Z', '2021-01-01T00:00:00.1234567890Z']) {
      expect(rfc3339Instant(bad), bad).toBeUndefined();
    }
  });
});

// The regex this function was first written with: the character-position reader must agree with it on every input.
const RFC3339_REFERENCE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|([+-])(\d{2}):(\d{2}))$/;

function referenceInstant(text: string): number | undefined {
  const m = RFC3339_REFERENCE.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 60)) return undefined;
  const offset = m[8] === 'Z' ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
  const fraction = m[7] ? Number(m[7].padEnd(9, '0')) / 1e6 : 0;
  const epochMs = Date.UTC(year, month - 1, day, hour, minute, second) - offset * 60_000 + fraction;
  return Number.isFinite(epochMs) ? epochMs : undefined;
}

describe('rfc3339Instant against the reference regex', () => {
  const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^\\d{${min},${max}}$`));
  const stamp = fc
    .tuple(digits(4, 4), digits(2, 2), digits(2, 2), fc.constantFrom('T', ' ', 't'), digits(2, 2), digits(2, 2), digits(2, 2),
      fc.option(digits(0, 11), { nil: undefined }), fc.constantFrom('Z', 'z', '+05:30', '-08:00', '+0530', '-00:00', '', '+5:30', 'Z '))
    .map(([y, mo, d, t, h, mi, s, frac, zone]) => `${y}-${mo}-${d}${t}${h}:${mi}:${s}${frac === undefined ? '' : `.${frac}`}${zone}`);

  it('gives the same instant or refusal for stamp-shaped text, valid or not', () => {
    fc.assert(
      fc.property(stamp, (text) => {
        const got = rfc3339Instant(text);
        expect(got === undefined ? undefined : (got as { epochMs: number }).epochMs).toBe(referenceInstant(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('gives the same answer for real CRI stamps with every fraction length', () => {
    // https://github.com/canonical/microk8s/issues/2592 shape, fraction cut to 0..9 digits.
    const base = '2021-09-24T18:38:10.702348795';
    for (let k = 0; k <= 9; k++) {
      for (const zone of ['Z', '+08:00', '-03:30']) {
        const text = `${k === 0 ? base.slice(0, 19) : base.slice(0, 20 + k)}${zone}`;
        expect((rfc3339Instant(text) as { epochMs: number }).epochMs, text).toBe(referenceInstant(text));
      }
    }
  });

  it('reads a stamp at the start of a longer line up to `end` as it reads the stamp cut out', () => {
    fc.assert(
      fc.property(stamp, fc.constantFrom(' stdout F hello', ' stderr P {"level":"info"}', '', 'Z stdout F x', '1 stdout F x'), (text, rest) => {
        const line = text + rest;
        const got = rfc3339Instant(line, text.length);
        const cut = rfc3339Instant(text);
        expect(got === undefined ? undefined : (got as { epochMs: number }).epochMs).toBe(cut === undefined ? undefined : (cut as { epochMs: number }).epochMs);
      }),
      { numRuns: 3000 },
    );
    // A fraction or zone that goes on past `end` is not the stamp's.
    expect(rfc3339Instant('2021-09-24T18:38:10.7023Z stdout F x', 22)).toBeUndefined();
    expect(rfc3339Instant('2021-09-24T18:38:10Z', 30)).toBeUndefined();
  });
});
