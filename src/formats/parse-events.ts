import type { EventLayer, LogEvent, Severity, TimeQuality } from '../model/log-event.js';
import type { LineMarksView, LogLine, MemberInfo, MemberLines } from '../model/log-line.js';
import { componentOf } from './component-of.js';
import type { LineParser, LogFormat, ParseOutput, ParsedRecord, Payload, RecordTime } from './log-format.js';
import { detectFormat } from './detect-format.js';
import { safeSniff } from './safe-sniff.js';
import { MemberClock, yearAnchorOf, type ClockAnchors, type ClockAssumptions } from './time/resolve-time.js';
import type { Zone } from './time/zone.js';
import { utcMonthIndex } from './time/utc-month-index.js';
import { utcDateTime } from './time/utc-date-time.js';
import { SKIMMED_FIELDS, SKIM_UNSURE, type EventSink, type LightLine, type SkimPolicy, type SkimUnsure } from './skim.js';

/** Per-member counters that coverage reports; lines = parsed + unparsed always holds. */
export interface MemberParseStats {
  lines: number;
  parsed: number;
  unparsed: number;
  /** Lines of events that got no time (plain text, kubectl output): parsed or not, they fall out of time windows. */
  untimed: number;
  events: number;
  truncatedLines: number;
  invalidUtf8Lines: number;
  /** Events per innermost format id. */
  formats: Record<string, number>;
  /** Format chosen by detection for the member. */
  primaryFormat?: string;
  firstTimestamp?: number;
  lastTimestamp?: number;
  /** Seen timestamps going backwards by more than a minute (ordering problems). */
  backwardsJumps: number;
  clock?: ClockAssumptions;
  /**
   * The newest exact time whose value the file alone decided (not read in another file's zone), epoch ms: a year
   * anchor for siblings that does not depend on the order files are read in.
   */
  newestOwnExact?: number;
  /** Zone the member's local times were read in, when one was given or learned. */
  zone?: Zone;
}

export function newMemberParseStats(): MemberParseStats {
  return { lines: 0, parsed: 0, unparsed: 0, untimed: 0, events: 0, truncatedLines: 0, invalidUtf8Lines: 0, formats: {}, backwardsJumps: 0 };
}

export interface ParseEventsOptions {
  /** Line formats in priority order; the last one must be the catch-all fallback (plain text). */
  readonly formats: readonly LogFormat[];
  /** Formats tried, in order, on the message of an envelope record. */
  readonly payloadFormats: readonly LogFormat[];
  readonly anchors: ClockAnchors;
  /** A year learned elsewhere in the run, for year-less files with no anchor of their own. */
  readonly fallbackYear?: () => number | undefined;
  /** Called with every full year seen, so other members can fall back to it. */
  readonly onYearSeen?: (year: number) => void;
  /**
   * Skim the lines of members the raw-byte prefilter marked (`MemberLines.marks`) that it left unmarked (see
   * formats/skim): their events are light when the policy says that serves. Absent: every event is whole.
   */
  readonly skim?: SkimPolicy;
  /**
   * Takes every event as it is parsed, in file order, and light ones as `LightLine`s when it will (see formats/skim):
   * the batches then hand over nothing. Absent: events come in the batches.
   */
  readonly sink?: EventSink;
}

/** The time, level, component and format of the event being delivered (see `MemberParser.settle`). */
interface SettledEvent {
  envelopeTimestamp: number | undefined;
  innerTimestamp: number | undefined;
  timestamp: number | undefined;
  quality: TimeQuality;
  severity: Severity;
  component: string | undefined;
  format: string;
}

/** Lines sniffed before the member's format is chosen. */
const DETECTION_LINES = 24;
/** A line claimed by another format must score at least this much. */
const CLAIM_SCORE = 0.5;

/**
 * Parses one member's lines into events, synchronously, line by line (the async wrapper `parseEvents` streams).
 * Formats are detected per line: a line the member's format rejects goes to the format that claims it, and a line
 * nobody claims becomes a plain-text event counted as unparsed (never dropped).
 */
