import type { LogEvent, Severity } from '../model/log-event.js';
import type { LightLine } from '../formats/skim.js';
import type { ActivityBucket, HostCoverage } from '../model/report.js';
import { ArchiveHosts, innermostArchive } from '../placement/archive-chain.js';

const MINUTE = 60_000;
/** A host silent for less than this is never a gap, whatever its sources' rhythm. */
const GAP_MINUTES = 60;
/**
 * A source "normally logs" at least once every S minutes, S being its usual spacing between consecutive active
 * minutes (minutes with at least one event; see `usualSpacing`). A host's silence is a gap only when a source whose
 * own span encloses the silence was silent for more than GAP_RHYTHM_FACTOR × its S: a node that logs every three
 * hours is not missing logs between those lines, one that logs every minute and stops for two hours is.
 */
const GAP_RHYTHM_FACTOR = 4;
/** Which time-weighted quantile of a source's spacings is its usual spacing (see `usualSpacing`). */
const RHYTHM_QUANTILE = 0.25;
/**
 * A source shows a rhythm around a silence only with at least this many active minutes on each side of it: a unit
 * that logged once at boot and then again days later (systemd) has no rhythm that silence could break.
 */
const MIN_ACTIVE_MINUTES_EACH_SIDE = 5;
/** Activity buckets per host over the whole span at most (each a whole number of minutes wide). */
const MAX_BUCKETS = 240;
/** (host, component) pairs remembered per file. */
const MAX_FILE_SLOTS = 64;
const UNKNOWN_PREFIX = '\u0000unknown:';

/** The key host-less lines of one input are counted under until the input's host is known. */
export function unknownHostKey(bundle: string, member: string): string {
  return `${UNKNOWN_PREFIX}${innermostArchive(bundle, member)}`;
}

interface SourceStats {
  files: Set<string>;
  events: number;
  start?: number;
  end?: number;
  /** Minutes (since epoch) with at least one event of this source: its rhythm, for telling gaps from quiet. */
  minutes: Set<number>;
}

/** Activity of every host in equal buckets over a stretch of time. */
export interface ActivitySeries {
  readonly start: number;
  readonly end: number;
  readonly bucketMs: number;
  readonly buckets: ActivityBucket[];
}

interface HostStats {
  sources: Map<string, SourceStats>;
  /** Events and errors per minute since epoch. */
  minutes: Map<number, { events: number; errors: number }>;
}

interface SourceSlot {
  readonly host: string | undefined;
  readonly component: string | undefined;
  readonly stats: HostStats;
  readonly source: SourceStats;
}

/**
 * What one collector saw, as plain data: a worker thread sends it, and the main thread's collector absorbs it.
 * Minutes are `[minute, events, errors]`.
 */
export interface CoveragePart {
  readonly hosts: readonly (readonly [string, {
    readonly sources: readonly (readonly [string, { readonly files: readonly string[]; readonly events: number; readonly start?: number; readonly end?: number; readonly minutes: readonly number[] }])[];
    readonly minutes: readonly (readonly [number, number, number])[];
  }])[];
  readonly hostsByArchive: readonly (readonly [string, readonly string[]])[];
}

/** Per-host coverage and activity, fed with every event; memory grows with minutes of log span, not with lines. */
export class CoverageCollector {
  private readonly hosts = new Map<string, HostStats>();
  /**
   * @param archiveHosts where host-less lines are settled from: placement's, which sees every event, so a filter
   * settles them as placement does; a collector of its own learns them from the events it observes.
   */
  constructor(private readonly archiveHosts = new ArchiveHosts()) {}

  // Consecutive events nearly always come from the same file, host and component: remember the last lookup so
  // the common case costs no string building, hashing or map probes. A mixed journal alternates between a few
  // units, so the file's other (host, component) pairs are kept too, until the next file.
  private last: SourceSlot | undefined;
  private fileBundle: string | undefined;
  private fileMember: string | undefined;
  private fileSlots: SourceSlot[] = [];

  private lastMinute = NaN;
  private lastMinuteStats: HostStats | undefined;
  private lastBucket: { events: number; errors: number } | undefined;
  private lastSourceMinute = NaN;
  private lastSource: SourceStats | undefined;

  observe(event: LogEvent): void {
    const origin = event.origin;
    // A host guessed from the bundle's name is settled like a missing one (onto the host the bundle's files name).
    this.count(origin.bundle, origin.member, event.hostProvisional ? undefined : event.host, event.component, event.timestamp, event.severity);
  }

