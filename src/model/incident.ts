import type { SignatureSeverity } from './signature.js';

/** One evidence line, pointing back to where it was read. */
export interface Evidence {
  /** Input path and member, shown as `bundle.tgz:member/path`. */
  readonly file: string;
  readonly line: number;
  /** Epoch ms UTC. */
  readonly timestamp?: number;
  /** The original line text (first line of a multi-line event). */
  readonly text: string;
  /**
   * Set when this line stands for several of the same shape (equal but for digits: times, counters, pids): how many,
   * when the last was, and the files they were in. The report shows the line once with `×count`.
   */
  readonly repeated?: { readonly count: number; readonly lastTimestamp?: number; readonly files: readonly string[] };
}

/** Matches of one signature on one host, close together in time. */
export interface Incident {
  /** Derived from content: `${signature}@${host}#${n}` (n counts from 1 in time order). */
  readonly id: string;
  /**
   * Host-independent identity of the failure, `fp1:<signature>:<12 hex>` (see src/correlate/fingerprint-incident.ts):
   * equal for the same failure on any node, at any time. Set by correlation; absent only on incidents built by hand.
   */
  readonly fingerprint?: string;
  readonly signature: string;
  readonly title: string;
  readonly severity: SignatureSeverity;
  readonly role: 'cause' | 'symptom' | 'context';
  readonly host?: string;
  readonly firstSeen?: number;
  readonly lastSeen?: number;
  readonly count: number;
  /** Distinct captured values by capture name (sandbox ids, pods, containers), sorted, capped. */
  readonly fields: Readonly<Record<string, readonly string[]>>;
  /** Per capture, how many more distinct values there were than `fields` keeps (absent when none were cut). */
  readonly fieldsOmitted?: Readonly<Record<string, number>>;
  /** First few, a sample and the last evidence line, in time order. */
  readonly evidence: readonly Evidence[];
  /** Incident id of the upstream cause, when one explains this. */
  readonly causedBy?: string;
  readonly runbook?: string;
  /** Tickets an incident with the same fingerprint was filed under before (`--index`), newest first; absent when none. */
  readonly seenBefore?: readonly Sighting[];
}

/** One earlier ticket an incident's fingerprint was filed under (`logsift index add`). */
export interface Sighting {
  readonly ticket: string;
  /** When it was added to the index, epoch ms UTC. */
  readonly added: number;
  readonly note?: string;
}

/**
 * Matches of one signature on one host that did not reach its threshold: never an incident, never dropped,
 * reported at info level so an excerpt of a few lines still says what was seen.
 */
export interface Observation {
  readonly signature: string;
  readonly title: string;
  readonly severity: 'info';
  /** The severity the signature has once its threshold is reached. */
  readonly signatureSeverity: SignatureSeverity;
  readonly host?: string;
  readonly firstSeen?: number;
  readonly lastSeen?: number;
  readonly count: number;
  readonly threshold: { readonly count: number; readonly withinMs: number };
  /** The first matching line. */
  readonly example: Evidence;
}

export interface RootCause {
  readonly incident: string;
  /** The root-cause incident's fingerprint. */
  readonly fingerprint?: string;
  readonly signature: string;
  /** 0..1 */
  readonly confidence: number;
  /** Incident ids, cause first. */
  readonly chain: readonly string[];
  readonly explanation: string;
}

/** Lifecycle and boot facts the correlator found in the logs themselves. */
export interface ContextEvent {
  readonly kind: 'boot' | 'unclean-shutdown' | 'service-start' | 'service-stop' | 'service-failed' | 'service-restart';
  readonly host?: string;
  readonly timestamp?: number;
  readonly unit?: string;
  readonly text: string;
  readonly file: string;
  readonly line: number;
}

export interface Analysis {
  readonly incidents: readonly Incident[];
  /** Matches below their signature's threshold (absent in analyses built before observations existed). */
  readonly observations?: readonly Observation[];
  readonly rootCause: RootCause | null;
  readonly context: readonly ContextEvent[];
}
