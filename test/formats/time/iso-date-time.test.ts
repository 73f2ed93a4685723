import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readIsoDateTime, strictZoneAt, twoDigits } from '../../../src/formats/time/iso-date-time.js';

const SHAPE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/;

describe('readIsoDateTime', () => {
  it('reads the fields of a containerd/logrus time', () => {
    const out = new Int32Array(6);
    expect(readIsoDateTime('2025-03-14T14:25:15.518500416Z', out)).toBe(true);
    expect([...out]).toEqual([2025, 3, 14, 14, 25, 15]);
  });

  it('refuses a space instead of T, a missing digit, and short text', () => {
    const out = new Int32Array(6);
    expect(readIsoDateTime('2025-03-14 14:25:15', out)).toBe(false);
    expect(readIsoDateTime('2025-3-14T14:25:15Z', out)).toBe(false);
    expect(readIsoDateTime('2025-03-14T14:25', out)).toBe(false);
  });

  it('agrees with the regex it stands for on any text', () => {
    const out = new Int32Array(6);
    // Texts made of the characters that matter (and an Arabic-Indic digit, which `\d` does not take).
    const near = fc.string({ unit: fc.constantFrom('0', '1', '5', '9', '-', 'T', ':', ' ', '٣'), minLength: 15, maxLength: 22 });
    fc.assert(fc.property(fc.oneof(near, fc.date({ noInvalidDate: true }).map((d) => d.toISOString())), (text) => {
      const m = SHAPE.exec(text);
      expect(readIsoDateTime(text, out)).toBe(m !== null);
      if (m) expect([...out]).toEqual(m.slice(1, 7).map(Number));
    }), { numRuns: 2000, seed: 20261123 });
  });

  it('reads two digits or gives -1', () => {
    expect(twoDigits('x07', 1)).toBe(7);
    expect(twoDigits('7a', 0)).toBe(-1);
    expect(twoDigits('7', 0)).toBe(-1);
  });
});

describe('strictZoneAt', () => {
  it('reads Z and ±hh:mm ending the text, in minutes east of UTC', () => {
    expect(strictZoneAt('2025-03-14T14:25:15Z', 19)).toBe(0);
    expect(strictZoneAt('2025-03-14T14:25:15+05:30', 19)).toBe(330);
    expect(strictZoneAt('2025-03-14T14:25:15-04:00', 19)).toBe(-240);
  });

  it('refuses other shapes and anything after the zone', () => {
    for (const text of ['2025-03-14T14:25:15Z ', '2025-03-14T14:25:15+0530', '2025-03-14T14:25:15+05:3x', '2025-03-14T14:25:15 UTC', '2025-03-14T14:25:15']) {
      expect(strictZoneAt(text, 19), text).toBeNaN();
    }
  });
});
