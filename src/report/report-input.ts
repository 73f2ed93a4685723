import type { Diagnostic } from '../model/diagnostic.js';
import type { MemberStatus } from '../model/coverage.js';
import type { Analysis } from '../model/incident.js';
import type { ActivityBucket, HostCoverage, ReportFilters, ReportSignature } from '../model/report.js';
import type { UnrecognisedError } from '../model/unrecognised.js';

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
  /** The command line's filters; the time span is clipped to their window. */
  readonly filters?: ReportFilters;
  /** Error shapes no signature recognised, in the order to show them. */
  readonly unrecognised?: readonly UnrecognisedError[];
}
