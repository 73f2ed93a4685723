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
