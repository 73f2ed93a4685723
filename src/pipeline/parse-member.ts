import type { LogEvent } from '../model/log-event.js';
import type { LineMarksView, MemberLines } from '../model/log-line.js';
import {
  fixedZone, formats, newMemberParseStats, parseEventBatches, parseZone, payloadFormats, type MemberParseStats, type Zone,
} from '../formats/index.js';
import { ANALYSIS_SKIM_POLICY } from './skim-eligibility.js';
import type { EventSink, LightLine } from '../formats/skim.js';

/** What the report names when a year-less file's year came from a sibling's full timestamps. */
export const SIBLING_YEAR_SOURCE = 'the newest full timestamp of another file of the same bundle';

/** The latest plausible time of a member and what it is: the bundle's collection time, else the file's mtime. */
export function latestAnchor(collectedAt: number | undefined, collectedAtSource: string | undefined, mtime: number | undefined): { latest?: number; latestSource?: string; isCollectionTime: boolean } {
  if (collectedAt !== undefined) return { latest: collectedAt, latestSource: collectedAtSource ?? 'the bundle collection time', isCollectionTime: true };
  if (mtime !== undefined) return { latest: mtime, latestSource: 'the file modification time', isCollectionTime: false };
  return { isCollectionTime: false };
}

/** A zone as plain data, so it can cross to a worker thread and back. */
export interface ZoneWire {
  readonly name: string;
  readonly fixedMinutes?: number;
}

export function zoneToWire(zone: Zone): ZoneWire {
  return zone.fixedMinutes !== undefined ? { name: zone.name, fixedMinutes: zone.fixedMinutes } : { name: zone.name };
}

export function zoneFromWire(wire: ZoneWire | undefined): Zone | undefined {
  if (!wire) return undefined;
  return wire.fixedMinutes !== undefined ? fixedZone(wire.name, wire.fixedMinutes) : parseZone(wire.name);
}

/** What the run knows about a member's clock before reading it (plain data). */
export interface MemberClockSetup {
  readonly zone?: ZoneWire;
  readonly zoneSource?: 'option' | 'bundle';
  /** The zone the bundle's metadata names for its node (read after the file's own zone, before a sibling's). */
  readonly bundleZone?: ZoneWire;
  /** Latest plausible time (collection time, else mtime), epoch ms. */
  readonly latest?: number;
  readonly latestSource?: string;
  /** True when `latest` is the bundle's collection time (a sibling file's time then tells no better year). */
  readonly latestIsCollectionTime?: boolean;
}

/**
 * What the files read before this one revealed, asked only when the member's own lines do not tell: the zone of a
 * sibling file of the same input, and the last full year seen. Answers must be those of a run reading the files one
 * after another, whatever order the work is actually done in.
 */
export interface EarlierFiles {
  siblingZone(): Zone | undefined;
  latestYear(): number | undefined;
  /** The newest exact time an earlier file of the same bundle and host showed (a year anchor for year-less lines). */
  siblingNewest(): number | undefined;
}

/** One member's parse, as plain data (it crosses back from worker threads). */
export interface MemberOutcome {
  readonly stats: Omit<MemberParseStats, 'zone' | 'newestOwnExact'>;
  /** Zone the member's local times were read in, when given or learned. */
  readonly zone?: ZoneWire;
  /** Events per host, for members the layout does not place. */
  readonly hostCounts: readonly (readonly [string, number])[];
  /** The last full year this member's events showed. */
  readonly lastYear?: number;
  /** The newest full year this member's own times showed (not read in another file's zone). */
  readonly newestYear?: number;
  /** The newest exact time of this member's events whose value the file alone decided (see `newestOwnExact`). */
  readonly newestExact?: number;
  /** The sibling zone the member's local times were read in, when it needed one. */
  readonly siblingZone?: string;
  /**
   * The answers this member took from other files (null: asked, none known), so the run can tell afterwards whether
   * the order files were read in decided any of its times.
   */
  readonly asked: AskedOfEarlierFiles;
}

/** What a member asked of the files read before it, and the answers it got (null: none known). */
export interface AskedOfEarlierFiles {
  siblingZone?: ZoneWire | null;
  siblingNewest?: number | null;
  latestYear?: number | null;
}

/**
 * Formats whose events take text from other lines than their own (a `kubectl describe` event's object from the
 * header above it; a document's event from the whole document): a mark on their own line proves nothing.
 */
const CROSS_LINE_FORMATS: ReadonlySet<string> = new Set(['k8s-events', 'k8s-event-documents']);

/**
 * False only when the raw-byte prefilter proved the event holds no literal a signature or a system fact line rule
 * needs: it was read from one line (several lines can join without a separator, CRI partials), of a format that
 * takes nothing from other lines, and that line is unmarked.
 */
function mayMatch(marks: LineMarksView | undefined, event: LogEvent): boolean {
  return marks === undefined || event.origin.lineCount !== 1 || marks.isMarked(event.origin.line) || CROSS_LINE_FORMATS.has(event.format) ||
    (FREE_KEYED_FORMATS.has(event.format) && hasSpacedKey(event.fields));
}

