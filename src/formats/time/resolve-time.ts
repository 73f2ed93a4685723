import type { TimeQuality } from '../../model/log-event.js';
import type { RecordTime, WallTime } from '../log-format.js';
import { localToEpoch, UTC_ZONE, type Zone } from './zone.js';

/** What a member's clock is anchored to, chosen by the caller in order of trust. */
export interface ClockAnchors {
  /** Zone for local wall times and where it came from. */
  readonly zone?: Zone;
  readonly zoneSource?: 'option' | 'bundle';
  /** Latest plausible time of the member (bundle collection time, else member mtime), epoch ms. */
  readonly latest?: number;
  readonly latestSource?: string;
  /** Boot time (epoch ms) for monotonic stamps, when the member or bundle revealed it. */
  readonly bootTime?: number;
}

export interface ResolvedTime {
  readonly timestamp?: number;
  readonly quality: TimeQuality;
}

/** Counts of assumptions made for one member, reported in coverage. */
export interface ClockAssumptions {
  yearInferred: number;
  zoneAssumed: number;
  /** Where the inferred year came from (first decision). */
  yearSource?: string;
  /** Offset learned from nested payloads, minutes. */
  learnedOffsetMinutes?: number;
  noTime: number;
}

/** Seconds of tolerance for lines that are later than the collection time (clock skew between collector and writer). */
const FUTURE_TOLERANCE_MS = 2 * 24 * 3600_000;

/**
 * Turns a member's raw record times into UTC, in line order. Year-less lines take their year from, in order:
 * a full timestamp on the same line (nested payload), the last full year seen in this member, the member's
 * `latest` anchor (collection time / mtime), and then walk month roll-overs (Dec → Jan adds a year).
 */
export class MemberClock {
  readonly assumptions: ClockAssumptions = { yearInferred: 0, zoneAssumed: 0, noTime: 0 };
  private year: number | undefined;
  private lastMonth = 0;
  private learnedZone: Zone | undefined;

  constructor(private readonly anchors: ClockAnchors, private readonly fallbackYear?: () => number | undefined) {}

  /**
   * Resolves the envelope time of a record; `inner` is the time of a nested payload on the same line, which
   * teaches the year and the zone of the envelope.
   */
  resolve(time: RecordTime | undefined, inner?: RecordTime): ResolvedTime {
    if (inner) this.learnFrom(time, inner);
    if (!time) {
      this.assumptions.noTime++;
      return { quality: 'none' };
    }
    switch (time.kind) {
      case 'instant':
        this.noteYear(new Date(time.epochMs).getUTCFullYear(), new Date(time.epochMs).getUTCMonth() + 1);
        return { timestamp: time.epochMs, quality: 'exact' };
      case 'monotonic':
        if (this.anchors.bootTime !== undefined) {
          return { timestamp: this.anchors.bootTime + time.seconds * 1000, quality: 'relative-to-boot' };
        }
        this.assumptions.noTime++;
        return { quality: 'none' };
      case 'process-relative':
        this.assumptions.noTime++;
        return { quality: 'none' };
      case 'wall':
        return this.resolveWall(time.wall);
    }
  }

  private resolveWall(wall: WallTime): ResolvedTime {
    let quality: TimeQuality = 'exact';
    let year = wall.year;
    if (year === undefined) {
      year = this.inferYear(wall);
      if (year === undefined) {
        this.assumptions.noTime++;
        return { quality: 'none' };
      }
      quality = 'year-inferred';
      this.assumptions.yearInferred++;
    } else {
      this.noteYear(year, wall.month);
    }
    let timestamp: number;
    if (wall.offsetMinutes !== undefined) {
      timestamp = Date.UTC(year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) + wall.millis - wall.offsetMinutes * 60_000;
    } else {
      const zone = this.anchors.zone ?? this.learnedZone ?? zoneFromAbbreviation(wall.zoneAbbreviation);
      if (!zone) {
        if (quality === 'exact') quality = 'zone-assumed';
        this.assumptions.zoneAssumed++;
      }
      timestamp = localToEpoch(zone ?? UTC_ZONE, year, wall.month, wall.day, wall.hour, wall.minute, wall.second, wall.millis);
    }
    return { timestamp, quality };
  }

