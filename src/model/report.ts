import type { Diagnostic } from './diagnostic.js';
import type { MemberStatus } from './coverage.js';
import type { Analysis, Incident, Observation, RootCause, ContextEvent } from './incident.js';
import type { UnrecognisedError } from './unrecognised.js';
import type { SystemSummary, VersionCheck } from './system-facts.js';

/** Per host: what was looked at. */
export interface HostCoverage {
  readonly host: string;
  /** Source components present (containerd, kubelet, kernel, …) with their time spans (epoch ms). */
  readonly sources: readonly { readonly component: string; readonly files: number; readonly events: number; readonly start?: number; readonly end?: number }[];
  readonly lines: number;
  readonly unparsed: number;
  /** Silences longer than the gap threshold inside the host's log span. */
  readonly gaps: readonly { readonly start: number; readonly end: number }[];
}

/** Events and errors of one host in one bucket of time, for timeline pictures (precomputed so renderers never compute). */
export interface ActivityBucket {
  readonly host: string;
  /** Bucket start, epoch ms. */
  readonly start: number;
  readonly events: number;
  readonly errors: number;
}

/** The stretch of time a list of activity buckets covers, and how wide each bucket is. */
export interface ActivityWindow {
  readonly start: number;
  readonly end: number;
  /** Width of every bucket, a whole number of minutes in ms. */
  readonly bucketMs: number;
}

/**
 * The human text of a signature a report needs: incidents name their signature by id only, and the explanation and
 * fix steps live in the signature, so the used ones travel with the report.
 */
export interface ReportSignature {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  readonly explanation: string;
  readonly remediation: readonly string[];
  readonly runbook?: string;
  readonly references: readonly string[];
}

/**
 * The command line's filters, when any was given: the report shows only what they kept (events outside the time
 * window were not analysed, so a cause before `since` is not in the report).
 */
export interface ReportFilters {
  readonly since?: number;
  readonly until?: number;
  /** As typed on the command line (matched case-insensitively). */
  readonly hosts?: readonly string[];
  /** Incidents below it are hidden, except those in the root cause's chain. */
  readonly minSeverity?: string;
}

/** Everything every renderer needs; renderers only format it. */
export interface Report {
  readonly schemaVersion: 2;
  readonly tool: { readonly name: 'logsift'; readonly version: string };
  readonly inputs: readonly string[];
  readonly files: readonly MemberStatus[];
  readonly hosts: readonly string[];
  /** With `--since/--until`, the span of the window the events fill, not of the whole input. */
  readonly timeRange: { readonly start?: number; readonly end?: number };
  /** Absent when no filter was given. */
  readonly filters?: ReportFilters;
  readonly incidents: readonly Incident[];
  /** Matches that stayed below their signature's threshold, info level. */
  readonly observations: readonly Observation[];
  readonly rootCause: RootCause | null;
  readonly context: readonly ContextEvent[];
  /** Error shapes no signature recognised, best first; absent when there are none. */
  readonly unrecognised?: readonly UnrecognisedError[];
  readonly coverage: {
    readonly hosts: readonly HostCoverage[];
    readonly totals: { readonly files: number; readonly lines: number; readonly parsed: number; readonly unparsed: number; readonly untimed: number; readonly skippedFiles: number; readonly errorFiles: number };
    /** Assumptions made (inferred years, assumed zones), one sentence each. */
    readonly assumptions: readonly string[];
  };
  /** Every host's activity over the whole span (first bucket holds the first timestamped event, last the last). */
  readonly activity: readonly ActivityBucket[];
  /** What `activity` covers; absent when nothing had a timestamp. */
  readonly activityWindow?: ActivityWindow;
  /** Finer buckets around the incidents, when they fill less than a quarter of the span (the zoomed picture). */
  readonly incidentActivity?: ActivityWindow & { readonly buckets: readonly ActivityBucket[] };
  readonly warnings: readonly Diagnostic[];
  /** The signatures the incidents refer to, by id. */
  readonly signatures: readonly ReportSignature[];
  /** Per host, what the bundle says about its system (OS, kernel, distribution, versions, uptime, memory, zone). */
  readonly systems: readonly SystemSummary[];
  /** The bundle's versions checked against the affected and fixed versions the root cause's signature declares. */
  readonly versionChecks: readonly VersionCheck[];
}

export type { Analysis, Incident, Observation, RootCause, ContextEvent };
