import { matchTextOf } from '../patterns/match-text-of.js';
import { naturalCompare } from '../model/natural-compare.js';
import type { Evidence, Incident, Observation } from '../model/incident.js';
import type { Match } from '../model/match.js';
import type { Signature } from '../model/signature.js';
import { fileOf } from './collect-context.js';
import { splitKernelStamp } from '../placement/kernel-boot-clock.js';
import { meetsThreshold, toObservation } from './below-threshold.js';
import { toEvidence } from './to-evidence.js';
import { withOwnStrings } from './own-strings.js';
import type { UptimeClock } from './collect-context.js';
import { matchesMeetingConditions, UNKNOWN_UPTIME } from './rule-conditions.js';
import { isEnvelopeKey } from '../patterns/is-envelope-key.js';

/** Matches of one signature on one host further apart than this start a new incident. */
export const INCIDENT_GAP_MS = 30 * 60_000;
const FIRST_EVIDENCE = 3;
const SAMPLE_EVIDENCE = 2;
const MAX_FIELD_VALUES = 20;
/** Distinct values remembered per capture before sorting (a flood of unique ids must not grow without bound). */
const MAX_DISTINCT_FIELD_VALUES = 10_000;
/** Matches of one signature on one host kept line by line; beyond this they are only counted and timed. */
export const MAX_KEPT_MATCHES = 20_000;

/** Matches of one (signature, host) only counted and timed. */
export interface MatchOverflow {
  readonly count: number;
  readonly first?: number;
  readonly last?: number;
}

/** A kernel line's seconds since boot and text: what dmesg, kern.log and a journal all keep of it. */
function kernelLineKey(event: Match['event']): string | undefined {
  if (event.component !== 'kernel') return undefined;
  const stamp = splitKernelStamp(event);
  if (stamp) return `${stamp.seconds.toFixed(6)}\u0000${stamp.rest}`;
  return event.monotonic !== undefined ? `${event.monotonic.toFixed(6)}\u0000${event.message}` : undefined;
}

/**
 * The journal/environment fields (see isEnvelopeKey) a rule of `signatures` reads: a `field:` rule's target. Of a
 * kept match's fields, only these and the payload fields are ever read again (rule conditions, match text, kernel
 * stamps, evidence).
 */
export function envelopeFieldsRead(signatures: readonly Signature[]): Set<string> {
  const read = new Set<string>();
  for (const signature of signatures) {
    for (const rule of [...signature.rules, ...signature.unless]) if (isEnvelopeKey(rule.target)) read.add(rule.target);
  }
  return read;
}

/** Accumulates matches per (signature, host) with bounded memory: evidence is capped, counts are not. */
export class IncidentGrouper {
  private readonly groups = new Map<string, Match[]>();

  /**
   * @param envelopeFieldsKept the journal/environment fields a kept match keeps (envelopeFieldsRead of the signatures
   *   it will be split by); absent: all. A binary journal's entry has 20–30 of them, which no report shows: kept for
   *   20 000 matches per signature and host, they held most of an analysis's memory (~45 MB on an 80 MiB journal).
   */
  constructor(private readonly envelopeFieldsKept?: ReadonlySet<string>) {}

  /**
   * Adds a match. Copies of one line in several files of a host (journal dump, syslog, the service's own log) are
   * resolved when incidents are built, independently of the order the files were read in.
   */
  add(match: Match): void {
    const key = `${match.signature}\u0000${match.event.host ?? ''}`;
    let list = this.groups.get(key);
    if (!list) this.groups.set(key, (list = []));
    if (list.length < MAX_KEPT_MATCHES) {
      // Kept until the report: strings of its own, not slices keeping the input pieces of its lines alive.
      list.push({ ...match, event: withOwnStrings(this.slimmed(match.event)), captures: withOwnStrings(match.captures) });
      return;
    }
    // A flood (an apiserver down for hours) is counted and timed, not kept line by line: memory stays bounded.
    const overflow = this.overflow.get(key) ?? { count: 0 };
    overflow.count++;
    const t = match.event.timestamp;
    if (t !== undefined) {
      overflow.first = Math.min(overflow.first ?? t, t);
      overflow.last = Math.max(overflow.last ?? t, t);
    }
    this.overflow.set(key, overflow);
  }

  private readonly overflow = new Map<string, { count: number; first?: number; last?: number }>();