  /** The same for a light line (see formats/skim `LightLine`): it reads the same of it. */
  observeLight(line: LightLine): void {
    this.count(line.bundle, line.member, line.hostProvisional ? undefined : line.host, line.component, line.timestamp, line.severity);
  }

  private count(bundle: string, member: string, host: string | undefined, component: string | undefined, t: number | undefined, severity: Severity | undefined): void {
    let slot = this.last;
    if (slot === undefined || slot.host !== host || slot.component !== component || this.fileMember !== member || this.fileBundle !== bundle) {
      slot = this.slotOf(bundle, member, host, component);
      this.last = slot;
    }
    const stats = slot.stats;
    const source = slot.source;
    source.events++;
    if (t === undefined) return;
    if (source.start === undefined || t < source.start) source.start = t;
    if (source.end === undefined || t > source.end) source.end = t;
    const minute = Math.floor(t / MINUTE);
    if (this.lastSourceMinute !== minute || this.lastSource !== source) {
      source.minutes.add(minute);
      this.lastSourceMinute = minute;
      this.lastSource = source;
    }
    // Lines of a file come in time order: the last bucket is nearly always the one.
    let bucket = this.lastMinute === minute && this.lastMinuteStats === stats ? this.lastBucket : undefined;
    if (!bucket) {
      bucket = stats.minutes.get(minute);
      if (!bucket) stats.minutes.set(minute, (bucket = { events: 0, errors: 0 }));
      this.lastMinute = minute;
      this.lastMinuteStats = stats;
      this.lastBucket = bucket;
    }
    bucket.events++;
    if (severity === 'error' || severity === 'critical') bucket.errors++;
  }

