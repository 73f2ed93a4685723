import type { Report } from '../model/report.js';
import { severityRank, type Severity } from '../model/log-event.js';

/**
 * One bundle of a batch, as `OUTDIR/summary.ndjson` holds it (one JSON object a line, keys always present, in this
 * order; absent values null). A contract like `--format json`: README "logsift batch".
 */
export interface SummaryRow {
  /** The bundle path as the batch named it (DIR/entry, or the manifest's line resolved from its folder). */
  readonly bundle: string;
  readonly status: 'done' | 'failed';
  /** Why it failed, one line (null when done). */
  readonly reason: string | null;
  /** The root cause's signature id (null: nothing explains the incidents, or failed). */
  readonly rootCause: string | null;
  /** The root cause's fingerprint (`fp1:…`). */
  readonly fingerprint: string | null;
  /** The root cause's severity, else the most severe incident's; null without incidents. */
  readonly severity: string | null;
  readonly incidents: number;
  readonly hosts: readonly string[];
  /** The span of the bundle's timestamped events, ISO 8601 UTC. */
  readonly span: { readonly first: string | null; readonly last: string | null };
  /** Wall time of the analysis (the child process, start to exit). */
  readonly durationMs: number;
  /** `sha256:<hex>` of the bundle (content-hash.ts): what a re-run and the queue know it by. */
  readonly contentHash: string;
  /** The reports written, by format, relative to OUTDIR. */
  readonly reports: Readonly<Record<string, string>>;
  /** Tries it took: 1 in a local batch; with --queue, the job's attempts (a failed row with the most is a dead letter). */
  readonly attempts: number;
}

/** What a finished analysis says about its bundle: the fields of a done row the report gives. */
export type ReportFacts = Pick<SummaryRow, 'rootCause' | 'fingerprint' | 'severity' | 'incidents' | 'hosts' | 'span'>;

export function reportFacts(report: Report): ReportFacts {
  const rootIncident = report.rootCause ? report.incidents.find((i) => i.id === report.rootCause!.incident) : undefined;
  const worst = [...report.incidents].sort((a, b) => severityRank(a.severity as Severity) - severityRank(b.severity as Severity))[0];
  const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
  return {
    rootCause: report.rootCause?.signature ?? null,
    fingerprint: report.rootCause?.fingerprint ?? null,
    severity: (rootIncident ?? worst)?.severity ?? null,
    incidents: report.incidents.length,
    hosts: [...report.hosts],
    span: { first: iso(report.timeRange.start), last: iso(report.timeRange.end) },
  };
}

const NO_FACTS: ReportFacts = { rootCause: null, fingerprint: null, severity: null, incidents: 0, hosts: [], span: { first: null, last: null } };

/** A row in the contract's key order (an object built elsewhere may carry its keys in any order). */
export function summaryRow(fields: Pick<SummaryRow, 'bundle' | 'status' | 'contentHash' | 'durationMs'> & Partial<SummaryRow>): SummaryRow {
  const facts = { ...NO_FACTS, ...fields };
  return {
    bundle: fields.bundle,
    status: fields.status,
    reason: fields.reason ?? null,
    rootCause: facts.rootCause,
    fingerprint: facts.fingerprint,
    severity: facts.severity,
    incidents: facts.incidents,
    hosts: facts.hosts,
    span: { first: facts.span.first, last: facts.span.last },
    durationMs: fields.durationMs,
    contentHash: fields.contentHash,
    reports: fields.reports ?? {},
    attempts: fields.attempts ?? 1,
  };
}

/** The rows of a summary.ndjson; a line that is not a row is left out (an interrupted write leaves a cut last line). */
export function parseSummary(text: string): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const value = JSON.parse(line) as Partial<SummaryRow>;
      if (typeof value.bundle === 'string' && (value.status === 'done' || value.status === 'failed') && typeof value.contentHash === 'string') {
        rows.push(summaryRow({ ...value, bundle: value.bundle, status: value.status, contentHash: value.contentHash, durationMs: Number(value.durationMs) || 0 }));
      }
    } catch {
      // A cut line: that bundle is run again.
    }
  }
  return rows;
}

export function serializeRow(row: SummaryRow): string {
  return `${JSON.stringify(summaryRow(row))}\n`;
}
