import type { TimeQuality } from '../../model/log-event.js';
import type { RecordTime, WallTime } from '../log-format.js';
import { fixedZone, localToEpoch, UTC_ZONE, type Zone } from './zone.js';
import { utcMonthIndex } from './utc-month-index.js';
import { utcDateTime } from './utc-date-time.js';

/** What a member's clock is anchored to, chosen by the caller in order of trust. */
export interface ClockAnchors {
  /** Zone for local wall times and where it came from. */
  readonly zone?: Zone;
  readonly zoneSource?: 'option' | 'bundle';
  /**
   * The zone the bundle says its node runs in (sos `timedatectl`, `etc/timezone`): read after what the file itself
   * says (a zone on the line, a journal header, nested offsets) and before a sibling file's zone.
   */
  readonly bundleZone?: Zone;
  /** Latest plausible time of the member (bundle collection time, else member mtime), epoch ms. */
  readonly latest?: number;
  readonly latestSource?: string;
  /**
   * Zone learned from other files of the same input, used when this file reveals none of its own. A function,
   * asked at most once and only when a local time needs it: finding the answer may mean waiting for other files.
   */
  readonly fallbackZone?: () => Zone | undefined;
  /**
   * The newest full timestamp of a sibling file (same bundle and host) and where it came from, asked at most once and
   * only when a year-less line needs a year: a syslog written next to a journal or klog with full dates shares their
   * years, which a copied file's modification time does not tell. The caller offers it only when `latest` is not a
   * collection time; the year that puts the line nearest to it wins.
   */
  readonly siblingTime?: () => { readonly at: number; readonly source: string } | undefined;
  /** Boot time (epoch ms) for monotonic stamps, when the member or bundle revealed it. */
  readonly bootTime?: number;
}

export interface ResolvedTime {
  readonly timestamp?: number;
  readonly quality: TimeQuality;
  /** True when the time was read in a zone another file revealed (the bundle's or a sibling's), not the file's own. */
  readonly borrowed?: boolean;
}

/** Counts of assumptions made for one member, reported in coverage. */
export interface ClockAssumptions {
  yearInferred: number;
  zoneAssumed: number;
  /** Local times read in a zone another file of the same input revealed. */
  zoneFromSibling: number;
  /** Local times read in the zone the bundle's metadata names (`ClockAnchors.bundleZone`). */
  zoneFromBundle: number;
  /** True once the `latest` anchor (collection time or mtime) dated a kubectl age. */
  latestUsed?: boolean;
  /**
   * The first year-less time when its year came from outside the file (a sibling, the collection time or mtime,
   * another file's year), and that year: enough to tell afterwards which year other anchors would have given.
   */
  yearAnchor?: { readonly wall: YearlessWall; readonly year: number };
  /** Where the inferred year came from (first decision). */
  yearSource?: string;
  /** Offset learned from nested payloads, minutes. */
  learnedOffsetMinutes?: number;
  noTime: number;
}

/** The calendar parts of a year-less wall time that decide its year. */
export type YearlessWall = Pick<WallTime, 'month' | 'day' | 'hour' | 'minute' | 'second'>;

/** What can give a year-less file its year, in order of trust (functions: asked only when needed). */
export interface YearAnchors {
  /** The newest full timestamp of a sibling, offered only when `latest` is no collection time. */
  readonly sibling?: () => { readonly at: number; readonly source: string } | undefined;
  readonly latest?: number;
  readonly latestSource?: string;
  readonly fallback?: () => number | undefined;
}

/**
 * The year of a file's first year-less time from what lies outside the file, and what gave it: the year nearest to
 * a sibling's newest full timestamp, else the collection time's (mtime's) year — the year before when the time would
 * fall more than two days after it —, else another file's year.
 */
