import type { LifecycleRules } from '../model/lifecycle.js';
import type { LogEvent } from '../model/log-event.js';
import type { Match } from '../model/match.js';
import { ContextCollector, type ContextPart } from '../correlate/collect-context.js';
import { CoverageCollector, type CoveragePart } from '../coverage/collect-coverage.js';
import { envelopeFieldsRead, IncidentGrouper, MAX_KEPT_MATCHES, type MatchOverflow } from '../correlate/group-incidents.js';
import { UnanchoredMatches } from '../placement/place-unanchored.js';
import { awaitsPlacement, keepsEvent, keepsLightLine, type EventFilter } from './filter-events.js';
import { skimsUnder } from './skim-eligibility.js';
import type { LightLine } from '../formats/skim.js';
import type { KernelClockPart } from '../placement/kernel-boot-clock.js';
import type { Signature } from '../model/signature.js';
import { TemplateMiner, isMinable, type MinerPart } from '../correlate/mine-templates.js';
import { CrashRecogniser, type Crash } from '../correlate/recognise-crashes.js';
import { SystemFactCollector, type SystemFactsPart } from '../correlate/collect-system-facts.js';
import type { SystemFactRules } from '../model/system-facts.js';

const NO_MATCHES: readonly Match[] = Object.freeze([]);

/** No fact rules: nothing is read for the system summary. */
const NO_SYSTEM_FACTS: SystemFactRules = { lines: [], files: [], distributions: [] };


/** The signature library as analysis sees it (`Library` satisfies it). */
export interface EventMatcher {
  match(event: LogEvent): readonly Match[];
  /** The library's signatures (benign ones silence other matches on the same line). */
  readonly signatures?: readonly Signature[];
}

/** What one file's events gave, as plain data: a worker thread sends it, the main thread absorbs it in file order. */
export interface AnalysisPart {
  readonly coverage: CoveragePart;
  readonly context: ContextPart;
  readonly hosts: readonly (readonly [string, readonly string[]])[];
  readonly kernelClock: KernelClockPart;
  /** In event order; of one signature and host at most MAX_KEPT_MATCHES (as the incident grouper keeps). */
  readonly matches: readonly Match[];
  /** Matches beyond that, only counted and timed. */
  readonly overflow: readonly { readonly signature: string; readonly host?: string; readonly extra: MatchOverflow }[];
  /** Events the filter can judge only once placed (see `awaitsPlacement`), in event order. */
  readonly awaiting: readonly LogEvent[];
  /** Templates of the error and warning lines no signature matched. */
  readonly unrecognised: MinerPart;
  /** Process deaths (panics, tracebacks, core dumps), in event order. */
  readonly crashes: readonly Crash[];
  /** Facts about the host's system the lines stated (kernel banner, k3s and containerd start lines). */
  readonly systemFacts: SystemFactsPart;
}

/**
 * The work analysis does with every event: placement facts (the hosts of each archive, boots) from every event, then
 * the filter, then coverage and matching of the events it keeps. An event the filter can judge only once placed
 * waits whole until the run's end (only under a filter, and only host-less or boot-relative events).
 */
abstract class EventObserver {
  readonly unanchored = new UnanchoredMatches();
  readonly coverage = new CoverageCollector(this.unanchored.archiveHosts);
  readonly context: ContextCollector;
  readonly miner = new TemplateMiner();
  readonly crashes = new CrashRecogniser();
  readonly systemFacts: SystemFactCollector;
  protected readonly awaiting: LogEvent[] = [];
  private readonly benign: ReadonlySet<string>;

  constructor(protected readonly matcher: EventMatcher, protected readonly filter: EventFilter, lifecycle: LifecycleRules, systemFacts: SystemFactRules = NO_SYSTEM_FACTS) {
    this.context = new ContextCollector(lifecycle);
    this.systemFacts = new SystemFactCollector(systemFacts);
    this.benign = new Set((matcher.signatures ?? []).filter((s) => s.benign).map((s) => s.id));
    this.lightLines = skimsUnder(filter);
  }

  /**
   * `mayMatch` false: the raw-byte prefilter proved that no signature and no system fact line rule matches the event
   * (see `MemberLines.marks`).
   */
  observe(event: LogEvent, mayMatch = true): void {
    this.unanchored.observe(event);
    this.context.observe(event);
    // What the system is does not depend on the filter: a start line before --since still names the version.
    if (mayMatch) this.systemFacts.observe(event);
    if (awaitsPlacement(this.filter, event)) {
      this.awaiting.push(event);
      return;
    }
    if (keepsEvent(this.filter, event)) this.analyse(event, this.acceptMatch, mayMatch);
  }

  /**
   * A light line (see formats/skim `LightLine`): what `observe` does with its light event, which never matches (the
   * prefilter left its one line unmarked), so the system facts, the matcher and the benign check never see it, and is
   * never mined (an info or debug line with a level: see pipeline/skim-eligibility). Only while `takesLightLine()`.
   */
  observeLight(line: LightLine): void {
    this.unanchored.observeLight(line);
    this.context.observeLight(line);
    if (keepsLightLine(this.filter, line)) this.coverage.observeLight(line);
  }

