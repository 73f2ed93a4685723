import { describe, expect, it } from 'vitest';
import { MemberClock } from '../../../src/formats/time/resolve-time.js';
import { parseZone } from '../../../src/formats/time/zone.js';
import type { RecordTime } from '../../../src/formats/log-format.js';

const wall = (month: number, day: number, hour = 12, minute = 0, second = 0, extra: Partial<{ year: number; offsetMinutes: number; millis: number }> = {}): RecordTime => ({
  kind: 'wall', wall: { month, day, hour, minute, second, millis: extra.millis ?? 0, year: extra.year, offsetMinutes: extra.offsetMinutes },
});
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

describe('MemberClock', () => {
  it('takes the year of a year-less line from the collection time and flags it', () => {
    const clock = new MemberClock({ latest: Date.UTC(2025, 2, 14, 14, 31), latestSource: 'the bundle collection time' });
    const r = clock.resolve(wall(3, 14, 14, 25, 15));
    expect(iso(r.timestamp)).toBe('2025-03-14T14:25:15.000Z');
    expect(r.quality).toBe('year-inferred');
    expect(clock.assumptions.yearInferred).toBe(1);
    expect(clock.assumptions.yearSource).toBe('the bundle collection time');
  });

  it('takes the year nearest to a sibling file\'s newest full timestamp over a modification time, across a new year', () => {
    const siblingAt = Date.UTC(2024, 11, 20, 8);
    const clock = new MemberClock({
      latest: Date.UTC(2026, 10, 30), latestSource: 'the file modification time',
      siblingTime: () => ({ at: siblingAt, source: 'the newest full timestamp of another file of the same bundle' }),
    });
    // A January line after a sibling that ended in December belongs to the next year, not to the sibling's.
    expect(iso(clock.resolve(wall(1, 5, 9)).timestamp)).toBe('2025-01-05T09:00:00.000Z');
    expect(clock.assumptions.yearSource).toBe('the newest full timestamp of another file of the same bundle');
    const before = new MemberClock({ siblingTime: () => ({ at: siblingAt, source: 'sibling' }) });
    expect(iso(before.resolve(wall(11, 28, 9)).timestamp)).toBe('2024-11-28T09:00:00.000Z');
  });

  it('puts December lines of a January bundle in the previous year and walks the roll-over forward', () => {
    const clock = new MemberClock({ latest: Date.UTC(2025, 0, 2, 10) });
    expect(iso(clock.resolve(wall(12, 30, 23)).timestamp)).toBe('2024-12-30T23:00:00.000Z');
    expect(iso(clock.resolve(wall(12, 31, 23, 59, 59)).timestamp)).toBe('2024-12-31T23:59:59.000Z');
    expect(iso(clock.resolve(wall(1, 1, 0, 0, 1)).timestamp)).toBe('2025-01-01T00:00:01.000Z');
  });

  it('never places a line after the collection time plus skew when the year is inferred', () => {
    const latest = Date.UTC(2025, 2, 14);
    const clock = new MemberClock({ latest });
    const r = clock.resolve(wall(11, 2));
    expect(r.timestamp!).toBeLessThanOrEqual(latest);
    expect(iso(r.timestamp)).toBe('2024-11-02T12:00:00.000Z');
  });

  it('learns the year and the zone offset from a nested payload on the same line', () => {
    const clock = new MemberClock({ latest: Date.UTC(2030, 0, 1) });
    // journal short "Mar 16 03:31:09" carrying logrus time="2020-03-16T03:31:09.666371674-07:00" (k3s-io/k3s#1545)
    const r = clock.resolve(wall(3, 16, 3, 31, 9), wall(3, 16, 3, 31, 9, { year: 2020, offsetMinutes: -420, millis: 666.371674 }));
    expect(iso(r.timestamp)).toBe('2020-03-16T10:31:09.000Z');
    expect(clock.assumptions.learnedOffsetMinutes).toBe(-420);
    const next = clock.resolve(wall(3, 16, 3, 32, 0));
    expect(iso(next.timestamp)).toBe('2020-03-16T10:32:00.000Z');
  });

  it('converts local wall times with an IANA zone across a DST change', () => {
    const clock = new MemberClock({ zone: parseZone('Europe/Berlin'), zoneSource: 'option' });
    expect(iso(clock.resolve(wall(3, 29, 12, 0, 0, { year: 2025 })).timestamp)).toBe('2025-03-29T11:00:00.000Z');
    expect(iso(clock.resolve(wall(3, 31, 12, 0, 0, { year: 2025 })).timestamp)).toBe('2025-03-31T10:00:00.000Z');
  });

  it('marks a local time without any known zone as zone-assumed and reads it as UTC', () => {
    const clock = new MemberClock({});
    const r = clock.resolve(wall(5, 13, 12, 13, 6, { year: 2024 }));
    expect(r.quality).toBe('zone-assumed');
    expect(iso(r.timestamp)).toBe('2024-05-13T12:13:06.000Z');
    expect(clock.assumptions.zoneAssumed).toBe(1);
  });

  it('anchors monotonic seconds to a known boot time and leaves them untimed otherwise', () => {
    const boot = Date.UTC(2025, 2, 14, 14, 25, 11);
    expect(new MemberClock({ bootTime: boot }).resolve({ kind: 'monotonic', seconds: 2.5 })).toEqual({ timestamp: boot + 2500, quality: 'relative-to-boot' });
    expect(new MemberClock({}).resolve({ kind: 'monotonic', seconds: 2.5 }).quality).toBe('none');
  });

  it('falls back to a year seen elsewhere in the input when the file has no anchor', () => {
    const clock = new MemberClock({}, () => 2023);
    expect(iso(clock.resolve(wall(7, 1)).timestamp)).toBe('2023-07-01T12:00:00.000Z');
    expect(clock.assumptions.yearSource).toBe('another file of the same input');
  });
});

describe('parseZone', () => {
  it('accepts offsets and IANA names and rejects nonsense', () => {
    expect(parseZone('+02:00')?.offsetAt(0)).toBe(120);
    expect(parseZone('-0530')?.offsetAt(0)).toBe(-330);
    expect(parseZone('UTC')?.offsetAt(0)).toBe(0);
    expect(parseZone('America/New_York')?.offsetAt(Date.UTC(2025, 6, 1))).toBe(-240);
    expect(parseZone('Mars/Olympus')).toBeUndefined();
    expect(parseZone('+25:00')).toBeUndefined();
  });
});

describe('MemberClock zone learning from exact nested instants', () => {
  it('learns -05:00 from a journal line carrying logrus time="…-05:00"', () => {
    const clock = new MemberClock({ latest: Date.UTC(2025, 4, 14) });
    const inner: RecordTime = { kind: 'instant', epochMs: Date.parse('2025-05-13T16:00:32.116-05:00') };
    const r = clock.resolve(wall(5, 13, 16, 0, 32), inner);
    expect(iso(r.timestamp)).toBe('2025-05-13T21:00:32.000Z');
    expect(clock.assumptions.learnedOffsetMinutes).toBe(-300);
  });

  it('does not learn a zone from a nested stamp of another moment', () => {
    const clock = new MemberClock({ latest: Date.UTC(2025, 4, 14) });
    clock.resolve(wall(5, 13, 16, 0, 32), { kind: 'instant', epochMs: Date.parse('2025-05-13T16:07:12.5Z') });
    expect(clock.assumptions.learnedOffsetMinutes).toBeUndefined();
  });
});