export function yearFromAnchors(wall: YearlessWall, anchors: YearAnchors): { readonly year: number; readonly source: string } | undefined {
  const sibling = anchors.sibling?.();
  if (sibling !== undefined) return { year: nearestYear(wall, sibling.at), source: sibling.source };
  const latest = anchors.latest;
  if (latest !== undefined) {
    const anchorYear = new Date(latest).getUTCFullYear();
    const candidate = Date.UTC(anchorYear, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
    return { year: candidate > latest + FUTURE_TOLERANCE_MS ? anchorYear - 1 : anchorYear, source: anchors.latestSource ?? 'collection time' };
  }
  const fallback = anchors.fallback?.();
  return fallback === undefined ? undefined : { year: fallback, source: 'another file of the same input' };
}

/** Seconds of tolerance for lines that are later than the collection time (clock skew between collector and writer). */
const FUTURE_TOLERANCE_MS = 2 * 24 * 3600_000;

/**
 * Turns a member's raw record times into UTC, in line order. Year-less lines take their year from, in order:
 * a full timestamp on the same line (nested payload), the last full year seen in this member, the member's
 * `latest` anchor (collection time / mtime), and then walk month roll-overs (Dec → Jan adds a year).
 */
export class MemberClock {
  readonly assumptions: ClockAssumptions = { yearInferred: 0, zoneAssumed: 0, zoneFromSibling: 0, zoneFromBundle: 0, noTime: 0 };
  private year: number | undefined;
  private lastMonth = 0;
  private learnedZone: Zone | undefined;
  private siblingZone: { zone: Zone | undefined } | undefined;
  /** What `resolve` answers, reused: it is asked for every line of a file. */
  private readonly result: { timestamp: number | undefined; quality: TimeQuality; borrowed: true | undefined } = { timestamp: undefined, quality: 'none', borrowed: undefined };

  constructor(private readonly anchors: ClockAnchors, private readonly fallbackYear?: () => number | undefined) {}

  /**
   * Resolves the envelope time of a record; `inner` is the time of a nested payload on the same line, which
   * teaches the year and the zone of the envelope. The answer is valid until the next call (one object, reused).
   */
  resolve(time: RecordTime | undefined, inner?: RecordTime): ResolvedTime {
    if (inner) this.learnFrom(time, inner);
    if (!time) {
      this.assumptions.noTime++;
      return this.resolved(undefined, 'none');
    }
    switch (time.kind) {
      case 'instant':
        {
          const index = utcMonthIndex(time.epochMs);
          this.noteYear(Math.floor(index / 12), index - Math.floor(index / 12) * 12 + 1);
        }
        return this.resolved(time.epochMs, 'exact');
      case 'monotonic':
        if (this.anchors.bootTime !== undefined) {
          return this.resolved(this.anchors.bootTime + time.seconds * 1000, 'relative-to-boot');
        }
        this.assumptions.noTime++;
        return this.resolved(undefined, 'none');
      case 'process-relative':
        this.assumptions.noTime++;
        return this.resolved(undefined, 'none');
      case 'age':
        // kubectl rounds ages (`2d3h`) and the output was taken near, not at, the bundle's collection time.
        if (this.anchors.latest !== undefined) {
          this.assumptions.latestUsed = true;
          return this.resolved(this.anchors.latest - time.seconds * 1000, 'approximate');
        }
        this.assumptions.noTime++;
        return this.resolved(undefined, 'none');
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
        return this.resolved(undefined, 'none');
      }
      quality = 'year-inferred';
      this.assumptions.yearInferred++;
    } else {
      this.noteYear(year, wall.month);
    }
    let timestamp: number;
    if (wall.offsetMinutes !== undefined) {
      timestamp = utcDateTime(year, wall.month, wall.day, wall.hour, wall.minute, wall.second) + wall.millis - wall.offsetMinutes * 60_000;
    } else {
      const own = this.anchors.zone ?? zoneFromAbbreviation(wall.zoneAbbreviation) ?? this.learnedZone;
      const bundle = own ? undefined : this.anchors.bundleZone;
      const zone = own ?? bundle ?? this.fallbackZone();
      if (bundle) this.assumptions.zoneFromBundle++;
      else if (!own && zone) this.assumptions.zoneFromSibling++;
      if (!zone) {
        if (quality === 'exact') quality = 'zone-assumed';
        this.assumptions.zoneAssumed++;
      }
      timestamp = localToEpoch(zone ?? UTC_ZONE, year, wall.month, wall.day, wall.hour, wall.minute, wall.second, wall.millis);
      if (!own && zone) return this.resolved(timestamp, quality, true);
    }
    return this.resolved(timestamp, quality);
  }

  /** The answer of `resolve`, written into the one object it hands out. */
  private resolved(timestamp: number | undefined, quality: TimeQuality, borrowed?: true): ResolvedTime {
    const out = this.result;
    out.timestamp = timestamp;
    out.quality = quality;
    out.borrowed = borrowed;
    return out;
  }

  private fallbackZone(): Zone | undefined {
    this.siblingZone ??= { zone: this.anchors.fallbackZone?.() };
    return this.siblingZone.zone;
  }

  private inferYear(wall: WallTime): number | undefined {
    if (this.year === undefined) {
      const anchored = yearFromAnchors(wall, {
        sibling: () => this.anchors.siblingTime?.(),
        latest: this.anchors.latest,
        latestSource: this.anchors.latestSource,
        fallback: () => this.fallbackYear?.(),
      });
      if (anchored === undefined) return undefined;
      this.year = anchored.year;
      this.assumptions.yearSource ??= anchored.source;
      this.assumptions.yearAnchor = { wall: { month: wall.month, day: wall.day, hour: wall.hour, minute: wall.minute, second: wall.second }, year: anchored.year };
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
  seedYear(anchor: { year: number; month: number }, firstMonth: number, source = 'full timestamps in the same file'): void {
    this.year = firstMonth > anchor.month ? anchor.year - 1 : anchor.year;
    this.lastMonth = firstMonth;
    this.assumptions.yearSource ??= source;
  }

  private noteYear(year: number, month: number): void {
    this.year = year;
    this.lastMonth = month;
    this.assumptions.yearSource ??= 'full timestamps in the same file';
  }

  /**
   * A local envelope stamp next to an exact nested instant (logrus `time="…-05:00"`, zap `ts`) reveals the writer's
   * zone offset: their difference, when it is a whole number of quarter hours.
   */
  private learnOffsetFromInstant(envelope: WallTime, instant: number): void {
    if (this.anchors.zone || this.learnedZone) return;
    const year = envelope.year ?? new Date(instant).getUTCFullYear();
    const asUtc = Date.UTC(year, envelope.month - 1, envelope.day, envelope.hour, envelope.minute, envelope.second) + envelope.millis;
    const difference = asUtc - instant;
    const minutes = Math.round(difference / 900_000) * 15;
    if (Math.abs(minutes) > 14 * 60 || Math.abs(difference - minutes * 60_000) > SAME_MOMENT_MS) return;
    this.learnedZone = fixedZone(formatOffset(minutes), minutes);
    this.assumptions.learnedOffsetMinutes = minutes;
  }

  /** A journal header (`-- Journal begins at … CEST`) names the zone the whole file is printed in. */
  adoptZoneAbbreviation(abbreviation: string | undefined): void {
    const zone = zoneFromAbbreviation(abbreviation);
    if (!zone || this.anchors.zone || this.learnedZone) return;
    this.learnedZone = zone;
    this.assumptions.learnedOffsetMinutes = zone.offsetAt(0);
  }

  /** The zone this member's local times are read in, if any was given or learned. */
  get zone(): Zone | undefined {
    return this.anchors.zone ?? this.learnedZone;
  }

  /** A payload with a full date and offset on the same line tells the envelope's year and zone offset. */
  learnFrom(envelope: RecordTime | undefined, inner: RecordTime): void {
    if (inner.kind === 'instant' && envelope?.kind === 'wall' && envelope.wall.offsetMinutes === undefined) this.learnOffsetFromInstant(envelope.wall, inner.epochMs);
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
        this.learnedZone = fixedZone(formatOffset(minutes), minutes);
        this.assumptions.learnedOffsetMinutes = minutes;
      }
    }
  }
}

