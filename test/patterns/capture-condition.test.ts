import { describe, expect, it } from 'vitest';
import { captureNumber, parseCaptureCondition, satisfiesCondition } from '../../src/patterns/capture-condition.js';
import { parseGoDuration } from '../../src/patterns/parse-go-duration.js';

describe('parseGoDuration', () => {
  it('reads durations as Go prints them (time.Duration.String)', () => {
    expect(parseGoDuration('7.45s')).toBe(7450);
    expect(parseGoDuration('850ms')).toBe(850);
    expect(parseGoDuration('1m2.3s')).toBeCloseTo(62_300);
    expect(parseGoDuration('1h0m0.5s')).toBeCloseTo(3_600_500);
    expect(parseGoDuration('386.274784ms')).toBeCloseTo(386.274784);
    expect(parseGoDuration('12µs')).toBeCloseTo(0.012);
    expect(parseGoDuration('0s')).toBe(0);
  });

  it('refuses anything else', () => {
    for (const text of ['', 's', '7.45', '1.2.3s', '10 minutes', '-1s', '5x']) expect(parseGoDuration(text), text).toBeUndefined();
  });
});

describe('capture conditions', () => {
  it('parses an operator and a duration or number', () => {
    expect(parseCaptureCondition('took', '>= 1s')).toEqual({ capture: 'took', operator: '>=', value: 1000 });
    expect(parseCaptureCondition('n', '>3')).toEqual({ capture: 'n', operator: '>', value: 3 });
    expect(parseCaptureCondition('took', 'about 1s')).toBeUndefined();
    expect(parseCaptureCondition('took', '>= soon')).toBeUndefined();
  });

  it('compares captured durations in ms and ignores missing or unreadable captures', () => {
    const atLeastOneSecond = parseCaptureCondition('took', '>= 1s')!;
    expect(satisfiesCondition(atLeastOneSecond, { took: '1.018100466s' })).toBe(true);
    expect(satisfiesCondition(atLeastOneSecond, { took: '999ms' })).toBe(false);
    expect(satisfiesCondition(atLeastOneSecond, { took: 'n/a' })).toBe(false);
    expect(satisfiesCondition(atLeastOneSecond, {})).toBe(false);
    expect(captureNumber('42')).toBe(42);
    const present = parseCaptureCondition('kubectl', 'present')!;
    expect(satisfiesCondition(present, { kubectl: 'did you specify the right host or port' })).toBe(true);
    expect(satisfiesCondition(present, { endpoint: '10.0.0.10:6443' })).toBe(false);
  });
});
