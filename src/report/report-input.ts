import type { Diagnostic } from '../model/diagnostic.js';
import type { MemberStatus } from '../model/coverage.js';
import type { Analysis, Sighting } from '../model/incident.js';
import type { ActivityBucket, ActivityWindow, HostCoverage, ReportFilters, ReportSignature } from '../model/report.js';
import type { UnrecognisedError } from '../model/unrecognised.js';
import type { SystemSummary, VersionCheck } from '../model/system-facts.js';

export type { ReportSignature };

/** Everything buildReport assembles a Report from; arrays may arrive in any order. */
export interface ReportInput {
  readonly version: string;
  readonly inputs: readonly string[];
  readonly files: readonly MemberStatus[];
  readonly analysis: Analysis;
  /** Activity over the whole span, in buckets `activityWindow.bucketMs` wide (one minute when absent). */
  readonly activity: readonly ActivityBucket[];
  readonly activityWindow?: ActivityWindow;
  /** The zoom around the incidents, if the analysis made one. */
  readonly incidentActivity?: ActivityWindow & { readonly buckets: readonly ActivityBucket[] };
  readonly hostCoverage: readonly HostCoverage[];
  readonly assumptions: readonly string[];
  readonly warnings: readonly Diagnostic[];
  /** Signatures of the loaded library (or just the ones used); only those the report refers to are kept. */
  readonly signatures?: readonly ReportSignature[];
  /** The command line's filters; the time span is clipped to their window. */
  readonly filters?: ReportFilters;
  /** Error shapes no signature recognised, in the order to show them. */
  readonly unrecognised?: readonly UnrecognisedError[];
  /**
   * The tickets each incident fingerprint was filed under before (`--index`), looked up by the caller: the report
   * stage gets the answer as data and never touches an index. When given, every incident gets `seenBefore`
   * (`[]` when its fingerprint is not in the map).
   */
  readonly seenBefore?: ReadonlyMap<string, readonly Sighting[]>;
  /** What each host's bundle says about its system. */
  readonly systems?: readonly SystemSummary[];
  /** The bundle's versions checked against the root cause's signature. */
  readonly versionChecks?: readonly VersionCheck[];
}