/** Offsets are whole quarter hours; a nested stamp written more than this apart from its envelope is another moment. */
const SAME_MOMENT_MS = 2_000;

/**
 * Zone abbreviations with one meaning only (journalctl's short-full and `-- Journal begins at … CEST` headers print
 * them). Ambiguous ones (CST, IST, BST in some locales) are left out on purpose: a wrong guess is worse than "assumed".
 */
const UNAMBIGUOUS_ABBREVIATIONS: Readonly<Record<string, number>> = {
  UTC: 0, GMT: 0, Z: 0, WET: 0, WEST: 60, CET: 60, CEST: 120, MET: 60, MEST: 120, EET: 120, EEST: 180, MSK: 180,
  EST: -300, EDT: -240, CDT: -300, MDT: -360, MST: -420, PST: -480, PDT: -420, AKST: -540, AKDT: -480, HST: -600,
  JST: 540, KST: 540, HKT: 480, SGT: 480, AEST: 600, AEDT: 660, ACST: 570, AWST: 480, NZST: 720, NZDT: 780,
};

export function zoneFromAbbreviation(abbreviation: string | undefined): Zone | undefined {
  if (!abbreviation) return undefined;
  const minutes = UNAMBIGUOUS_ABBREVIATIONS[abbreviation.toUpperCase()];
  if (minutes === undefined) return undefined;
  return minutes === 0 ? UTC_ZONE : fixedZone(abbreviation.toUpperCase(), minutes);
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

/**
 * The year that puts a year-less wall time nearest to `at` (the year before, of, or after it): a sibling file's
 * newest line may be older or newer than this file's lines, by weeks, but not by half a year.
 */
export function nearestYear(wall: YearlessWall, at: number): number {
  const year = new Date(at).getUTCFullYear();
  let best = year;
  let bestDistance = Infinity;
  for (const candidate of [year - 1, year, year + 1]) {
    const distance = Math.abs(Date.UTC(candidate, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) - at);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