  /** The host's and component's statistics for an event of this file, found once per file and pair. */
  private slotOf(bundle: string, member: string, host: string | undefined, component: string | undefined): SourceSlot {
    if (this.fileMember !== member || this.fileBundle !== bundle) {
      this.fileBundle = bundle;
      this.fileMember = member;
      this.fileSlots = [];
    }
    const slots = this.fileSlots;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      if (slot.host === host && slot.component === component) return slot;
    }
    // Host-less lines (raw dmesg, bare pod logs) are kept per archive and given to the only host of the innermost
    // archive around them that has any (a node's own report inside a multi-node bundle, else the input).
    if (host) this.archiveHosts.add(bundle, member, host);
    const key = host ?? unknownHostKey(bundle, member);
    let stats = this.hosts.get(key);
    if (!stats) this.hosts.set(key, (stats = { sources: new Map(), minutes: new Map() }));
    const name = component ?? 'other';
    let source = stats.sources.get(name);
    if (!source) stats.sources.set(name, (source = { files: new Set(), events: 0, minutes: new Set() }));
    source.files.add(`${bundle}\u0000${member}`);
    const slot: SourceSlot = { host, component, stats, source };
    // Bounded: a file naming unboundedly many hosts or components just looks them up again.
    if (slots.length < MAX_FILE_SLOTS) slots.push(slot);
    return slot;
  }

  /** Everything observed so far, as plain data (for `absorb` in another thread). */
  part(): CoveragePart {
    return {
      hosts: [...this.hosts].map(([host, stats]) => [host, {
        sources: [...stats.sources].map(([component, s]) => [component, { files: [...s.files], events: s.events, start: s.start, end: s.end, minutes: [...s.minutes] }]),
        minutes: [...stats.minutes].map(([minute, counts]) => [minute, counts.events, counts.errors]),
      }]),
      hostsByArchive: this.archiveHosts.part(),
    };
  }

  /** Adds another collector's observations: the result is as if this collector had observed its events too. */
  absorb(part: CoveragePart): void {
    this.archiveHosts.absorb(part.hostsByArchive);
    for (const [host, incoming] of part.hosts) {
      let stats = this.hosts.get(host);
      if (!stats) this.hosts.set(host, (stats = { sources: new Map(), minutes: new Map() }));
      for (const [component, source] of incoming.sources) {
        let target = stats.sources.get(component);
        if (!target) stats.sources.set(component, (target = { files: new Set(), events: 0, minutes: new Set() }));
        for (const file of source.files) target.files.add(file);
        for (const minute of source.minutes) target.minutes.add(minute);
        target.events += source.events;
        if (source.start !== undefined && (target.start === undefined || source.start < target.start)) target.start = source.start;
        if (source.end !== undefined && (target.end === undefined || source.end > target.end)) target.end = source.end;
      }
      for (const [minute, events, errors] of incoming.minutes) {
        const bucket = stats.minutes.get(minute);
        if (bucket) {
          bucket.events += events;
          bucket.errors += errors;
        } else stats.minutes.set(minute, { events, errors });
      }
    }
  }

  /** A host key as reported: host-less keys go to their archive's only host (see `onlyHostOf`), else `unknown-host`. */
  private settledHost(key: string): string {
    if (!key.startsWith(UNKNOWN_PREFIX)) return key;
    return this.archiveHosts.hostOfArchive(key.slice(UNKNOWN_PREFIX.length)) ?? 'unknown-host';
  }

  /** Merges host-less statistics into the host of their archive, or keeps them as `unknown-host`. */
  private settledHosts(): Map<string, HostStats> {
    const settled = new Map<string, HostStats>();
    for (const [key, stats] of [...this.hosts.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const host = this.settledHost(key);
      const into = settled.get(host);
      if (!into) {
        settled.set(host, { sources: new Map([...stats.sources].map(([c, s]) => [c, { ...s, files: new Set(s.files), minutes: new Set(s.minutes) }])), minutes: new Map([...stats.minutes].map(([m, c]) => [m, { ...c }])) });
        continue;
      }
      for (const [component, source] of stats.sources) {
        const target = into.sources.get(component);
        if (!target) {
          into.sources.set(component, { ...source, files: new Set(source.files), minutes: new Set(source.minutes) });
          continue;
        }
        for (const file of source.files) target.files.add(file);
        for (const minute of source.minutes) target.minutes.add(minute);
        target.events += source.events;
        if (source.start !== undefined && (target.start === undefined || source.start < target.start)) target.start = source.start;
        if (source.end !== undefined && (target.end === undefined || source.end > target.end)) target.end = source.end;
      }
      for (const [minute, counts] of stats.minutes) {
        const target = into.minutes.get(minute);
        if (target) {
          target.events += counts.events;
          target.errors += counts.errors;
        } else into.minutes.set(minute, { ...counts });
      }
    }
    return settled;
  }

  /** The hosts seen, host-less lines settled onto their archive's host. */
  hostNames(): string[] {
    return [...this.settledHosts().keys()].sort();
  }

  /** Per-host coverage; `lines`/`unparsed` come from member accounting, keyed by host. */
  hostCoverage(linesByHost: ReadonlyMap<string, { lines: number; unparsed: number }>): HostCoverage[] {
    const settledLines = new Map<string, { lines: number; unparsed: number }>();
    for (const [key, counts] of linesByHost) {
      const host = this.settledHost(key);
      const into = settledLines.get(host) ?? { lines: 0, unparsed: 0 };
      into.lines += counts.lines;
      into.unparsed += counts.unparsed;
      settledLines.set(host, into);
    }
    linesByHost = settledLines;
    return [...this.settledHosts().entries()].sort(([a], [b]) => a.localeCompare(b)).map(([host, stats]) => {
      const gaps = silencesThatAreGaps(stats);
      const counts = linesByHost.get(host) ?? { lines: 0, unparsed: 0 };
      return {
        host,
        sources: [...stats.sources.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([component, s]) => ({
          component, files: s.files.size, events: s.events, start: s.start, end: s.end,
        })),
        lines: counts.lines,
        unparsed: counts.unparsed,
        gaps,
      };
    });
  }

  /**
   * Activity per host over `range` (the whole span, or a zoom around the incidents) in at most `maxBuckets` equal
   * buckets, each a whole number of minutes wide: the first holds `range.start`, the last `range.end`. Memory is the
   * per-minute counts already kept, never the events.
   */
  activity(range: { start: number; end: number } | undefined, maxBuckets = MAX_BUCKETS): ActivitySeries | undefined {
    if (!range) return undefined;
    const firstMinute = Math.floor(range.start / MINUTE);
    const lastMinute = Math.floor(range.end / MINUTE);
    const width = Math.max(1, Math.ceil((lastMinute - firstMinute + 1) / Math.max(1, maxBuckets)));
    const out: ActivityBucket[] = [];
    for (const [host, stats] of [...this.settledHosts().entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const buckets = new Map<number, { events: number; errors: number }>();
      for (const [minute, counts] of stats.minutes) {
        if (minute < firstMinute || minute > lastMinute) continue;
        const index = Math.floor((minute - firstMinute) / width);
        let bucket = buckets.get(index);
        if (!bucket) buckets.set(index, (bucket = { events: 0, errors: 0 }));
        bucket.events += counts.events;
        bucket.errors += counts.errors;
      }
      const total = Math.floor((lastMinute - firstMinute) / width) + 1;
      for (let index = 0; index < total; index++) {
        const bucket = buckets.get(index) ?? { events: 0, errors: 0 };
        out.push({ host, start: (firstMinute + index * width) * MINUTE, events: bucket.events, errors: bucket.errors });
      }
    }
    return { start: range.start, end: range.end, bucketMs: width * MINUTE, buckets: out };
  }

  /** Overall time span of timestamped events. */
  span(): { start: number; end: number } | undefined {
    let start: number | undefined;
    let end: number | undefined;
    for (const stats of this.hosts.values()) {
      for (const source of stats.sources.values()) {
        if (source.start !== undefined && (start === undefined || source.start < start)) start = source.start;
        if (source.end !== undefined && (end === undefined || source.end > end)) end = source.end;
      }
    }
    return start !== undefined && end !== undefined ? { start, end } : undefined;
  }
}

/** A source's active minutes in order, and the spacings between consecutive ones, sorted. */
interface Rhythm {
  readonly minutes: readonly number[];
  readonly spacings: readonly number[];
}

/**
 * The spacing the source usually keeps while it logs, ignoring the silence being judged (`excluded`, one of its
 * spacings): the time-weighted 25th percentile, i.e. the shortest spacing such that spacings up to it cover a quarter
 * of the source's time. Time-weighted, so a burst of lines around an incident does not make a slow periodic source
 * look chatty; a quarter, so a source that logged steadily and then went silent twice still counts as steady.
 */
function usualSpacing(rhythm: Rhythm, excluded: number): number {
  let total = -excluded;
  for (const d of rhythm.spacings) total += d;
  let skipped = false;
  let sum = 0;
  for (const d of rhythm.spacings) {
    if (!skipped && d === excluded) {
      skipped = true;
      continue;
    }
    sum += d;
    if (sum >= total * RHYTHM_QUANTILE) return d;
  }
  return Infinity;
}

/**
 * The host's silences (no source logged) of at least GAP_MINUTES that some source, by its own rhythm, should have
 * broken: the source logged at least MIN_ACTIVE_MINUTES_EACH_SIDE minutes before and after the silence, and was silent
 * for more than GAP_RHYTHM_FACTOR times its usual spacing. A gap runs from the minute after the last line to the
 * minute of the next.
 */
function silencesThatAreGaps(stats: HostStats): { start: number; end: number }[] {
  const rhythms: Rhythm[] = [];
  for (const source of stats.sources.values()) {
    if (source.minutes.size < 2 * MIN_ACTIVE_MINUTES_EACH_SIDE) continue;
    const minutes = [...source.minutes].sort((a, b) => a - b);
    const spacings: number[] = [];
    for (let i = 1; i < minutes.length; i++) spacings.push(minutes[i]! - minutes[i - 1]!);
    rhythms.push({ minutes, spacings: spacings.sort((a, b) => a - b) });
  }
  const minutes = [...stats.minutes.keys()].sort((a, b) => a - b);
  const gaps: { start: number; end: number }[] = [];
  for (let i = 1; i < minutes.length; i++) {
    const from = minutes[i - 1]!;
    const to = minutes[i]!;
    if (to - from < GAP_MINUTES) continue;
    const broken = rhythms.some((r) => {
      const own = enclosingSpacing(r.minutes, from, to);
      return own !== undefined && to - from > GAP_RHYTHM_FACTOR * usualSpacing(r, own);
    });
    if (broken) gaps.push({ start: (from + 1) * MINUTE, end: to * MINUTE });
  }
  return gaps;
}

/**
 * The source's own silence around the host's silence [from, to] (its last minute ≤ from to its first ≥ to), or
 * undefined when the source has fewer than MIN_ACTIVE_MINUTES_EACH_SIDE active minutes on either side.
 */
function enclosingSpacing(minutes: readonly number[], from: number, to: number): number | undefined {
  let lo = 0;
  let hi = minutes.length - 1;
  if (minutes[0]! > from || minutes[hi]! < to) return undefined;
  // Binary search for the last minute ≤ from.
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (minutes[mid]! <= from) lo = mid;
    else hi = mid - 1;
  }
  const next = minutes[lo + 1];
  if (next === undefined || lo + 1 < MIN_ACTIVE_MINUTES_EACH_SIDE || minutes.length - (lo + 1) < MIN_ACTIVE_MINUTES_EACH_SIDE) return undefined;
  return next - minutes[lo]!;
}
