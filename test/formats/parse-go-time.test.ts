import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseGoTime } from '../../src/formats/parse-go-time.js';

describe('parseGoTime', () => {
  it('reads Go time.String() with a numeric offset as an instant', () => {
    // sirupsen/logrus README.md JSONFormatter example
    expect(parseGoTime('2014-03-10 19:57:38.562264131 -0400 EDT')).toEqual({ kind: 'instant', epochMs: Date.UTC(2014, 2, 10, 23, 57, 38) + 562.264131 });
  });

  it('reads RFC3339 with Z, +hh:mm and +hhmm offsets', () => {
    expect(parseGoTime('2021-11-23T00:22:28Z')).toEqual({ kind: 'instant', epochMs: Date.UTC(2021, 10, 23, 0, 22, 28) });
    expect(parseGoTime('2022-03-17T17:23:34.581-0700')).toEqual({ kind: 'instant', epochMs: Date.UTC(2022, 2, 18, 0, 23, 34, 581) });
  });

  it('gives a zone-less k0s time as a wall time to be resolved later', () => {
    // https://github.com/k0sproject/k0s/issues/1195
    expect(parseGoTime('2021-10-15 22:12:21')).toEqual({ kind: 'wall', wall: { year: 2021, month: 10, day: 15, hour: 22, minute: 12, second: 21, millis: 0 } });
  });

  it('refuses text that is not a time', () => {
    expect(parseGoTime('yesterday')).toBeUndefined();
    expect(parseGoTime('2021-02-30T25:00:00Z')).toBeUndefined();
  });
});

// The regex-only implementation this function started as: the fast path for RFC3339 must never disagree with it.
const GO_TIME_REFERENCE =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))? ?(Z|[+-]\d{2}(?::?\d{2})?)?(?: ([A-Za-z]{1,6}))?(?: m=[+-][\d.]+)?$/;

function referenceGoTime(value: string): unknown {
  const m = GO_TIME_REFERENCE.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 60)) return undefined;
  const millis = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
  const zone = m[8];
  if (zone) {
    const digits = zone.slice(1).replace(':', '');
    const offsetMinutes = zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
    return { kind: 'instant', epochMs: Date.UTC(year, month - 1, day, hour, minute, second) + millis - offsetMinutes * 60_000 };
  }
  return { kind: 'wall', wall: { year, month, day, hour, minute, second, millis, ...(m[9] ? { zoneAbbreviation: m[9] } : {}) } };
}

describe('parseGoTime against the reference regex', () => {
  const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^\\d{${min},${max}}$`));
  const stamp = fc
    .tuple(digits(4, 4), digits(2, 2), digits(2, 2), fc.constantFrom('T', ' '), digits(2, 2), digits(2, 2), digits(2, 2),
      fc.option(fc.tuple(fc.constantFrom('.', ','), digits(0, 11)), { nil: undefined }),
      fc.constantFrom('Z', '+05:30', '-08:00', '+0530', '-07', ' -0400 EDT', ' +0000 UTC m=+0.12', '', 'Z ', '+5:30', ' UTC'))
    .map(([y, mo, d, t, h, mi, s, frac, zone]) => `${y}-${mo}-${d}${t}${h}:${mi}:${s}${frac === undefined ? '' : frac.join('')}${zone}`);

  it('reads every Go-printed stamp, valid or not, exactly as the regex did (fraction rounding included)', () => {
    fc.assert(fc.property(stamp, (text) => {
      expect(parseGoTime(text)).toStrictEqual(referenceGoTime(text));
    }), { numRuns: 5000 });
  });

  it('reads containerd nanosecond stamps with every fraction length to the same number', () => {
    // https://github.com/containerd/containerd/pull/9104
    const base = '2023-09-24T23:18:06.488717812';
    for (let k = 0; k <= 10; k++) {
      for (const zone of ['Z', '+08:00']) {
        const text = `${k === 0 ? base.slice(0, 19) : `${base.slice(0, 20 + Math.min(k, 9))}${k === 10 ? '3' : ''}`}${zone}`;
        expect(parseGoTime(text), text).toStrictEqual(referenceGoTime(text));
      }
    }
  });
});
