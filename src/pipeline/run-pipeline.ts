import type { Diagnostic } from '../model/diagnostic.js';
import type { MemberStatus } from '../model/coverage.js';
import type { LogEvent } from '../model/log-event.js';
import type { MemberInfo } from '../model/log-line.js';
import { displayPath, readBundle, type IngestObserver, type IngestOptions } from '../ingest/index.js';
import { unknownHostKey } from '../coverage/collect-coverage.js';
import { FileAccounting } from '../coverage/file-accounting.js';
import { isoTimestamp, type Zone, parseZone, formatOffsetName } from '../formats/index.js';
import { latestAnchor, parseMember, zoneFromWire, zoneToWire, type EarlierFiles, type MemberClockSetup, type LightLineObserver, type MemberOutcome, type ZoneWire } from './parse-member.js';
import { SettledFactsCollector, type SettledFacts } from './settled-facts.js';
import { zoneKey } from './zone-key.js';

export interface PipelineOptions {
  readonly inputs: readonly string[];
  readonly ingest: IngestOptions;
  /** `--tz`: overrides every zone the bundle reveals. */
  readonly timeZone?: Zone;
  /**
   * Called with every event in member order (not time order); `mayMatch` is false when the raw-byte prefilter proved
   * no signature and no system fact line rule can match it (`IngestOptions.lineMarker`).
   */
  readonly onEvent: (event: LogEvent, mayMatch: boolean) => void;
  readonly onProgress?: (progress: { bytesRead: number; members: number }) => void;
  readonly onMember?: (status: MemberStatus) => void;
  /** The text of a system fact file (`ingest.factFile`), named as the report names files. */
  readonly onFactFile?: (fact: { readonly path: string; readonly shown: string; readonly host?: string; readonly text: string }) => void;
  /**
   * What a first read of the same inputs settled (`PipelineResult.settled`): every member is read with the facts
   * the whole input reveals (zones, collection times, years of siblings), not only those of the files before it.
   */
  readonly settled?: SettledFacts;
  /** Skim the lines the raw-byte prefilter leaves unmarked (see formats/skim and pipeline/skim-eligibility). */
  readonly skim?: boolean;
  /** Where light events go as `LightLine`s, when it takes them (with `skim`; see parse-member `LightLineObserver`). */
  readonly onLightLine?: LightLineObserver;
}

export interface PipelineResult {
  /** Every file of every input, with its status. */
  readonly files: MemberStatus[];
  readonly warnings: Diagnostic[];
  /** One sentence per assumption (inferred years, assumed zones). */
  readonly assumptions: string[];
  /** Lines and unparsed lines per host (for coverage). */
  readonly linesByHost: Map<string, { lines: number; unparsed: number }>;
  /** Members whose lines were read. */
  readonly membersRead: number;
  /**
   * Read path → the path it is reported under. Of byte-identical copies, ingest reads whichever the archive lists
   * first; the report names the first by path instead, so it does not depend on archive order.
   */
  readonly renamed: ReadonlyMap<string, string>;
  /**
   * Files whose host was only the bundle name's guess and whose lines named none (path → where the file sits): the
   * report gives them the host placement settles for their archive (see `LogEvent.hostProvisional`).
   */
  readonly unsettledHosts: ReadonlyMap<string, { readonly bundle: string; readonly member: string }>;
  /** The zone each host's local times were read in, when the bundle gave or revealed one (not `--tz`). */
  readonly zonesByHost: ReadonlyMap<string, ZoneWire>;
  /** The facts the whole input revealed about its files' clocks, whatever the order they were read in. */
  readonly settled: SettledFacts;
  /**
   * True when a file was read before a file revealing a fact its times depend on (a zone, a collection time, a
   * sibling's year), so another member order would have given other times: read the inputs again with `settled`.
   */
  readonly orderSensitive: boolean;
}

/** Lines may run a little past the collection time (the collector's own clock, flushes); two days is a clock problem. */
const FUTURE_SLACK_MS = 2 * 24 * 3600_000;

/** Reads every input and parses every member into events, one member after another, in this thread. */
export async function runPipeline(options: PipelineOptions): Promise<PipelineResult> {
  const ledger = new PipelineLedger(options);
  for await (const member of readBundle(options.inputs, options.ingest, ledger.observer)) {
    const outcome = await parseMember(member, ledger.setupFor(member.member), ledger.earlierFiles(member.member), options.onEvent, options.skim === true, options.onLightLine);
    ledger.commit(member.member, outcome);
  }
  return ledger.result();
}