export class MemberParser {
  private readonly fallback: LogFormat;
  private readonly clock: MemberClock;
  private readonly parsers = new Map<string, LineParser>();
  private readonly primaryIsFallback: boolean;
  private active: LogFormat;
  /** The parser of `active` once asked for (a Map lookup per line otherwise); cleared whenever `active` changes. */
  private activeParser: LineParser | undefined;
  private bootId: string | undefined;
  /** Boot markers seen so far in this member (see LogEvent.bootSegment). */
  private bootMarkers = 0;
  /** Wall-clock resets seen so far in this member, counted in file order as records are resolved. */
  private clockResets = 0;
  /** The last record's unit and its component (`componentOf` is a pure function of the name). */
  private lastUnit: string | undefined;
  private lastUnitComponent: string | undefined;
  /** The component of the last record's unit `componentOf` read. */
  private unitComponent: string | undefined;
  private lastTimestamp: number | undefined;
  private pending: LogEvent[] = [];
  private deferring = true;
  private deferred: { record: ParsedRecord; payload: Payload | undefined; light: boolean; bootId: string | undefined; bootMarkers: number }[] = [];
  /** The skim policy while this member may still be skimmed (see `ParseEventsOptions.skim`). */
  private skim: SkimPolicy | undefined;
  /** A journal entry that may open a lasting crash (see `skimsLine`), until its record names its process. */
  private crashLine: number | undefined;
  /** Processes whose events are all whole from such an entry on. */
  private wholeProcesses: Set<string> | undefined;
  /** Recent raw lines by line number, so an event can carry its first line's original text. */
  private readonly recentText: string[] = new Array(RECENT_LINES);
  private readonly recentLine: number[] = new Array(RECENT_LINES).fill(0);
  /** What `settle` found for the record being delivered. */
  private readonly settled: SettledEvent = {
    envelopeTimestamp: undefined, innerTimestamp: undefined, timestamp: undefined, quality: 'none', severity: 'info', component: undefined, format: '',
  };
  /** The record every light line is written into for `ParseEventsOptions.sink`. */
  private readonly lightLine: LightLine;

  constructor(
    private readonly info: MemberInfo,
    private readonly primary: LogFormat,
    private readonly options: ParseEventsOptions,
    private readonly stats: MemberParseStats,
    private readonly marks?: LineMarksView,
  ) {
    this.skim = marks === undefined ? undefined : options.skim;
    this.lightLine = {
      timestamp: undefined, host: undefined, hostProvisional: false, component: undefined, unit: undefined, pid: undefined, severity: 'info',
      bootId: undefined, bundle: info.source.bundle, member: info.source.member, line: 0,
    };
    const fallback = options.formats[options.formats.length - 1];
    if (!fallback) throw new Error('MemberParser needs at least the fallback format');
    this.fallback = fallback;
    this.clock = new MemberClock(options.anchors, options.fallbackYear);
    stats.clock = this.clock.assumptions;
    stats.primaryFormat = primary.id;
    this.primaryIsFallback = primary === fallback;
    this.active = primary;
  }

  /** The zone this member's local times were read in (given, or learned from the file), for sibling files. */
  get learnedZone(): Zone | undefined {
    return this.clock.zone;
  }

  /** Feeds one line; returns the events it completed. */
  push(line: LogLine): LogEvent[] {
    this.feed(line);
    return this.take();
  }

  /** Feeds many lines; returns the events they completed, in one array. */
  pushAll(lines: readonly LogLine[]): LogEvent[] {
    for (let i = 0; i < lines.length; i++) this.feed(lines[i]!);
    return this.take();
  }

  /** Flushes every parser's pending record at the end of the member. */
  end(): LogEvent[] {
    for (const parser of this.parsers.values()) this.emit(parser.flush());
    this.releaseDeferred(undefined);
    return this.take();
  }

  private take(): LogEvent[] {
    if (this.pending.length === 0) return EMPTY;
    const out = this.pending;
    this.pending = [];
    return out;
  }

  private parserOfActive(): LineParser {
    return (this.activeParser ??= this.parserFor(this.active));
  }

  private activate(format: LogFormat): void {
    this.active = format;
    this.activeParser = undefined;
  }

  private parserFor(format: LogFormat): LineParser {
    let parser = this.parsers.get(format.id);
    if (!parser) this.parsers.set(format.id, (parser = format.createParser()));
    return parser;
  }