/**
 * Formats whose field keys are any string (JSON objects, journal field names as written): a key with a space breaks
 * the raw prefilter's premise that a space followed by a key's start is the only joint a literal piece can span.
 */
const FREE_KEYED_FORMATS: ReadonlySet<string> = new Set(['json-lines', 'zap-console', 'journal-json', 'journal-export']);

function hasSpacedKey(fields: Readonly<Record<string, string>>): boolean {
  for (const key in fields) if (key.includes(' ')) return true;
  return false;
}

/**
 * Where light events may go without becoming `LogEvent`s (see formats/skim `LightLine`): asked before each one whether
 * it takes it now, else the light event reaches `onEvent` like any other.
 */
export interface LightLineObserver {
  /** Asked before each light event of the file (`bundle`, `member`). */
  takesLightLine(bundle: string, member: string): boolean;
  /** A light line, in file order among the member's events; it may never match a signature (see `mayMatch`). */
  observeLight(line: LightLine): void;
}

/**
 * Parses one member into events (handed to `onEvent` in file order, with whether it may match a signature: see
 * `MemberLines.marks`) and returns its accounting. `skim`: the unmarked lines of a marked member give light events
 * where the analysis needs no more (see pipeline/skim-eligibility), to `light` as `LightLine`s when it takes them.
 */
export async function parseMember(
  member: MemberLines,
  setup: MemberClockSetup,
  earlier: EarlierFiles,
  onEvent: (event: LogEvent, mayMatch: boolean) => void,
  skim = false,
  light?: LightLineObserver,
): Promise<MemberOutcome> {
  const marks = member.marks;
  const source = member.member.source;
  const stats: MemberParseStats = newMemberParseStats();
  const hosts = new Map<string, number>();
  let lastYear: number | undefined;
  let newestYear: number | undefined;
  let siblingZone: Zone | undefined;
  const asked: AskedOfEarlierFiles = {};
  const bundleZone = zoneFromWire(setup.bundleZone);
  // Hosts are counted in runs (a file rarely changes host from one line to the next): no map probe per event.
  let runHost: string | undefined;
  let runLength = 0;
  const countHost = (host: string | undefined): void => {
    if (host !== runHost) {
      if (runHost) hosts.set(runHost, (hosts.get(runHost) ?? 0) + runLength);
      runHost = host;
      runLength = 0;
    }
    runLength++;
  };
  const sink: EventSink | undefined = skim && light ? {
    event(event) {
      countHost(event.hostProvisional ? undefined : event.host);
      onEvent(event, mayMatch(marks, event));
    },
    takesLightLine: () => light.takesLightLine(source.bundle, source.member),
    lightLine(line) {
      countHost(line.hostProvisional ? undefined : line.host);
      light.observeLight(line);
    },
  } : undefined;
  const batches = parseEventBatches(member, {
    formats,
    payloadFormats,
    ...(skim ? { skim: ANALYSIS_SKIM_POLICY } : {}),
    ...(sink ? { sink } : {}),
    anchors: {
      zone: zoneFromWire(setup.zone),
      zoneSource: setup.zoneSource,
      ...(bundleZone ? { bundleZone } : {}),
      fallbackZone: () => {
        siblingZone = earlier.siblingZone();
        asked.siblingZone = siblingZone ? zoneToWire(siblingZone) : null;
        return siblingZone;
      },
      latest: setup.latest,
      latestSource: setup.latestSource,
      ...(setup.latestIsCollectionTime
        ? {}
        : {
            siblingTime: () => {
              const at = earlier.siblingNewest();
              asked.siblingNewest = at ?? null;
              return at === undefined ? undefined : { at, source: SIBLING_YEAR_SOURCE };
            },
          }),
    },
    // A year this member showed is newer than any earlier file's (a one-by-one run would have seen it last).
    fallbackYear: () => {
      if (lastYear !== undefined) return lastYear;
      const year = earlier.latestYear();
      asked.latestYear = year ?? null;
      return year;
    },
    onYearSeen: (year) => {
      lastYear = year;
      if (newestYear === undefined || year > newestYear) newestYear = year;
    },
  }, stats);
  // With a sink the batches are empty: every event went to it as it was parsed.
  for await (const events of batches) {
    for (let i = 0; i < events.length; i++) {
      const event = events[i]!;
      countHost(event.hostProvisional ? undefined : event.host);
      onEvent(event, mayMatch(marks, event));
    }
  }
  if (runHost) hosts.set(runHost, (hosts.get(runHost) ?? 0) + runLength);
  const { zone, newestOwnExact, ...rest } = stats;
  return {
    stats: rest,
    zone: zone ? zoneToWire(zone) : undefined,
    hostCounts: [...hosts],
    lastYear,
    ...(newestYear !== undefined ? { newestYear } : {}),
    ...(newestOwnExact !== undefined ? { newestExact: newestOwnExact } : {}),
    siblingZone: siblingZone?.name,
    asked,
  };
}