/**
 * The run's ledger, kept in the main thread: the files' accounting (src/coverage) and what earlier files revealed
 * about clocks and hosts (zones, years, collection times) for the files after them. Members must be committed in the
 * order ingest produced them, whichever thread parsed them, so the report never depends on scheduling.
 */
export class PipelineLedger {
  private readonly accounting: FileAccounting;
  private latestYear: number | undefined;
  private readonly facts = new SettledFactsCollector();
  private readonly futureChecks: { path: string; info: MemberInfo; lastTimestamp: number }[] = [];
  private readonly yearNotes: { path: string; info: MemberInfo; year?: number; lines: number; source: string; anchored: boolean }[] = [];
  private readonly unsettledHosts = new Map<string, { bundle: string; member: string }>();
  // The newest exact time each bundle and host showed so far: the year of year-less siblings without a collection time.
  private readonly newestBySibling = new Map<string, number>();
  // A zone one file of a node's bundle reveals (a journal header, nested offsets) is the best guess for its siblings.
  private readonly zonesByBundle = new Map<string, Zone>();
  private readonly zonesByHost = new Map<string, { readonly path: string; readonly zone: ZoneWire }>();
  readonly observer: IngestObserver;

  constructor(private readonly options: Pick<PipelineOptions, 'timeZone' | 'onMember' | 'onProgress' | 'onFactFile' | 'settled'>) {
    const accounting = new FileAccounting(options.onMember);
    this.accounting = accounting;
    this.observer = {
      layoutLearned: (key, facts) => this.facts.layoutLearned(key, facts),
      factFile: (member, path, text) => {
        options.onFactFile?.({ path, shown: pathOf(member), ...(member.host === undefined ? {} : { host: member.host }), text });
      },
      memberSkipped: (member, kind, reason) => {
        const path = pathOf(member);
        if (member.hostProvisional) this.unsettledHosts.set(path, { bundle: member.source.bundle, member: member.source.member });
        accounting.skipped(path, member, kind, reason);
      },
      memberDamaged: (member, reason) => accounting.damaged(pathOf(member), reason),
      diagnostic: (d) => accounting.warn(d),
      progress: options.onProgress,
    };
  }

  /** What the run knows of a member's clock before it is read. */
  setupFor(info: MemberInfo): MemberClockSetup {
    const zone = this.options.timeZone;
    const bundleZone = !zone && info.timeZone ? parseZone(info.timeZone) : undefined;
    const anchor = latestAnchor(info.collectedAt, info.collectedAtSource, info.mtime);
    return {
      zone: zone ? zoneToWire(zone) : undefined,
      zoneSource: zone ? 'option' : undefined,
      ...(bundleZone ? { bundleZone: zoneToWire(bundleZone) } : {}),
      latest: anchor.latest,
      latestSource: anchor.latestSource,
      ...(anchor.isCollectionTime ? { latestIsCollectionTime: true } : {}),
    };
  }

  /** What the members committed so far revealed, for the member read next. */
  earlierFiles(info: MemberInfo): EarlierFiles {
    const settled = this.options.settled;
    if (settled) {
      const path = pathOf(info);
      return {
        siblingZone: () => zoneFromWire(settled.siblingZone(info, path)),
        latestYear: () => settled.newestYear(info, path),
        siblingNewest: () => settled.siblingNewest(info, path),
      };
    }
    const siblingZone = this.zonesByBundle.get(zoneKey(info));
    const newest = this.newestBySibling.get(siblingKey(info));
    return { siblingZone: () => siblingZone, latestYear: () => this.latestYear, siblingNewest: () => newest };
  }

  /** Whether the answers `earlierFiles` gives are settled for the whole input (a second read), not of the files before. */
  get settledAnswers(): boolean {
    return this.options.settled !== undefined;
  }