  private emit(outputs: readonly ParseOutput[]): void {
    // An index loop: `for…of` built an array iterator per call (several per line), 3 % of a bundle's allocations.
    for (let o = 0; o < outputs.length; o++) {
      const output = outputs[o]!;
      if (output.type === 'marker') {
        if (output.marker === 'boot') {
          this.bootId = output.bootId;
          this.bootMarkers++;
        }
        if (output.marker === 'logs-begin') {
          const begin = output.begin?.kind === 'wall' ? output.begin.wall : undefined;
          this.clock.adoptZoneAbbreviation(begin?.zoneAbbreviation);
          const anchor = yearAnchorOf(output.begin, output.end);
          // The header comes before any line: its year (that of the first entry) dates the year-less lines after it.
          if (anchor && !this.clock.hasYear) this.clock.seedYear(anchor, anchor.month, "the journal's `-- Logs begin at` header");
          if (anchor) this.releaseDeferred(anchor);
        }
        continue;
      }
      let record = output;
      let payload: Payload | undefined;
      let light = false;
      if (record.line === this.crashLine) {
        (this.wholeProcesses ??= new Set()).add(MemberParser.processOf(record));
        this.crashLine = undefined;
      }
      if (record.skimmedText !== undefined) {
        light = this.lightSuffices(record, undefined);
        if (!light) record = this.readWhole(record);
      }
      if (record.hasPayload) {
        const skimmed = this.skimmable(record) ? skimPayload(record.message, this.options.payloadFormats) : SKIM_UNSURE;
        if (skimmed !== SKIM_UNSURE && skimmed !== undefined && this.lightSuffices(record, skimmed)) {
          payload = skimmed;
          light = true;
        } else {
          payload = skimmed === undefined ? undefined : findPayload(record.message, this.options.payloadFormats);
          // A message with no payload: a record that allows it is light on its envelope alone (see `lightWithoutPayload`).
          if (payload === undefined && record.lightWithoutPayload === true && this.skimmable(record)) light = this.lightSuffices(record, undefined);
        }
      }
      if (!this.deferring) {
        this.deliver(record, payload, light, this.bootId, this.bootMarkers);
        continue;
      }
      // Year-less lines wait (boundedly) for the file's first full timestamp, which is the best year anchor.
      this.deferred.push({ record, payload, light, bootId: this.bootId, bootMarkers: this.bootMarkers });
      const anchor = yearAnchorOf(record.time, payload?.time);
      if (anchor) {
        // The anchor line also tells the zone: learn it before the held-back lines are placed.
        if (payload?.time) this.clock.learnFrom(record.time, payload.time);
        this.releaseDeferred(anchor);
      }
      else if (this.deferred.length >= MAX_DEFERRED) this.releaseDeferred(undefined);
    }
  }

  /** Resolves held-back records in order, seeding the year from `anchor` when one was found. */
  private releaseDeferred(anchor: { year: number; month: number } | undefined): void {
    if (!this.deferring) return;
    this.deferring = false;
    const firstWall = this.deferred.find((d) => d.record.time?.kind === 'wall' && d.record.time.wall.year === undefined);
    if (anchor && firstWall && firstWall.record.time?.kind === 'wall' && !this.clock.hasYear) {
      this.clock.seedYear(anchor, firstWall.record.time.wall.month);
    }
    for (const held of this.deferred) this.deliver(held.record, held.payload, held.light, held.bootId, held.bootMarkers);
    this.deferred = [];
  }

