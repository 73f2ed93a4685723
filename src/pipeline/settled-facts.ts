import type { MemberInfo } from '../model/log-line.js';
import type { LearnedLayoutFacts } from '../ingest/index.js';
import { yearFromAnchors, type YearlessWall } from '../formats/index.js';
import { latestAnchor, SIBLING_YEAR_SOURCE, type AskedOfEarlierFiles, type MemberOutcome, type ZoneWire } from './parse-member.js';
import { zoneKey } from './zone-key.js';

/**
 * What the whole input says about its files' clocks, the same whatever order the archive lists the files in: per
 * bundle what its metadata files say (host, collection time, zone), the zone a file of an input reveals (the first
 * such file by path), the newest own full timestamp of each file's siblings, and the newest own year of each input.
 * Answers never count the asking file itself: it is asked about the other files.
 */
export interface SettledFacts {
  /** Per bundle (`MemberInfo.layoutBundle`), what its metadata files taught the layout. */
  readonly layouts: ReadonlyMap<string, LearnedLayoutFacts>;
  siblingZone(info: MemberInfo, path: string): ZoneWire | undefined;
  siblingNewest(info: MemberInfo, path: string): number | undefined;
  newestYear(info: MemberInfo, path: string): number | undefined;
  /** The bundle's collection time, once its date file (wherever it sits in the archive) is read. */
  collectedAt(info: MemberInfo): number | undefined;
}

interface MemberClockRecord {
  readonly info: MemberInfo;
  readonly path: string;
  readonly asked: AskedOfEarlierFiles;
  /** The collection time or mtime dated a kubectl age. */
  readonly latestUsed: boolean;
  /** The first year-less time and the year it got from outside the file. */
  readonly yearAnchor?: { readonly wall: YearlessWall; readonly year: number };
  /** Local times that needed a zone from outside the file (the bundle's, a sibling's, or UTC assumed). */
  readonly borrowedZones: number;
}

/** The best and second-best value of a key with the files they came from, so "best of the others" is one look-up. */
class TopTwo<T> {
  private readonly entries = new Map<string, { first: { path: string; value: T }; second?: { path: string; value: T } }>();

  constructor(private readonly better: (a: { path: string; value: T }, b: { path: string; value: T }) => boolean) {}

  add(key: string, path: string, value: T): void {
    const entry = { path, value };
    const known = this.entries.get(key);
    if (!known) this.entries.set(key, { first: entry });
    else if (this.better(entry, known.first)) this.entries.set(key, { first: entry, second: known.first });
    else if (!known.second || this.better(entry, known.second)) known.second = entry;
  }

  /** The best value of `key` not from `path`. */
  bestExcept(key: string, path: string): T | undefined {
    const known = this.entries.get(key);
    if (!known) return undefined;
    return known.first.path !== path ? known.first.value : known.second?.value;
  }
}

// Shared, so two collectors' facts compare equal as data.
const firstByPath = (a: { path: string }, b: { path: string }): boolean => a.path < b.path;
const newestThenFirstByPath = (a: { path: string; value: number }, b: { path: string; value: number }): boolean =>
  a.value > b.value || (a.value === b.value && a.path < b.path);

/**
 * Gathers, member by member as the ledger commits them, what `SettledFacts` answers, and remembers what each member
 * asked of the files before it, so that `orderMattered` can tell whether another order would have read any time
 * differently.
 */
export class SettledFactsCollector {
  private readonly layouts = new Map<string, LearnedLayoutFacts>();
  // Of the files of one input that reveal a zone, the first by path; of several values, the newest.
  private readonly zones = new TopTwo<ZoneWire>(firstByPath);
  private readonly newest = new TopTwo<number>(newestThenFirstByPath);
  private readonly years = new TopTwo<number>(newestThenFirstByPath);
  private readonly records: MemberClockRecord[] = [];
  private readonly anchoredYears = new Map<string, MemberClockRecord>();
  private readonly pendingNewest: { info: MemberInfo; path: string; at: number }[] = [];

  layoutLearned(bundleKey: string, facts: LearnedLayoutFacts): void {
    this.layouts.set(bundleKey, facts);
  }

  commit(info: MemberInfo, path: string, outcome: MemberOutcome, zoneGiven: boolean): void {
    const clock = outcome.stats.clock;
    if (!zoneGiven && outcome.zone) this.zones.add(zoneKey(info), path, outcome.zone);
    if (outcome.newestYear !== undefined) this.years.add(info.source.bundle, path, outcome.newestYear);
    // Keyed once the layout facts are settled: a file read before the bundle's hostname file names the name's host.
    if (outcome.newestExact !== undefined) this.pendingNewest.push({ info, path, at: outcome.newestExact });
    const asked = outcome.asked;
    const borrowedZones = clock ? clock.zoneFromBundle + clock.zoneFromSibling + clock.zoneAssumed : 0;
    if (clock?.latestUsed || clock?.yearAnchor || borrowedZones > 0 || Object.keys(asked).length > 0) {
      const record = { info, path, asked, latestUsed: clock?.latestUsed === true, borrowedZones, ...(clock?.yearAnchor ? { yearAnchor: clock.yearAnchor } : {}) };
      this.records.push(record);
      if (record.yearAnchor) this.anchoredYears.set(path, record);
    }
  }