  /** The event without the envelope fields nothing reads once it is kept; payload fields stay, in their order. */
  private slimmed(event: Match['event']): Match['event'] {
    const keep = this.envelopeFieldsKept;
    if (keep === undefined) return event;
    const fields = event.fields;
    let dropsAny = false;
    for (const key in fields) {
      if (isEnvelopeKey(key) && !keep.has(key)) {
        dropsAny = true;
        break;
      }
    }
    if (!dropsAny) return event;
    const kept: Record<string, string> = {};
    for (const key in fields) if (!isEnvelopeKey(key) || keep.has(key)) kept[key] = fields[key]!;
    return { ...event, fields: kept };
  }

  /** Counts matches that were never kept (a worker thread's own overflow beyond MAX_KEPT_MATCHES) as if added. */
  addOverflow(signature: string, host: string | undefined, extra: MatchOverflow): void {
    const key = `${signature}\u0000${host ?? ''}`;
    const overflow = this.overflow.get(key) ?? { count: 0 };
    overflow.count += extra.count;
    if (extra.first !== undefined) overflow.first = Math.min(overflow.first ?? extra.first, extra.first);
    if (extra.last !== undefined) overflow.last = Math.max(overflow.last ?? extra.last, extra.last);
    this.overflow.set(key, overflow);
  }

  private duplicates = 0;

  /** Matches left out because the same line was counted from another file. */
  get duplicateCopies(): number {
    return this.duplicates;
  }

  /**
   * Keeps, for every line that several files of the host hold (same signature, second, text and captures), the
   * copies of one file only: the file that holds it most often, then the one with the most precise time, then the
   * first by path. So counts and evidence never depend on the order the archive listed its files.
   */
  private withoutCopies(matches: readonly Match[]): Match[] {
    const byLine = new Map<string, Map<string, Match[]>>();
    const kept: Match[] = [];
    // Raw dmesg has only seconds since boot, placed on the wall clock by an estimate of the boot time: its copy of a
    // line is known by the kernel stamp a kern.log or journal copy of the same line carries with its wall time.
    const wallSecondOfKernelLine = new Map<string, number>();
    for (const { event } of matches) {
      if (event.timestamp === undefined || event.monotonic !== undefined) continue;
      const key = kernelLineKey(event);
      if (key !== undefined && !wallSecondOfKernelLine.has(key)) wallSecondOfKernelLine.set(key, Math.floor(event.timestamp / 1000));
    }
    for (const match of matches) {
      const event = match.event;
      if (event.timestamp === undefined) {
        kept.push(match);
        continue;
      }
      const kernelKey = event.monotonic !== undefined ? kernelLineKey(event) : undefined;
      const second = (kernelKey !== undefined ? wallSecondOfKernelLine.get(kernelKey) : undefined) ?? Math.floor(event.timestamp / 1000);
      const lineKey = `${second}\u0000${event.message}\u0000${JSON.stringify(match.captures)}`;
      let members = byLine.get(lineKey);
      if (!members) byLine.set(lineKey, (members = new Map()));
      const member = `${event.origin.bundle}\u0000${event.origin.member}`;
      const list = members.get(member);
      if (list) list.push(match);
      else members.set(member, [match]);
    }
    for (const members of byLine.values()) {
      let best: [string, Match[]] | undefined;
      for (const entry of members) {
        if (!best || betterCopy(entry, best)) best = entry;
      }
      for (const [member, list] of members) {
        if (member === best![0]) kept.push(...list);
        else this.duplicates += list.length;
      }
    }
    return kept;
  }

  /** Groups into incidents, applying each signature's threshold; ids are derived from content, in time order. */
  incidents(signatureOf: (id: string) => Signature | undefined, clock: UptimeClock = UNKNOWN_UPTIME): Incident[] {
    return this.split(signatureOf, clock).incidents;
  }