  private feed(input: LogLine): void {
    const { stats, fallback, primary } = this;
    let line = input;
    // A binary journal entry comes decoded, with no line as read: its text (a rendered JSON line) is not kept as the
    // event's raw line, nor read at all unless a format other than the journal's asks for it.
    if (input.journalEntry === undefined) {
      const slot = input.lineNumber % RECENT_LINES;
      this.recentText[slot] = input.text;
      this.recentLine[slot] = input.lineNumber;
      // Colour codes (logs captured from a TTY, `docker logs` of dind) would split words and hide levels from the
      // parsers and the matcher; they are removed for parsing, while the evidence keeps the line as read.
      if (input.text.indexOf('\u001b') !== -1) line = { ...input, text: input.text.replace(ANSI_SEQUENCE, '') };
    }
    const skim = this.skim !== undefined && this.skimsLine(line);
    stats.lines++;
    if (line.flags?.truncated) stats.truncatedLines++;
    if (line.flags?.invalidUtf8) stats.invalidUtf8Lines++;
    if (this.active === fallback) {
      // The fallback accepts everything, so a structured line inside unstructured text must be claimed first.
      const claimant = bestClaimant(line.text, this.options.formats, fallback, fallback);
      if (claimant) {
        this.emit(this.parserFor(fallback).flush());
        this.activate(claimant);
      }
    }
    const step = this.parserOfActive().push(line, skim);
    this.emit(step.out);
    if (step.accepted) {
      stats.parsed++;
      return;
    }
    this.emit(this.parserOfActive().flush());
    if (this.active !== primary) {
      const back = this.parserFor(primary).push(line, skim);
      this.emit(back.out);
      if (back.accepted) {
        this.activate(primary);
        stats.parsed++;
        return;
      }
    }
    const claimant = bestClaimant(line.text, this.options.formats, fallback, this.active);
    if (claimant) {
      const claimed = this.parserFor(claimant).push(line, skim);
      this.emit(claimed.out);
      if (claimed.accepted) {
        this.activate(claimant);
        stats.parsed++;
        return;
      }
    }
    // Nobody claims the line: keep it as an unstructured event so patterns still see it.
    const fallbackParser = this.parserFor(fallback);
    this.emit(fallbackParser.push(line).out);
    this.emit(fallbackParser.flush());
    if (this.primaryIsFallback) stats.parsed++;
    else stats.unparsed++;
  }

  /** Whether the line may be skimmed; a marked line the policy finds telling ends skimming for the member. */
  private skimsLine(line: LogLine): boolean {
    if (!this.marks!.isMarked(line.lineNumber)) return true;
    // A binary journal entry's crash text is its message as stored (no escapes to undo): no JSON line is rendered.
    if (this.skim!.endsSkimming(line.journalEntry?.head?.message ?? line.text)) {
      // A binary journal interleaves every process of a host: only the later entries of this entry's process (what a
      // lasting crash takes, see correlate/recognise-crashes) are read whole, once its record tells the process.
      if (line.journalEntry !== undefined) this.crashLine = line.lineNumber;
      else this.skim = undefined;
    }
    return false;
  }

  /** The process a crash follows lines by (correlate/recognise-crashes), within this member. */
  private static processOf(record: ParsedRecord): string {
    return `${record.pid ?? record.unit ?? ''}`;
  }

  /** Whether a record's payload may be skimmed: a record of one unmarked line, while skimming. */
  private skimmable(record: ParsedRecord): boolean {
    return this.skim !== undefined && record.lineCount === 1 && !this.marks!.isMarked(record.line);
  }

  private lightSuffices(record: ParsedRecord, payload: Payload | undefined): boolean {
    // Skimming may have ended since the record's line was read: its event is then whole like the lines after it.
    const skim = this.skim;
    if (skim === undefined) return false;
    if (this.wholeProcesses !== undefined && this.wholeProcesses.has(MemberParser.processOf(record))) return false;
    return skim.lightSuffices(
      payload?.severity ?? record.severity ?? 'info', this.componentOf(record, payload), record.unit, payload?.format ?? record.format, payload !== undefined,
    );
  }

  /** The record of a skimmed line, read in full by a parser of its own (the member's parser has moved on). */
  private readWhole(skimmed: ParsedRecord): ParsedRecord {
    const format = this.options.formats.find((f) => f.id === skimmed.format);
    const parser = format?.createParser();
    const line: LogLine = { source: this.info.source, lineNumber: skimmed.line, text: skimmed.skimmedText! };
    const outputs = parser ? [...parser.push(line).out, ...parser.flush()] : [];
    const whole = outputs.find((o): o is ParsedRecord => o.type === 'record');
    if (!whole) throw new Error(`format ${skimmed.format} skimmed line ${skimmed.line} but does not read it in full`);
    return whole;
  }

  /**
   * The event's component (the payload's, the record's, the unit's or the member's); the unit's is left in
   * `unitComponent` (no object returned per line).
   */
  private componentOf(record: ParsedRecord, payload: Payload | undefined): string | undefined {
    const unit = record.unit;
    let unitComponent: string | undefined;
    // A journal's lines mostly repeat the unit of the line before: a string compare instead of hashing it again.
    if (unit !== undefined && unit === this.lastUnit) unitComponent = this.lastUnitComponent;
    else {
      unitComponent = componentOf(unit);
      if (unit !== undefined) {
        this.lastUnit = unit;
        this.lastUnitComponent = unitComponent;
      }
    }
    unitComponent ??= componentOf(record.fields['_SYSTEMD_UNIT']);
    this.unitComponent = unitComponent;
    return payload?.component ?? record.component ?? unitComponent ?? this.info.component;
  }

