import { describe, expect, it } from 'vitest';
import { parseTimeOption } from '../../src/cli/parse-time-option.js';
import { parseZone } from '../../src/formats/index.js';
import { UsageError } from '../../src/cli/exit-codes.js';

/** The input's last event, the anchor relative forms count from (a bundle collected on 2025-06-02 at 09:15:30Z). */
const ANCHOR = Date.parse('2025-06-02T09:15:30Z');
const at = (text: string, zone?: string) => new Date(parseTimeOption('--since', text, zone ? parseZone(zone) : undefined).resolve(ANCHOR)).toISOString();

describe('--since/--until in journalctl\'s forms', () => {
  it.each([
    ['2025-06-02 09:00', '2025-06-02T09:00:00.000Z'],
    ['2025-06-02T09:00:00Z', '2025-06-02T09:00:00.000Z'],
    ['2025-06-02T09:00:00.250+02:00', '2025-06-02T07:00:00.250Z'],
    ['2025-06-02', '2025-06-02T00:00:00.000Z'],
    ['@1748855700', '2025-06-02T09:15:00.000Z'],
  ])('absolute %s is %s whatever the anchor', (text, iso) => {
    expect(at(text)).toBe(iso);
    expect(parseTimeOption('--since', text).relative).toBe(false);
  });

  it.each([
    ['now', '2025-06-02T09:15:30.000Z'],
    ['today', '2025-06-02T00:00:00.000Z'],
    ['yesterday', '2025-06-01T00:00:00.000Z'],
    ['tomorrow', '2025-06-03T00:00:00.000Z'],
    ['14:25', '2025-06-02T14:25:00.000Z'],
    ['08:05:10', '2025-06-02T08:05:10.000Z'],
    ['-1h', '2025-06-02T08:15:30.000Z'],
    ['-30min', '2025-06-02T08:45:30.000Z'],
    ['+2d', '2025-06-04T09:15:30.000Z'],
    ['-1h 30min', '2025-06-02T07:45:30.000Z'],
    ['1 hour ago', '2025-06-02T08:15:30.000Z'],
    ['2 days ago', '2025-05-31T09:15:30.000Z'],
    ['-1M', '2025-05-02T09:15:30.000Z'],
  ])('relative %s counts from the input\'s last event: %s', (text, iso) => {
    expect(at(text)).toBe(iso);
    expect(parseTimeOption('--since', text).relative).toBe(true);
  });

  it('reads wall times and "today" in the chosen zone (--tz), across a DST offset', () => {
    // 09:15:30Z is 11:15:30 in Berlin (CEST, +02:00): today there began at 2025-06-01T22:00Z.
    expect(at('today', 'Europe/Berlin')).toBe('2025-06-01T22:00:00.000Z');
    expect(at('14:25', 'Europe/Berlin')).toBe('2025-06-02T12:25:00.000Z');
    expect(at('2025-01-15 12:00', 'Europe/Berlin')).toBe('2025-01-15T11:00:00.000Z');
    expect(at('2025-06-02 09:00', '-05:00')).toBe('2025-06-02T14:00:00.000Z');
    // Two hours earlier it is still June 1st in New York (22:00 EDT): "today" and "14:25" are of that day.
    const earlier = Date.parse('2025-06-02T02:00:00Z');
    const newYork = parseZone('America/New_York');
    expect(new Date(parseTimeOption('--since', 'today', newYork).resolve(earlier)).toISOString()).toBe('2025-06-01T04:00:00.000Z');
    expect(new Date(parseTimeOption('--since', '14:25', newYork).resolve(earlier)).toISOString()).toBe('2025-06-01T18:25:00.000Z');
  });

  it.each(['2025-02-30', '2025-13-01', '2025-06-02 24:00', '25:00', 'yesterday-ish', '-1 fortnight', 'soon', '-', '2025-06-02 9'])(
    'refuses %s with one line naming the flag and the forms',
    (text) => {
      expect(() => parseTimeOption('--since', text)).toThrow(UsageError);
      expect(() => parseTimeOption('--since', text)).toThrow(/^--since "[^"]*": .*expected absolute .*1 hour ago/);
    },
  );

  it('accepts 2024-02-29 (a leap day) but not 2025-02-29', () => {
    expect(at('2024-02-29')).toBe('2024-02-29T00:00:00.000Z');
    expect(() => parseTimeOption('--until', '2025-02-29')).toThrow(/there is no 2025-02-29/);
  });
});