  /**
   * Whether the next light event of this file may come as a `LightLine`: not under a filter that holds events until
   * placement or reads their text (only `skimsUnder` filters), and not while a crash of the file waits for more lines
   * of its process (it keeps them, light or not, as evidence).
   */
  takesLightLine(bundle: string, member: string): boolean {
    return this.lightLines && this.crashes.idleIn(bundle, member);
  }

  private readonly lightLines: boolean;

  private readonly acceptMatch = (match: Match): void => this.accept(match);

  /** Coverage, matching, crashes and unrecognised errors of one event the filter keeps. */
  protected analyse(event: LogEvent, accept: (match: Match) => void, mayMatch = true): void {
    this.coverage.observe(event);
    const matches = mayMatch ? this.matcher.match(event) : NO_MATCHES;
    // A line declared harmless raises nothing, whatever else matched it.
    if (matches.length > 0 && matches.some((m) => this.benign.has(m.signature))) return;
    for (let i = 0; i < matches.length; i++) accept(matches[i]!);
    // A crash's lines are shown as the crash, not again as unrecognised errors.
    const inCrash = this.crashes.observe(event);
    if (matches.length === 0 && !inCrash && isMinable(event)) this.miner.observe(event);
  }

  protected abstract accept(match: Match): void;
}

/** The whole run's analysis: matches go to incidents, or are held until the run's boots can place them. */
export class EventAnalysis extends EventObserver {
  // A match is split by the library's signatures: its envelope fields no rule of them reads are not kept.
  readonly grouper = new IncidentGrouper(this.matcher.signatures && envelopeFieldsRead(this.matcher.signatures));

  /** Adds what a `MemberAnalysis` saw; parts must arrive in the order their files were read. */
  absorb(part: AnalysisPart): void {
    this.coverage.absorb(part.coverage);
    this.context.absorb(part.context);
    this.unanchored.absorbHosts(part.hosts);
    this.unanchored.absorbKernelClock(part.kernelClock);
    for (const match of part.matches) this.accept(match);
    for (const { signature, host, extra } of part.overflow) this.grouper.addOverflow(signature, host, extra);
    for (const event of part.awaiting) this.awaiting.push(event);
    this.miner.absorb(part.unrecognised);
    this.crashes.absorb(part.crashes);
    this.systemFacts.absorb(part.systemFacts);
  }

  /**
   * Once every member is absorbed: places the held matches and the events that awaited placement (hosts from their
   * archives, boot-relative times from the host's latest boot), filters and counts those, and hands all to the grouper.
   */
  settle(): void {
    this.context.renameHosts(this.unanchored.archiveHosts.provisionalRenames());
    const placer = this.unanchored.placer(this.context.result());
    for (const match of this.unanchored.place(this.context.result())) this.grouper.add(match);
    for (const original of this.awaiting.splice(0)) {
      const event = placer(original);
      if (keepsEvent(this.filter, event)) this.analyse(event, (match) => this.grouper.add(match));
    }
  }

  protected accept(match: Match): void {
    if (this.unanchored.needsPlacing(match)) this.unanchored.hold(match);
    else this.grouper.add(match);
  }
}

/**
 * One file's analysis, in a worker thread: everything is kept for `part()`, which the main thread absorbs. Like the
 * incident grouper, it keeps at most MAX_KEPT_MATCHES matches per signature and host (a flood in one huge file must
 * not pile up here), counting and timing the rest: the grouper would have done the same with them.
 */
export class MemberAnalysis extends EventObserver {
  private readonly matches: Match[] = [];
  private readonly kept = new Map<string, number>();
  private readonly overflow = new Map<string, { signature: string; host?: string; extra: { count: number; first?: number; last?: number } }>();

  part(): AnalysisPart {
    return {
      coverage: this.coverage.part(),
      context: this.context.part(),
      hosts: this.unanchored.hostsPart(),
      kernelClock: this.unanchored.kernelClockPart(),
      matches: this.matches,
      overflow: [...this.overflow.values()],
      awaiting: this.awaiting,
      unrecognised: this.miner.part(),
      crashes: this.crashes.part(),
      systemFacts: this.systemFacts.part(),
    };
  }

  protected accept(match: Match): void {
    if (this.unanchored.needsPlacing(match)) {
      this.matches.push(match);
      return;
    }
    const key = `${match.signature}\u0000${match.event.host ?? ''}`;
    const kept = this.kept.get(key) ?? 0;
    if (kept < MAX_KEPT_MATCHES) {
      this.kept.set(key, kept + 1);
      this.matches.push(match);
      return;
    }
    let overflow = this.overflow.get(key);
    if (!overflow) this.overflow.set(key, (overflow = { signature: match.signature, host: match.event.host, extra: { count: 0 } }));
    overflow.extra.count++;
    const t = match.event.timestamp;
    if (t !== undefined) {
      overflow.extra.first = Math.min(overflow.extra.first ?? t, t);
      overflow.extra.last = Math.max(overflow.extra.last ?? t, t);
    }
  }
}