  /**
   * What every event of a record settles, whole or light, in file order: its time (the member's clock, its counters)
   * and its format's count. Left in `settled` (no object per line).
   */
  private settle(record: ParsedRecord, payload: Payload | undefined): void {
    const { stats, options, settled } = this;
    const resolved = this.clock.resolve(record.time, payload?.time);
    const innerTimestamp = payload?.time ? exactInstant(payload.time) : undefined;
    // The envelope's time orders the file (a year-inferred journal stamp is still µs-precise and in file order);
    // the payload's time stands in only when the envelope has none.
    let timestamp = resolved.timestamp;
    let quality = resolved.quality;
    if (innerTimestamp !== undefined && quality === 'none') {
      timestamp = innerTimestamp;
      quality = 'exact';
    }
    if (timestamp !== undefined) {
      if (this.lastTimestamp !== undefined && timestamp < this.lastTimestamp - BACKWARDS_JUMP_MS) {
        stats.backwardsJumps++;
        this.clockResets++;
      }
      this.lastTimestamp = timestamp;
      if (quality === 'exact' && !resolved.borrowed) {
        if (stats.newestOwnExact === undefined || timestamp > stats.newestOwnExact) stats.newestOwnExact = timestamp;
        if (options.onYearSeen) options.onYearSeen(Math.floor(utcMonthIndex(timestamp) / 12));
      }
      if (stats.firstTimestamp === undefined || timestamp < stats.firstTimestamp) stats.firstTimestamp = timestamp;
      if (stats.lastTimestamp === undefined || timestamp > stats.lastTimestamp) stats.lastTimestamp = timestamp;
    } else stats.untimed += record.lineCount;
    settled.envelopeTimestamp = resolved.timestamp;
    settled.innerTimestamp = innerTimestamp;
    settled.timestamp = timestamp;
    settled.quality = quality;
    settled.severity = payload?.severity ?? record.severity ?? 'info';
    settled.component = this.componentOf(record, payload);
    const format = payload?.format ?? record.format;
    settled.format = format;
    stats.formats[format] = (stats.formats[format] ?? 0) + 1;
    stats.events++;
  }

  /** Hands one record's event on: to the sink as it comes (a light one as a `LightLine` when it takes one), else to `pending`. */
  private deliver(record: ParsedRecord, payload: Payload | undefined, light: boolean, bootId: string | undefined, bootMarkers: number): void {
    const sink = this.options.sink;
    if (sink === undefined) this.pending.push(this.toEvent(record, payload, light, bootId, bootMarkers));
    else if (light && record.lineCount === 1 && sink.takesLightLine()) sink.lightLine(this.toLightLine(record, payload, bootId));
    else sink.event(this.toEvent(record, payload, light, bootId, bootMarkers));
  }

  /** The light event of a record, written into the one reused `LightLine`. */
  private toLightLine(record: ParsedRecord, payload: Payload | undefined, bootId: string | undefined): LightLine {
    this.settle(record, payload);
    const { info, settled } = this;
    const out = this.lightLine;
    out.timestamp = settled.timestamp;
    out.host = record.host ?? info.host;
    out.hostProvisional = record.host === undefined && info.hostProvisional === true;
    out.component = settled.component;
    out.unit = record.unit;
    out.pid = record.pid;
    out.severity = settled.severity;
    out.bootId = record.bootId ?? bootId;
    out.line = record.line;
    return out;
  }

  /**
   * The layout's fields (a pod log's namespace/pod/container) under the line's own, which say more. A pod log's lines
   * mostly share one frozen `{ stream }` object (formats/cri): the merged object of the last line is handed out again
   * for the same own fields (events never write to their fields), instead of a copy of both per line.
   */
  private withMemberFields(own: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
    const member = this.info.fields;
    if (member === undefined) return own;
    if (own !== this.lastOwnFields) {
      this.lastOwnFields = own;
      this.lastMemberFields = { ...member, ...own };
    }
    return this.lastMemberFields!;
  }

  private lastOwnFields: Readonly<Record<string, string>> | undefined;
  private lastMemberFields: Readonly<Record<string, string>> | undefined;