  /**
   * Incidents, and the runs that stayed below their threshold as observations (none is dropped). Call once:
   * copies across files are counted as they are resolved. Matches of a rule whose conditions (`boot_phase`,
   * `repetition`) do not hold, judged by `clock` and the rule's other matches, do not count.
   */
  split(signatureOf: (id: string) => Signature | undefined, clock: UptimeClock = UNKNOWN_UPTIME): { incidents: Incident[]; observations: Observation[] } {
    const incidents: Incident[] = [];
    const observations: Observation[] = [];
    for (const matches of this.groups.values()) {
      const signature = signatureOf(matches[0]!.signature);
      if (!signature) continue;
      const ordered = matchesMeetingConditions(this.withoutCopies(matches).sort(compareMatches), signature, clock);
      // Matches beyond MAX_KEPT_MATCHES were only counted: when none of the kept ones counts, neither do they.
      if (ordered.length === 0) continue;
      const untimed = ordered.filter((m) => m.event.timestamp === undefined);
      const timed = ordered.filter((m) => m.event.timestamp !== undefined);
      const runs = splitIntoRuns(timed);
      // Matches without a time cannot be placed; they join the first run (or form their own) so none is lost.
      if (untimed.length) {
        if (runs[0]) runs[0].push(...untimed);
        else runs.push(untimed);
      }
      const overflow = this.overflow.get(`${signature.id}\u0000${matches[0]!.event.host ?? ''}`);
      runs.forEach((run, index) => {
        const extra = index === runs.length - 1 ? overflow : undefined;
        if (!extra && !meetsThreshold(run, signature)) {
          observations.push(toObservation(run, signature));
          return;
        }
        incidents.push(toIncident(run, signature, extra));
      });
    }
    incidents.sort((a, b) => (a.firstSeen ?? Infinity) - (b.firstSeen ?? Infinity) || a.signature.localeCompare(b.signature) || (a.host ?? '').localeCompare(b.host ?? ''));
    observations.sort((a, b) => (a.firstSeen ?? Infinity) - (b.firstSeen ?? Infinity) || a.signature.localeCompare(b.signature) || (a.host ?? '').localeCompare(b.host ?? ''));
    const serial = new Map<string, number>();
    const numbered = incidents.map((incident) => {
      const base = `${incident.signature}@${incident.host ?? 'unknown-host'}`;
      const n = (serial.get(base) ?? 0) + 1;
      serial.set(base, n);
      return { ...incident, id: `${base}#${n}` };
    });
    return { incidents: numbered, observations };
  }
}

/** One boot as a run knows it: the journal's boot id, else each member's boot segment (see LogEvent.bootSegment). */
interface RunBoot {
  bootId?: string;
  readonly segmentOfMember: Map<string, number>;
}

function memberOf(match: Match): string {
  return `${match.event.origin.bundle}\u0000${match.event.origin.member}`;
}

/** Whether a match can belong to the boot of a run: nothing the input says puts it in another boot. */
function sameBoot(boot: RunBoot, match: Match): boolean {
  const { bootId, bootSegment } = match.event;
  if (bootId !== undefined) return boot.bootId === undefined || boot.bootId === bootId;
  const segment = boot.segmentOfMember.get(memberOf(match));
  return segment === undefined || segment === (bootSegment ?? 0);
}

function joinBoot(boot: RunBoot, match: Match): void {
  const { bootId, bootSegment } = match.event;
  if (bootId !== undefined) boot.bootId ??= bootId;
  else boot.segmentOfMember.set(memberOf(match), bootSegment ?? 0);
}

/**
 * Splits time-ordered matches into runs: a gap over INCIDENT_GAP_MS ends a run, and runs never span boots, so a
 * threshold (count within a window) is met inside one boot. A machine without an RTC starts every boot at the same
 * wall time: the boots' lines interleave in time, each continuing the latest run of its own boot.
 */
function splitIntoRuns(timed: readonly Match[]): Match[][] {
  const runs: Match[][] = [];
  // Runs whose last match is within the gap of the time reached; most recently extended last.
  let open: { matches: Match[]; boot: RunBoot }[] = [];
  for (const match of timed) {
    const t = match.event.timestamp!;
    open = open.filter((run) => t - run.matches[run.matches.length - 1]!.event.timestamp! <= INCIDENT_GAP_MS);
    let target: (typeof open)[number] | undefined;
    for (let i = open.length - 1; i >= 0 && !target; i--) if (sameBoot(open[i]!.boot, match)) target = open[i];
    if (target) open.splice(open.indexOf(target), 1);
    else runs.push((target = { matches: [], boot: { segmentOfMember: new Map() } }).matches);
    open.push(target);
    target.matches.push(match);
    joinBoot(target.boot, match);
  }
  return runs;
}

