import type { Incident } from '../model/incident.js';
import type { Report } from '../model/report.js';
import type { SignatureSeverity } from '../model/signature.js';
import type { ReportSignature } from './report-input.js';
import { SEVERITY_ORDER } from './severity-order.js';
import { formatSpan, formatSpanIn, formatTimeIn, type DisplayZone } from './format-time.js';
import { fixedZone, parseZone } from '../formats/time/zone.js';

/** How renderers show times (`--tz-display`): `local` (default) is each host's own zone where the bundle tells it. */
export interface ViewOptions {
  readonly displayZone?: string;
}

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
  /** The zone a host's times are shown in (undefined: UTC); without a host, the report's zone. */
  zoneOf(host: string | undefined): DisplayZone | undefined;
  /** A time as shown for a host (`formatTimeIn`). */
  time(ms: number | undefined, host?: string): string;
  /** A span as shown for a host. */
  span(start: number | undefined, end: number | undefined, host?: string): string;
}

/** Lookups over a Report for renderers; keeps the report's order, so every format shows the same thing. */
/**
 * The zone to show a host's times in: `utc` none, a named zone that one, `local` (default) the host's own zone the
 * bundle gave or revealed. Without a host: the root cause host's zone, else the one zone every known host shares.
 */
function displayZones(report: Report, option: string | undefined, rootHost: string | undefined): (host: string | undefined) => DisplayZone | undefined {
  if (option !== undefined && /^utc$/i.test(option)) return () => undefined;
  if (option !== undefined && !/^local$/i.test(option)) {
    const zone = parseZone(option);
    return () => zone;
  }
  const zones = new Map<string, DisplayZone>();
  for (const s of report.systems) {
    if (s.timeZone === undefined) continue;
    const zone = s.utcOffsetMinutes !== undefined ? fixedZone(s.timeZone, s.utcOffsetMinutes) : parseZone(s.timeZone);
    if (zone) zones.set(s.host, zone);
  }
  const names = new Set([...zones.values()].map((z) => z.name));
  const shared = names.size === 1 && zones.size === report.hosts.length ? [...zones.values()][0] : undefined;
  const reportZone = (rootHost !== undefined ? zones.get(rootHost) : undefined) ?? shared;
  return (host) => (host === undefined ? reportZone : zones.get(host) ?? reportZone);
}

export function reportView(report: Report, options: ViewOptions = {}): ReportView {
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
  const zoneOf = displayZones(report, options.displayZone, rootIncident?.host);
  return {
    zoneOf,
    time: (ms, host) => formatTimeIn(ms, zoneOf(host)),
    span: (start, end, host) => formatSpanIn(start, end, zoneOf(host)),
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
