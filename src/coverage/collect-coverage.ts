import type { LogEvent } from '../model/log-event.js';
import type { ActivityBucket, HostCoverage } from '../model/report.js';
import { ArchiveHosts, innermostArchive } from '../placement/archive-chain.js';

const MINUTE = 60_000;
/** A host silent for at least this long inside its log span has a gap worth telling. */
const GAP_MS = 60 * MINUTE;
/** Activity buckets the report gets at most (the span is re-bucketed to fit). */
const MAX_BUCKETS = 120;
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
    readonly sources: readonly (readonly [string, { readonly files: readonly string[]; readonly events: number; readonly start?: number; readonly end?: number }])[];
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

  observe(event: LogEvent): void {
    const origin = event.origin;
    // A host guessed from the bundle's name is settled like a missing one (onto the host the bundle's files name).
    const host = event.hostProvisional ? undefined : event.host;
    const component = event.component;
    let slot = this.last;
    if (slot === undefined || slot.host !== host || slot.component !== component || this.fileMember !== origin.member || this.fileBundle !== origin.bundle) {
      slot = this.slotOf(origin.bundle, origin.member, host, component);
      this.last = slot;
    }
    const stats = slot.stats;
    const source = slot.source;
    source.events++;
    const t = event.timestamp;
    if (t === undefined) return;
    if (source.start === undefined || t < source.start) source.start = t;
    if (source.end === undefined || t > source.end) source.end = t;
    const minute = Math.floor(t / MINUTE);
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
    const severity = event.severity;
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
    if (!source) stats.sources.set(name, (source = { files: new Set(), events: 0 }));
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
        sources: [...stats.sources].map(([component, s]) => [component, { files: [...s.files], events: s.events, start: s.start, end: s.end }]),
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
        if (!target) stats.sources.set(component, (target = { files: new Set(), events: 0 }));
        for (const file of source.files) target.files.add(file);
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
        settled.set(host, { sources: new Map([...stats.sources].map(([c, s]) => [c, { ...s, files: new Set(s.files) }])), minutes: new Map([...stats.minutes].map(([m, c]) => [m, { ...c }])) });
        continue;
      }
      for (const [component, source] of stats.sources) {
        const target = into.sources.get(component);
        if (!target) {
          into.sources.set(component, { ...source, files: new Set(source.files) });
          continue;
        }
        for (const file of source.files) target.files.add(file);
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
      const minutes = [...stats.minutes.keys()].sort((a, b) => a - b);
      const gaps: { start: number; end: number }[] = [];
      for (let i = 1; i < minutes.length; i++) {
        const from = minutes[i - 1]! * MINUTE;
        const to = minutes[i]! * MINUTE;
        if (to - from >= GAP_MS) gaps.push({ start: from + MINUTE, end: to });
      }
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
   * Activity per host in at most MAX_BUCKETS buckets over `range` (the window the report focuses on, e.g. around
   * the incidents), each a whole number of minutes wide.
   */
  activity(range: { start: number; end: number } | undefined): ActivityBucket[] {
    if (!range) return [];
    const firstMinute = Math.floor(range.start / MINUTE);
    const lastMinute = Math.floor(range.end / MINUTE);
    const width = Math.max(1, Math.ceil((lastMinute - firstMinute + 1) / MAX_BUCKETS));
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
    return out;
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