  /** The facts of the whole input, once every member is committed. */
  settle(): SettledFacts {
    const settled = new SettledClockFacts(new Map(this.layouts), this.zones, this.newest, this.years);
    for (const { info, path, at } of this.pendingNewest) this.newest.add(settled.siblingKey(info), path, at);
    return settled;
  }

  /**
   * What the whole input names as the source of a year-less file's year (the year is the same, or the input is read
   * again): `settle` first.
   */
  settledYearSource(info: MemberInfo, path: string, settled: SettledFacts): string | undefined {
    const record = this.anchoredYears.get(path);
    return record?.yearAnchor ? settledYear(record.yearAnchor.wall, info, path, settled)?.source : undefined;
  }

  /** Whether any member read a time with an answer (or a bundle fact) other than what the whole input settles. */
  orderMattered(settled: SettledFacts): boolean {
    return this.records.some((record) => differs(record, settled));
  }
}

/** `SettledFacts` as plain maps (two runs that settled the same facts compare equal). */
class SettledClockFacts implements SettledFacts {
  constructor(
    readonly layouts: ReadonlyMap<string, LearnedLayoutFacts>,
    private readonly zones: TopTwo<ZoneWire>,
    private readonly newest: TopTwo<number>,
    private readonly years: TopTwo<number>,
  ) {}

  /** Files of one bundle and host are siblings; the host is the one the bundle's hostname file settles. */
  siblingKey(info: MemberInfo): string {
    const learned = info.layoutBundle === undefined ? undefined : this.layouts.get(info.layoutBundle);
    const host = info.hostProvisional ? learned?.host ?? info.host : info.host;
    return `${info.source.bundle}\u0000${info.layoutBundle ?? ''}\u0000${host ?? ''}`;
  }

  siblingZone(info: MemberInfo, path: string): ZoneWire | undefined {
    return this.zones.bestExcept(zoneKey(info), path);
  }

  siblingNewest(info: MemberInfo, path: string): number | undefined {
    return this.newest.bestExcept(this.siblingKey(info), path);
  }

  newestYear(info: MemberInfo, path: string): number | undefined {
    return this.years.bestExcept(info.source.bundle, path);
  }

  collectedAt(info: MemberInfo): number | undefined {
    return (info.layoutBundle === undefined ? undefined : this.layouts.get(info.layoutBundle)?.collectedAt) ?? info.collectedAt;
  }
}

function differs(record: MemberClockRecord, settled: SettledFacts): boolean {
  const { info, path, asked } = record;
  if (asked.siblingZone !== undefined && asked.siblingZone?.name !== settled.siblingZone(info, path)?.name) return true;
  // A year from outside the file: what matters is the year the whole input's facts give, not which file gave it.
  if (record.yearAnchor && settledYear(record.yearAnchor.wall, info, path, settled)?.year !== record.yearAnchor.year) return true;
  const layout = info.layoutBundle === undefined ? undefined : settled.layouts.get(info.layoutBundle);
  if (!layout) return false;
  // kubectl ages count back from the collection time itself.
  if (record.latestUsed && layout.collectedAt !== undefined && layout.collectedAt !== info.collectedAt) return true;
  return record.borrowedZones > 0 && layout.timeZone !== undefined && layout.timeZone !== info.timeZone;
}

/** The year (and its source) the whole input's facts give a file's first year-less time, as `MemberClock` chooses. */
function settledYear(wall: YearlessWall, info: MemberInfo, path: string, settled: SettledFacts): { year: number; source: string } | undefined {
  const collectedAt = settled.collectedAt(info);
  const learned = info.layoutBundle === undefined ? undefined : settled.layouts.get(info.layoutBundle);
  const source = learned?.collectedAt !== undefined ? learned.collectedAtSource : info.collectedAtSource;
  const anchor = latestAnchor(collectedAt, source, info.mtime);
  return yearFromAnchors(wall, {
    ...(anchor.isCollectionTime ? {} : {
      sibling: () => {
        const at = settled.siblingNewest(info, path);
        return at === undefined ? undefined : { at, source: SIBLING_YEAR_SOURCE };
      },
    }),
    ...(anchor.latest !== undefined ? { latest: anchor.latest } : {}),
    ...(anchor.latestSource !== undefined ? { latestSource: anchor.latestSource } : {}),
    fallback: () => settled.newestYear(info, path),
  });
}
