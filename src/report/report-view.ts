import type { Incident } from '../model/incident.js';
import type { Report } from '../model/report.js';
import type { SignatureSeverity } from '../model/signature.js';
import type { ReportSignature } from './report-input.js';
import { SEVERITY_ORDER } from './severity-order.js';
import { formatSpan } from './format-time.js';

/** The pieces every renderer shows, looked up (never re-sorted) from a built Report. */
export interface ReportView {
  readonly report: Report;
  readonly rootIncident?: Incident;
  readonly rootSignature?: ReportSignature;
  /** The root cause chain as incidents, cause first, in the order the correlator gave. */
  readonly chain: readonly Incident[];
  /** Every incident except the root cause one, split by severity in the report's order. */
  readonly others: readonly { readonly severity: SignatureSeverity; readonly incidents: readonly Incident[] }[];
  readonly severityCounts: readonly { readonly severity: SignatureSeverity; readonly count: number }[];
  /** Distinct source components across hosts, in the report's host order. */
  readonly sources: readonly string[];
  /** One sentence: what was looked at (files, hosts, span, sources), said next to "No incidents found". */
  readonly lookedAt: string;
  signature(id: string): ReportSignature | undefined;
  incident(id: string): Incident | undefined;
  /** The runbook of an incident, falling back to its signature's. */
  runbook(incident: Incident): string | undefined;
}

/** Lookups over a Report for renderers; keeps the report's order, so every format shows the same thing. */
export function reportView(report: Report): ReportView {
  const signatures = new Map(report.signatures.map((s) => [s.id, s]));
  const incidents = new Map(report.incidents.map((i) => [i.id, i]));
  const rootIncident = report.rootCause ? incidents.get(report.rootCause.incident) : undefined;
  const chain = (report.rootCause?.chain ?? []).flatMap((id) => incidents.get(id) ?? []);
  const others = SEVERITY_ORDER.map((severity) => ({
    severity,
    incidents: report.incidents.filter((i) => i.severity === severity && i !== rootIncident),
  })).filter((group) => group.incidents.length > 0);
  const severityCounts = SEVERITY_ORDER.map((severity) => ({
    severity,
    count: report.incidents.filter((i) => i.severity === severity).length,
  })).filter((c) => c.count > 0);
  const sources = [...new Set(report.coverage.hosts.flatMap((h) => h.sources.map((s) => s.component)))];
  const t = report.coverage.totals;
  const hostWord = report.hosts.length === 1 ? 'host' : 'hosts';
  const lookedAt =
    `Looked at ${t.files} ${t.files === 1 ? 'file' : 'files'} (${t.lines} lines) from ${report.hosts.length} ${hostWord}` +
    `${report.hosts.length > 0 ? ` (${report.hosts.join(', ')})` : ''}, ` +
    `spanning ${formatSpan(report.timeRange.start, report.timeRange.end)}` +
    `${sources.length > 0 ? `; sources: ${sources.join(', ')}` : ''}.`;
  return {
    report,
    sources,
    lookedAt,
    rootIncident,
    rootSignature: report.rootCause ? signatures.get(report.rootCause.signature) : undefined,
    chain,
    others,
    severityCounts,
    signature: (id) => signatures.get(id),
    incident: (id) => incidents.get(id),
    runbook: (incident) => incident.runbook ?? signatures.get(incident.signature)?.runbook,
  };
}