  private toEvent(record: ParsedRecord, payload: Payload | undefined, light: boolean, bootId: string | undefined, bootMarkers: number): LogEvent {
    this.settle(record, payload);
    const { info, settled } = this;
    const timestamp = settled.timestamp;
    const unitComponent = this.unitComponent;
    const envelope: EventLayer | undefined = payload
      ? { format: record.format, timestamp: settled.envelopeTimestamp, severity: record.severity, component: unitComponent ?? info.component }
      : undefined;
    const payloadLayer: EventLayer | undefined = payload
      ? { format: payload.format, timestamp: settled.innerTimestamp, severity: payload.severity, component: payload.component }
      : undefined;
    const host = record.host ?? info.host;
    const message = light ? '' : payload ? payload.message : record.message;
    const fields = light ? SKIMMED_FIELDS : this.withMemberFields(payload ? mergeFields(record.fields, payload.fields) : record.fields);
    const segment = bootMarkers + this.clockResets;
    const monotonic = timestamp === undefined && record.time?.kind === 'monotonic' ? record.time.seconds : undefined;
    const origin = { bundle: info.source.bundle, member: info.source.member, line: record.line, lineCount: record.lineCount };
    const raw = this.recentLine[record.line % RECENT_LINES] === record.line ? this.recentText[record.line % RECENT_LINES] : undefined;
    // Literals without spreads (V8 builds them from one boilerplate instead of adding keys one by one after a spread),
    // with the optional keys where the spreads put them: the same keys in the same order as before.
    if (record.host !== undefined || !info.hostProvisional) {
      if (segment > 0) {
        return {
          timestamp, timeQuality: settled.quality, host, component: settled.component, unit: record.unit, pid: record.pid, severity: settled.severity,
          message, fields, format: settled.format, bootId: record.bootId ?? bootId, bootSegment: segment, monotonic, origin, raw, envelope, payload: payloadLayer,
        };
      }
      return {
        timestamp, timeQuality: settled.quality, host, component: settled.component, unit: record.unit, pid: record.pid, severity: settled.severity,
        message, fields, format: settled.format, bootId: record.bootId ?? bootId, monotonic, origin, raw, envelope, payload: payloadLayer,
      };
    }
    return {
      timestamp, timeQuality: settled.quality, host, hostProvisional: true, component: settled.component, unit: record.unit, pid: record.pid,
      severity: settled.severity, message, fields, format: settled.format, bootId: record.bootId ?? bootId,
      ...(segment > 0 ? { bootSegment: segment } : {}),
      monotonic, origin, raw, envelope, payload: payloadLayer,
    };
  }
}


const EMPTY: LogEvent[] = [];
// CSI (colours, cursor) and OSC (titles, hyperlinks) sequences, ECMA-48.
// eslint-disable-next-line no-control-regex
const ANSI_SEQUENCE = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;
const RECENT_LINES = 512;
/** Records held back at most while waiting for a year anchor (bounded memory). */
const MAX_DEFERRED = 4096;
/** A step back in time larger than this within one file is a wall-clock reset (a reboot without RTC, a clock set). */
const BACKWARDS_JUMP_MS = 60_000;

/**
 * `{ ...outer, ...inner }`, without the copy when the envelope has no fields of its own (a journal-short or syslog
 * line): events never mutate their fields, so the payload's object can be shared.
 */
function mergeFields(outer: Record<string, string>, inner: Record<string, string>): Record<string, string> {
  let merged: Record<string, string> | undefined;
  // Copied key by key: a second spread of objects of many shapes (every payload's field set differs) runs about
  // ten times slower in V8 than these stores. An own `__proto__` key (what JSON.parse makes of one) would hit the
  // prototype setter here, so such objects take the spread, which defines it as a plain property.
  for (const key in outer) {
    if (key === '__proto__') return { ...outer, ...inner };
    (merged ??= {})[key] = outer[key]!;
  }
  if (merged === undefined) return inner;
  for (const key in inner) {
    if (key === '__proto__') return { ...outer, ...inner };
    merged[key] = inner[key]!;
  }
  return merged;
}

function exactInstant(time: RecordTime): number | undefined {
  if (time.kind === 'instant') return time.epochMs;
  if (time.kind === 'wall' && time.wall.year !== undefined && time.wall.offsetMinutes !== undefined) {
    const w = time.wall;
    return utcDateTime(w.year!, w.month, w.day, w.hour, w.minute, w.second) + w.millis - w.offsetMinutes! * 60_000;
  }
  return undefined;
}

