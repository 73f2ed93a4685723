import type { Diagnostic } from '../model/diagnostic.js';
import type { MemberStatus } from '../model/coverage.js';
import type { Analysis } from '../model/incident.js';
import type { ActivityBucket, HostCoverage, ReportSignature } from '../model/report.js';
import type { UnrecognisedError } from '../model/unrecognised.js';
import type { SystemSummary, VersionCheck } from '../model/system-facts.js';

export type { ReportSignature };

/** Everything buildReport assembles a Report from; arrays may arrive in any order. */
export interface ReportInput {
  readonly version: string;
  readonly inputs: readonly string[];
  readonly files: readonly MemberStatus[];
  readonly analysis: Analysis;
  readonly activity: readonly ActivityBucket[];
  readonly hostCoverage: readonly HostCoverage[];
  readonly assumptions: readonly string[];
  readonly warnings: readonly Diagnostic[];
  /** Signatures of the loaded library (or just the ones used); only those the report refers to are kept. */
  readonly signatures?: readonly ReportSignature[];
  /** Error shapes no signature recognised, in the order to show them. */
  readonly unrecognised?: readonly UnrecognisedError[];
  /** What each host's bundle says about its system. */
  readonly systems?: readonly SystemSummary[];
  /** The bundle's versions checked against the root cause's signature. */
  readonly versionChecks?: readonly VersionCheck[];
}