function toIncident(run: readonly Match[], signature: Signature, overflow?: { count: number; first?: number; last?: number }): Incident {
  const times = run.map((m) => m.event.timestamp).filter((t): t is number => t !== undefined);
  if (overflow?.first !== undefined) times.push(overflow.first, overflow.last!);
  const fields: Record<string, Set<string>> = {};
  for (const match of run) {
    for (const [name, value] of Object.entries(match.captures)) {
      if (value === undefined || value === '') continue;
      const set = (fields[name] ??= new Set());
      if (set.size < MAX_DISTINCT_FIELD_VALUES) set.add(value);
    }
  }
  // Sorted as a reader counts (2 before 10), then cut: what is cut is counted, never silently dropped.
  const kept: [string, string[]][] = [];
  const omitted: Record<string, number> = {};
  for (const [name, set] of Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const values = [...set].sort(naturalCompare);
    kept.push([name, values.slice(0, MAX_FIELD_VALUES)]);
    if (values.length > MAX_FIELD_VALUES) omitted[name] = values.length - MAX_FIELD_VALUES;
  }
  return {
    id: '',
    signature: signature.id,
    title: signature.title,
    severity: signature.severity,
    role: signature.role,
    host: run[0]!.event.host,
    firstSeen: times.length ? times.reduce((a, b) => Math.min(a, b)) : undefined,
    lastSeen: times.length ? times.reduce((a, b) => Math.max(a, b)) : undefined,
    count: run.length + (overflow?.count ?? 0),
    fields: Object.fromEntries(kept),
    ...(Object.keys(omitted).length > 0 ? { fieldsOmitted: omitted } : {}),
    evidence: pickEvidence(run),
    runbook: signature.runbook,
  };
}

/** Lines equal but for their digits (times, counters, pids) are one shape, shown once with how often it recurred. */
function shapeOf(match: Match): string {
  return matchTextOf(match.event).replace(/\d+/g, '#');
}

/**
 * One line per shape of line, each with how often, until when and in which files it recurred; of many shapes, the
 * first few, an evenly spaced sample from the middle, and the last: what an engineer needs to see the shape.
 */
function pickEvidence(run: readonly Match[]): Evidence[] {
  const shapes = new Map<string, { first: Match; count: number; last?: number; files: Set<string> }>();
  for (const match of run) {
    const key = shapeOf(match);
    let shape = shapes.get(key);
    if (!shape) shapes.set(key, (shape = { first: match, count: 0, files: new Set() }));
    shape.count++;
    const t = match.event.timestamp;
    if (t !== undefined && (shape.last === undefined || t > shape.last)) shape.last = t;
    shape.files.add(fileOf(match.event));
  }
  const groups = [...shapes.values()];
  const picked = new Set<number>();
  for (let i = 0; i < Math.min(FIRST_EVIDENCE, groups.length); i++) picked.add(i);
  const middle = groups.length - FIRST_EVIDENCE - 1;
  if (middle > 0) {
    for (let s = 1; s <= SAMPLE_EVIDENCE; s++) picked.add(FIRST_EVIDENCE + Math.floor((middle * s) / (SAMPLE_EVIDENCE + 1)));
  }
  picked.add(groups.length - 1);
  return [...picked].sort((a, b) => a - b).map((i) => {
    const group = groups[i]!;
    const evidence = toEvidence(group.first);
    if (group.count === 1) return evidence;
    return { ...evidence, repeated: { count: group.count, ...(group.last === undefined ? {} : { lastTimestamp: group.last }), files: [...group.files].sort() } };
  });
}

export function compareMatches(a: Match, b: Match): number {
  return (
    (a.event.timestamp ?? Infinity) - (b.event.timestamp ?? Infinity) ||
    a.event.origin.bundle.localeCompare(b.event.origin.bundle) ||
    a.event.origin.member.localeCompare(b.event.origin.member) ||
    a.event.origin.line - b.event.origin.line
  );
}

/** Whether `a` is the better file to count a repeated line from than `b` (see `withoutCopies`). */
function betterCopy(a: [string, Match[]], b: [string, Match[]]): boolean {
  if (a[1].length !== b[1].length) return a[1].length > b[1].length;
  const precise = (list: Match[]) => (list[0]!.event.timestamp! % 1000 !== 0 ? 1 : 0) + (list[0]!.event.timeQuality === 'exact' ? 2 : 0);
  if (precise(a[1]) !== precise(b[1])) return precise(a[1]) > precise(b[1]);
  return a[0] < b[0];
}