/**
 * What ingest may offer besides `MemberLines.lines`: the same lines, many per `await`. Optional, so any
 * `MemberLines` (a test's, the journal reader's) still parses through the line-by-line path.
 */
export interface LineBatchSource {
  batches(): AsyncIterable<readonly LogLine[]>;
}

/** The source's own batches, when it offers them. */
export function batchSourceOf(lines: AsyncIterable<LogLine>): LineBatchSource | undefined {
  const batches = (lines as Partial<LineBatchSource>).batches;
  return typeof batches === 'function' ? (lines as unknown as LineBatchSource) : undefined;
}

/** Streams one member's events. Detection reads the first lines; they are replayed into the chosen parser. */
export async function* parseEvents(member: MemberLines, options: ParseEventsOptions, stats: MemberParseStats): AsyncGenerator<LogEvent> {
  for await (const events of parseEventBatches(member, options, stats)) {
    for (let i = 0; i < events.length; i++) yield events[i]!;
  }
}

/**
 * `parseEvents`, handing over events an array at a time (never an empty one): a promise hop per event costs more
 * than parsing the line, so the pipeline takes them in batches. Pulls lines in batches when ingest offers them.
 */
export async function* parseEventBatches(member: MemberLines, options: ParseEventsOptions, stats: MemberParseStats): AsyncGenerator<LogEvent[]> {
  const batchSource = batchSourceOf(member.lines);
  const iterator: AsyncIterator<readonly LogLine[]> = batchSource
    ? batchSource.batches()[Symbol.asyncIterator]()
    : singleLines(member.lines[Symbol.asyncIterator]());
  const head: LogLine[] = [];
  let done = false;
  while (head.length < DETECTION_LINES) {
    const next = await iterator.next();
    if (next.done) { done = true; break; }
    for (const line of next.value) head.push(line);
  }
  const texts: string[] = [];
  for (let i = 0; i < head.length && i < DETECTION_LINES; i++) texts.push(head[i]!.text);
  const primary = detectFormat(texts, options.formats, member.member.formatHint);
  const parser = new MemberParser(member.member, primary, options, stats, member.marks);
  const first = parser.pushAll(head);
  if (first.length > 0) yield first;
  while (!done) {
    const next = await iterator.next();
    if (next.done) break;
    const events = parser.pushAll(next.value);
    if (events.length > 0) yield events;
  }
  const last = parser.end();
  if (last.length > 0) yield last;
  stats.zone = parser.learnedZone;
}

/** Adapts a line iterator to the batch shape, one line per batch (the path for sources without `batches`). */
function singleLines(lines: AsyncIterator<LogLine>): AsyncIterator<readonly LogLine[]> {
  return {
    async next() {
      const next = await lines.next();
      return next.done ? { done: true, value: undefined } : { done: false, value: [next.value] };
    },
  };
}

function bestClaimant(text: string, formats: readonly LogFormat[], fallback: LogFormat, exclude: LogFormat): LogFormat | undefined {
  let best: LogFormat | undefined;
  let bestScore = CLAIM_SCORE;
  for (const format of formats) {
    if (format === fallback || format === exclude) continue;
    const score = safeSniff(format, text);
    if (score >= bestScore && (best === undefined || score > bestScore)) {
      best = format;
      bestScore = score;
    }
  }
  return best;
}

/**
 * `findPayload` without the message and fields (see formats/skim), or `SKIM_UNSURE` as soon as a format it must ask
 * cannot tell cheaply.
 */
function skimPayload(message: string, formats: readonly LogFormat[]): Payload | undefined | SkimUnsure {
  if (message.length === 0) return undefined;
  for (const format of formats) {
    if (!format.parsePayload) continue;
    if (!format.skimPayload) return SKIM_UNSURE;
    const payload = format.skimPayload(message);
    if (payload !== undefined) return payload;
  }
  return undefined;
}

/** The first payload format that recognises the message, or undefined. */
export function findPayload(message: string, formats: readonly LogFormat[]): Payload | undefined {
  if (message.length === 0) return undefined;
  for (const format of formats) {
    if (!format.parsePayload) continue;
    try {
      const payload = format.parsePayload(message);
      if (payload) return payload;
    } catch {
      // A payload parser that throws is a bug in that parser; the envelope record still stands on its own.
    }
  }
  return undefined;
}
