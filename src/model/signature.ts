import type { Severity } from './log-event.js';

export type SignatureSeverity = Exclude<Severity, 'debug'>;
/** How the correlator treats a signature when ranking root causes. */
export type SignatureRole = 'cause' | 'symptom' | 'context';

/**
 * What matching needs from a rule's regex. Loaded signatures use a linear-time engine (src/patterns/linear-regex.ts);
 * a RegExp fits too, for rules built in code.
 */
export interface RuleRegex {
  /** The regex as written (JavaScript syntax). */
  readonly source: string;
  readonly flags: string;
  exec(text: string): { readonly groups?: Readonly<Record<string, string | undefined>> } | null;
  test(text: string): boolean;
}

/** One compiled match rule of a signature. */
export interface CompiledRule {
  /** Regex over the event's match text (message + payload fields) or over one named field. */
  readonly regex: RuleRegex;
  /** `message` (default: message plus payload fields) or a field name. */
  readonly target: string;
  /** Literals of which at least one occurs in every line the regex matches (lower-cased when the rule is case-insensitive). */
  readonly literals: readonly string[];
  readonly caseInsensitive: boolean;
  /** When a line this rule matched counts (match rules only; absent: always). */
  readonly conditions?: RuleConditions;
}

/**
 * Context a match rule's line must be in to count, judged once hosts and boots are placed
 * (src/correlate/rule-conditions.ts). Signature files write them as `boot_phase` and `repetition`.
 */
export interface RuleConditions {
  /**
   * `withinMs`: only in the first ms after a boot of the host (a boot marker the logs show); `afterMs`: only once the
   * host and the emitting process are shown to have been up that long.
   */
  readonly bootPhase?: { readonly withinMs?: number; readonly afterMs?: number };
  /** How many lines this rule matched on the host within `withinMs` before or after the line, the line included. */
  readonly repetition?: { readonly atMost?: number; readonly atLeast?: number; readonly withinMs: number };
}

/** A comparison on a captured value (`took >= 1s`): Go durations compare in ms, other values as numbers; `present`: captured at all. */
export interface CaptureCondition {
  readonly capture: string;
  readonly operator: '>=' | '>' | '<=' | '<' | '==' | 'present';
  /** ms for a duration, the number itself otherwise. */
  readonly value: number;
}

/** A cause → effect relation declared in a signature file. */
export interface CauseLink {
  readonly signature: string;
  /** The effect must start within this many ms after the cause starts (or before it ends). */
  readonly withinMs: number;
  readonly sameHost: boolean;
}

export interface VersionRange {
  readonly product: string;
  readonly versions: string;
}

/** A signature file after validation and compilation. */
export interface Signature {
  readonly id: string;
  readonly title: string;
  readonly severity: SignatureSeverity;
  readonly role: SignatureRole;
  /** Known-harmless lines: a match silences every other signature on the same event, and raises nothing. */
  readonly benign?: boolean;
  /** Components the signature applies to; empty means any. */
  readonly components: readonly string[];
  readonly rules: readonly CompiledRule[];
  readonly unless: readonly CompiledRule[];
  /**
   * Capture names that identify the failure (a unit, a reason, a plugin) rather than one instance of it (a pod, a
   * sandbox id, a PID): the incident fingerprint is made of the signature id and these (src/correlate/fingerprint-incident.ts).
   */
  readonly fingerprint?: readonly string[];
  /**
   * At least `count` matches within `withinMs` before the matches become an incident; one match whose captures
   * satisfy any of `unlessCapture` (a `took` of seconds) is enough on its own.
   */
  readonly threshold?: { readonly count: number; readonly withinMs: number; readonly unlessCapture?: readonly CaptureCondition[] };
  readonly summary: string;
  readonly explanation: string;
  readonly remediation: readonly string[];
  readonly runbook?: string;
  readonly references: readonly string[];
  readonly affects: readonly VersionRange[];
  readonly fixedIn: readonly VersionRange[];
  /** Effects this signature explains. */
  readonly causes: readonly CauseLink[];
  /** Causes that explain this signature. */
  readonly causedBy: readonly CauseLink[];
  /** Path of the YAML file it came from. */
  readonly file: string;
  /** Set when a user's `--patterns` file replaced a shipped signature with the same id. */
  readonly overrides?: string;
}
