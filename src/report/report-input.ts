import type { Diagnostic } from '../model/diagnostic.js';
import type { MemberStatus } from '../model/coverage.js';
import type { Analysis } from '../model/incident.js';
import type { ActivityBucket, HostCoverage, Report } from '../model/report.js';
import type { UnrecognisedError } from '../model/unrecognised.js';

/**
 * The human text of a signature that a report needs: the Report model carries incidents by signature id
 * only, and the fix steps live in the signature, so the used ones travel with the report.
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
}

/** A Report plus the text of the signatures its incidents refer to (an extra `signatures` key in JSON). */
export type ReportWithSignatures = Report & { readonly signatures: readonly ReportSignature[] };

/** The signatures a report carries; a plain Report (built elsewhere) has none. */
export function reportSignatures(report: Report): readonly ReportSignature[] {
  const withSignatures = report as Partial<ReportWithSignatures>;
  return Array.isArray(withSignatures.signatures) ? withSignatures.signatures : [];
}
