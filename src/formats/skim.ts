import type { LogEvent, Severity } from '../model/log-event.js';

/**
 * Skimming: reading from a line only what every event must give the analysis (time, severity, host, unit, pid,
 * component, format), not its message or fields. The pipeline asks for it only for lines the raw-byte prefilter
 * proved no signature, system fact or crash headline can match (see pipeline/skim-eligibility); the event of such a
 * line is "light": message `''` and `SKIMMED_FIELDS`.
 *
 * A skim never guesses: when it cannot be sure what the full parse would give (an escape in a value it needs, a rare
 * shape), it answers `SKIM_UNSURE` and the line is parsed in full.
 */
export const SKIM_UNSURE = 0;
export type SkimUnsure = typeof SKIM_UNSURE;

/** The fields of every light event: none (frozen, so no consumer can add to the shared object). */
export const SKIMMED_FIELDS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * Whether a line of this level is worth skimming: the analysis reads every warning and error whole (unrecognised
 * errors are mined from them), so skimming one would only be followed by a full parse.
 */
export function skimWorthy(severity: string | undefined): boolean {
  return severity === 'info' || severity === 'debug';
}

/** When a member parser may skim (`ParseEventsOptions.skim`); the reader of its events decides. */
export interface SkimPolicy {
  /**
   * Whether a light event (message `''`, `SKIMMED_FIELDS`) serves as well as the whole one, given what decides it:
   * the event's severity, component and unit, its innermost format and whether it has a payload layer. Positional,
   * as it is asked for nearly every line.
   */
  lightSuffices(severity: Severity, component: string | undefined, unit: string | undefined, format: string, nested: boolean): boolean;
  /** Asked of every marked line's text: true ends skimming for the rest of the member. */
  endsSkimming(text: string): boolean;
}

/**
 * A light event as the analysis reads it, without becoming a `LogEvent`: what coverage, process first sightings, boot
 * ids and host placement read from it (see pipeline/event-analysis `observeLight`). The parser writes every line
 * into one reused record, valid only during the call that receives it: a reader keeps primitives, never the record.
 */
export interface LightLine {
  timestamp: number | undefined;
  host: string | undefined;
  /** True when `host` is the bundle name's guess (see `LogEvent.hostProvisional`). */
  hostProvisional: boolean;
  component: string | undefined;
  unit: string | undefined;
  pid: number | undefined;
  severity: Severity;
  bootId: string | undefined;
  /** The event's origin (`LogEvent.origin`): its line is always one line, unmarked by the raw-byte prefilter. */
  bundle: string;
  member: string;
  line: number;
}

/**
 * Where a member's events go as they are parsed, when the reader takes light events as `LightLine`s
 * (`ParseEventsOptions.sink`): every event, whole or light, reaches it in file order.
 */
export interface EventSink {
  event(event: LogEvent): void;
  /** Asked before each light event: whether it may come as a `LightLine` (false: as a light `LogEvent`). */
  takesLightLine(): boolean;
  lightLine(line: LightLine): void;
}