  /** Records a parsed member: its file entry, its warnings and the assumptions its clock made. */
  commit(info: MemberInfo, outcome: MemberOutcome): void {
    const { stats } = outcome;
    this.facts.commit(info, pathOf(info), outcome, this.options.timeZone !== undefined);
    if (outcome.lastYear !== undefined) this.latestYear = outcome.lastYear;
    if (outcome.newestExact !== undefined) {
      const key = siblingKey(info);
      const known = this.newestBySibling.get(key);
      if (known === undefined || outcome.newestExact > known) this.newestBySibling.set(key, outcome.newestExact);
    }
    const learned = zoneFromWire(outcome.zone);
    if (learned && !this.zonesByBundle.has(zoneKey(info))) this.zonesByBundle.set(zoneKey(info), learned);
    const path = pathOf(info);
    const host = (info.hostProvisional ? undefined : info.host) ?? mostCommon(outcome.hostCounts);
    if (host === undefined && info.hostProvisional) this.unsettledHosts.set(path, { bundle: info.source.bundle, member: info.source.member });
    const hostKey = host ?? unknownHostKey(info.source.bundle, info.source.member);
    // The host's own zone, for showing times as the host's logs print them; --tz is the reader's choice, not the host's.
    // Of several files' zones, the first file's by path: archive order must not change the report.
    const known = host === undefined ? undefined : this.zonesByHost.get(host);
    const setup = this.setupFor(info);
    const hostZone = outcome.zone ?? (stats.clock?.zoneFromBundle ? setup.bundleZone : undefined);
    if (host !== undefined && !this.options.timeZone && hostZone && (!known || path < known.path)) this.zonesByHost.set(host, { path, zone: hostZone });
    const accounting = this.accounting;
    accounting.read(path, info, host, hostKey, stats);
    const clock = stats.clock;
    const zoneGiven = setup.zone !== undefined;
    if (clock?.yearInferred) {
      const year = stats.lastTimestamp !== undefined ? new Date(stats.lastTimestamp).getUTCFullYear() : undefined;
      // Worded once the run ends: a year taken from outside the file names what the whole input settles as its source.
      this.yearNotes.push({ path, info, year, lines: clock.yearInferred, source: clock.yearSource ?? 'the bundle', anchored: clock.yearAnchor !== undefined });
    }
    if (clock?.learnedOffsetMinutes !== undefined && !zoneGiven) {
      accounting.assume(`${path}: local times read in zone ${formatOffsetName(clock.learnedOffsetMinutes)}, named by the file itself (its journal header zone, or offsets printed by the nested logs).`);
    } else if (clock?.zoneFromSibling && outcome.siblingZone) {
      accounting.assume(`${path}: ${clock.zoneFromSibling} local time(s) read in zone ${outcome.siblingZone}, learned from another file of the same input.`);
    }
    if (clock?.zoneFromBundle && setup.bundleZone) {
      accounting.assume(`${path}: ${clock.zoneFromBundle} local time(s) read in zone ${setup.bundleZone.name}, the zone the bundle names for its node.`);
    }
    if (clock?.zoneAssumed) {
      accounting.assume(`${path}: ${clock.zoneAssumed} local time(s) without a zone were read as UTC (pass --tz to change).`);
    }
    // Judged once the bundle's collection time is settled: its date file may come after this file.
    if (stats.lastTimestamp !== undefined) this.futureChecks.push({ path, info, lastTimestamp: stats.lastTimestamp });
  }

  /** The run's accounting, once every member is committed. */
  result(): PipelineResult {
    const accounting = this.accounting;
    const settled = this.options.settled ?? this.facts.settle();
    for (const note of this.yearNotes) {
      const source = note.anchored && !this.options.settled ? this.facts.settledYearSource(note.info, note.path, settled) ?? note.source : note.source;
      accounting.assume(`${note.path}: the year${note.year ? ` (${note.year})` : ''} was inferred from ${source} for ${note.lines} line(s) that print none.`);
    }
    for (const { path, info, lastTimestamp } of this.futureChecks) {
      const latest = settled.collectedAt(info) ?? info.mtime;
      if (latest !== undefined && lastTimestamp > latest + FUTURE_SLACK_MS) {
        accounting.warn({
          code: 'time.future', severity: 'warning', where: { file: path },
          title: `${path}: lines dated up to ${isoTimestamp(lastTimestamp) ?? lastTimestamp}, after the bundle was collected (${isoTimestamp(latest) ?? latest}); a clock was wrong or the zone is`,
        });
      }
    }
    if (accounting.nothingTimed) {
      accounting.warn({
        code: 'time.none', severity: 'warning',
        title: 'no line of the input carries a time: incidents are listed without times and cause → effect cannot be followed',
      });
    }
    return { ...accounting.settle(), unsettledHosts: this.unsettledHosts,
      zonesByHost: new Map([...this.zonesByHost].map(([host, { zone }]) => [host, zone])),
      settled, orderSensitive: this.options.settled === undefined && this.facts.orderMattered(settled) };
  }
}

function pathOf(member: MemberInfo): string {
  return displayPath(member.source.bundle, member.source.member);
}

function mostCommon(counts: readonly (readonly [string, number])[]): string | undefined {
  let best: string | undefined;
  let bestCount = 0;
  for (const [key, count] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
    if (count > bestCount) {
      best = key;
      bestCount = count;
    }
  }
  return best;
}

/** Files of the same bundle and layout host are siblings: they were written on the same node around the same time. */
function siblingKey(info: MemberInfo): string {
  return `${info.source.bundle}\u0000${info.host ?? ''}`;
}
