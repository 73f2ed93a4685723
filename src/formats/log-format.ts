import type { LogLine } from '../model/log-line.js';
import type { Severity } from '../model/log-event.js';
import type { SkimUnsure } from './skim.js';

/** Calendar parts of a timestamp as printed on the line (local or with an offset). */
export interface WallTime {
  /** Absent on year-less formats (journal short, RFC3164, klog). */
  readonly year?: number;
  /** 1..12 */
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** Milliseconds within the second, fraction allowed (µs precision: 123.456). */
  readonly millis: number;
  /** Offset from UTC printed on the line (`+02:00` → 120). Absent when the line is local time without a zone. */
  readonly offsetMinutes?: number;
  /** Zone abbreviation printed on the line (`UTC`, `CEST`), when any. */
  readonly zoneAbbreviation?: string;
}

/** The time a record carries, before bundle-wide year/zone resolution. */
export type RecordTime =
  /** An exact instant: epoch values, ISO with `Z` or an offset, complete journal fields. */
  | { readonly kind: 'instant'; readonly epochMs: number }
  /** Calendar parts that may lack the year and/or the zone. */
  | { readonly kind: 'wall'; readonly wall: WallTime }
  /** Seconds since boot (raw dmesg, short-monotonic). */
  | { readonly kind: 'monotonic'; readonly seconds: number }
  /** Seconds since process start (logrus `INFO[0000]`): not a wall-clock time. */
  | { readonly kind: 'process-relative'; readonly seconds: number }
  /** An age printed by kubectl (`5m`, `2d3h`): seconds before the moment the output was collected. */
  | { readonly kind: 'age'; readonly seconds: number };

/** A record parsed from one or more physical lines. */
export interface ParsedRecord {
  readonly type: 'record';
  /** Format id that produced it. */
  readonly format: string;
  /** First physical line (1-based) and how many lines it spans. */
  readonly line: number;
  readonly lineCount: number;
  readonly time?: RecordTime;
  readonly host?: string;
  /** Syslog identifier / unit / journal `SYSLOG_IDENTIFIER` as printed. */
  readonly unit?: string;
  readonly pid?: number;
  readonly severity?: Severity;
  /** Component named by the line itself (klog file → kubelet is *not* inferred here; only explicit names). */
  readonly component?: string;
  readonly message: string;
  readonly fields: Record<string, string>;
  readonly bootId?: string;
  /** Envelope formats (journal, syslog, CRI) set this so the driver re-parses `message` as a payload. */
  readonly hasPayload?: boolean;
  /**
   * Set on a skimmed record (see formats/skim and `LineParser.push`): only its head was read, `message` is `''` and
   * `fields` is `SKIMMED_FIELDS`; this is its one line's text, to parse in full if its event turns out to need it.
   */
  readonly skimmedText?: string;
  /**
   * An envelope record (`hasPayload`) whose event may be light on the envelope alone when the payload skim proves its
   * message holds no payload: set by a format whose records take nothing from other lines and whose every field the
   * raw-byte prefilter reads (a binary journal's entry: see ingest/journal-file; a CRI line whole as written, untagged).
   */
  readonly lightWithoutPayload?: boolean;
}

/** Metadata lines that are not events (journal markers). They count as parsed lines. */
export type ParsedMarker =
  | { readonly type: 'marker'; readonly marker: 'boot'; readonly line: number; readonly bootId?: string }
  | { readonly type: 'marker'; readonly marker: 'logs-begin'; readonly line: number; readonly begin?: RecordTime; readonly end?: RecordTime }
  | { readonly type: 'marker'; readonly marker: 'no-entries' | 'other'; readonly line: number };

export type ParseOutput = ParsedRecord | ParsedMarker;

/** Result of feeding one line. */
export interface ParserStep {
  /** False when the line is neither of this format nor a continuation of the pending record. */
  readonly accepted: boolean;
  /** Records completed by this line (usually the previous pending record). */
  readonly out: readonly ParseOutput[];
}

/** Parses one member's lines; stateful so multi-line records (continuations, partial CRI chunks) join. */
export interface LineParser {
  /**
   * `skim`: the caller needs only the head of this line's record (see formats/skim) unless more lines join it; a
   * parser that can may then return a skimmed record (`ParsedRecord.skimmedText`). Parsers may ignore it.
   */
  push(line: LogLine, skim?: boolean): ParserStep;
  /** Emits what is still pending. Called at end of member and before the driver switches format. */
  flush(): readonly ParseOutput[];
}

/** The payload found inside an envelope's message (logrus in a journal line, zap JSON in a CRI line). */
export interface Payload {
  readonly format: string;
  readonly time?: RecordTime;
  readonly severity?: Severity;
  readonly component?: string;
  /** The message with the payload's own prefix (time, level) removed. */
  readonly message: string;
  readonly fields: Record<string, string>;
}

/** A real line and what parsing it must yield (lnav's `sample`). */
export interface FormatSample {
  /** One physical line, or several for multi-line records. */
  readonly lines: readonly string[];
  /** Where the line was taken from (a URL, or a path inside this repository such as `test/fixtures/journal/…`). */
  readonly source: string;
  readonly expect: {
    readonly severity?: Severity;
    readonly message?: string;
    readonly host?: string;
    readonly unit?: string;
    readonly pid?: number;
    readonly time?: RecordTime;
    readonly fields?: Readonly<Record<string, string | undefined>>;
    /** Expected payload format after nesting (`logrus` inside `journal-short`). */
    readonly payloadFormat?: string;
  };
}

/** A log line format: one file in src/formats, registered in src/formats/index.ts. */
export interface LogFormat {
  readonly id: string;
  readonly title: string;
  /** Score 0..1 of how sure this single line is of this format. Must be cheap and never throw. */
  sniff(text: string): number;
  /**
   * Score 0..1 of how sure the member's first lines, read together, are of this format: for whole documents (a JSON
   * or YAML list) that no single line tells. Optional; must be cheap and never throw.
   */
  sniffDocument?(lines: readonly string[]): number;
  createParser(): LineParser;
  /** Parses a message body after an envelope was stripped; undefined when it is not this format. Never throws. */
  parsePayload?(message: string): Payload | undefined;
  /**
   * `parsePayload` without the message and fields (message `''`, `SKIMMED_FIELDS`), or `SKIM_UNSURE` when that
   * cannot be told cheaply (see formats/skim). Never throws. Only for formats whose field keys never hold a space
   * (the raw prefilter's premise, see pipeline/parse-member `mayMatch`): a light event has no fields to check.
   */
  skimPayload?(message: string): Payload | undefined | SkimUnsure;
  readonly samples: readonly FormatSample[];
}
