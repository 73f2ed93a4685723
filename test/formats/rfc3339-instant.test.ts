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