  private inferYear(wall: WallTime): number | undefined {
    if (this.year === undefined) {
      const latest = this.anchors.latest;
      if (latest !== undefined) {
        const anchorYear = new Date(latest).getUTCFullYear();
        const candidate = Date.UTC(anchorYear, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
        this.year = candidate > latest + FUTURE_TOLERANCE_MS ? anchorYear - 1 : anchorYear;
        this.assumptions.yearSource ??= this.anchors.latestSource ?? 'collection time';
      } else {
        const fallback = this.fallbackYear?.();
        if (fallback === undefined) return undefined;
        this.year = fallback;
        this.assumptions.yearSource ??= 'another file of the same input';
      }
      this.lastMonth = wall.month;
      return this.year;
    }
    // A month far below the previous one is the turn of the year (Dec → Jan); small steps back are reordering.
    if (wall.month < this.lastMonth - 6) this.year++;
    this.lastMonth = wall.month;
    return this.year;
  }

  /** True once a year is known for this member (from the file itself or an anchor). */
  get hasYear(): boolean {
    return this.year !== undefined;
  }

  /**
   * Seeds the year for lines held back before the file's first full timestamp: lines from a month after the
   * anchor's month belong to the year before (a December line before a January timestamp).
   */
  seedYear(anchor: { year: number; month: number }, firstMonth: number): void {
    this.year = firstMonth > anchor.month ? anchor.year - 1 : anchor.year;
    this.lastMonth = firstMonth;
    this.assumptions.yearSource ??= 'full timestamps in the same file';
  }

  private noteYear(year: number, month: number): void {
    this.year = year;
    this.lastMonth = month;
    this.assumptions.yearSource ??= 'full timestamps in the same file';
  }

  /** A payload with a full date and offset on the same line tells the envelope's year and zone offset. */
  private learnFrom(envelope: RecordTime | undefined, inner: RecordTime): void {
    const innerWall = inner.kind === 'wall' ? inner.wall : undefined;
    if (innerWall?.year !== undefined && envelope?.kind === 'wall' && envelope.wall.year === undefined) {
      const sameDay = innerWall.month === envelope.wall.month && innerWall.day === envelope.wall.day;
      if (sameDay) this.noteYear(innerWall.year, innerWall.month);
    }
    if (inner.kind === 'instant' && envelope?.kind === 'wall' && envelope.wall.year === undefined && this.year === undefined) {
      const d = new Date(inner.epochMs);
      if (Math.abs(d.getUTCMonth() + 1 - envelope.wall.month) <= 1) this.noteYear(d.getUTCFullYear(), envelope.wall.month);
    }
    if (
      !this.anchors.zone && !this.learnedZone && innerWall?.offsetMinutes !== undefined &&
      envelope?.kind === 'wall' && envelope.wall.offsetMinutes === undefined
    ) {
      const e = envelope.wall;
      const sameWall = e.hour === innerWall.hour && Math.abs(e.minute * 60 + e.second - (innerWall.minute * 60 + innerWall.second)) <= 2;
      if (sameWall) {
        const minutes = innerWall.offsetMinutes;
        this.learnedZone = { name: formatOffset(minutes), offsetAt: () => minutes };
        this.assumptions.learnedOffsetMinutes = minutes;
      }
    }
  }
}

function zoneFromAbbreviation(abbreviation: string | undefined): Zone | undefined {
  if (!abbreviation) return undefined;
  return /^(?:UTC|GMT|Z)$/i.test(abbreviation) ? UTC_ZONE : undefined;
}

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The year and month a record's own time (or its payload's) states outright, if any. */
export function yearAnchorOf(...times: (RecordTime | undefined)[]): { year: number; month: number } | undefined {
  for (const time of times) {
    if (!time) continue;
    if (time.kind === 'instant') {
      const d = new Date(time.epochMs);
      return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1 };
    }
    if (time.kind === 'wall' && time.wall.year !== undefined) return { year: time.wall.year, month: time.wall.month };
  }
  return undefined;
}
