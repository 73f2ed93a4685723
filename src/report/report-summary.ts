import type { Evidence, Incident } from '../model/incident.js';
import type { SystemSummary, VersionCheck } from '../model/system-facts.js';
import { formatDuration, formatTimeIn, formatUtcClock, type DisplayZone } from './format-time.js';
import { PHRASES } from './report-phrases.js';
import type { ReportView } from './report-view.js';

/** At most this many lines of fix steps on the first screen; the root cause card lists them all. */
export const SUMMARY_FIX_STEPS = 2;

/**
 * The answer on the first screen, as plain strings every format lays out its own way: what happened, where, when
 * (host time and UTC), the versions found checked against the signature, the first fix steps and the runbook.
 */
export interface ReportSummary {
  /** `CRITICAL`, or undefined when there is no root cause. */
  readonly severity?: string;
  /** The root cause title, or the reason there is none. */
  readonly what: string;
  /** `containerd-sandbox-recovery-failed, confidence 90%`. */
  readonly detail?: string;
  /** `k3s-node-03: Debian GNU/Linux 12, kernel 6.1.0-31-amd64, k3s v1.32.1+k3s1, containerd v2.0.2-k3s2, up 5 min`. */
  readonly where?: string;
  /** `2025-06-02 09:02:37.000 CEST (07:02:37Z), 64 lines over 5m 42s`. */
  readonly when?: string;
  /** `k3s v1.32.1+k3s1: affected; fixed in v1.32.3+k3s1`. */
  readonly versions: readonly string[];
  /** The first fix steps, as authored (markdown inline code). */
  readonly fix: readonly string[];
  /** Steps not shown here. */
  readonly moreFix: number;
  readonly runbook?: string;
  /** `3 other incidents (2 error, 1 warning)`, or the looked-at sentence when nothing was found. */
  readonly also?: string;
}

export function formatMemory(bytes: number): string {
  const gib = bytes / 1024 ** 3;
  return gib >= 1 ? `${gib >= 10 ? Math.round(gib) : gib.toFixed(1)} GiB` : `${Math.round(bytes / 1024 ** 2)} MiB`;
}

/** One line about a host's system: OS, kernel, distribution versions first, uptime, memory. */
export function systemLine(system: SystemSummary): string {
  const parts: string[] = [];
  if (system.os) parts.push(system.os);
  if (system.kernel) parts.push(`kernel ${system.kernel}`);
  const products = Object.keys(system.versions).sort((a, b) => (a === system.distribution ? -1 : b === system.distribution ? 1 : a < b ? -1 : 1));
  for (const p of products) parts.push(`${p} ${system.versions[p]}`);
  if (system.uptime) parts.push(`up ${system.uptime} at collection`);
  if (system.memoryBytes !== undefined) parts.push(`${formatMemory(system.memoryBytes)} RAM`);
  return parts.join(', ');
}

export function versionVerdict(check: VersionCheck): string {
  const fixed = check.fixedIn ? `; fixed in ${check.fixedIn}` : '';
  if (check.verdict === 'affected') return `${check.product} ${check.version}: affected${fixed}`;
  if (check.verdict === 'fixed') return `${check.product} ${check.version}: includes the fix${check.fixedIn ? ` (${check.fixedIn})` : ''}`;
  return `${check.product} ${check.version}: not in the declared affected range${check.affected ? ` (${check.affected})` : ''}${fixed}`;
}

function whenLine(incident: Incident, zone: DisplayZone | undefined): string | undefined {
  if (incident.firstSeen === undefined) return `${incident.count} ${incident.count === 1 ? 'line' : 'lines'}, no time`;
  const local = formatTimeIn(incident.firstSeen, zone);
  const utc = local.endsWith('Z') ? '' : ` (${formatUtcClock(incident.firstSeen)})`;
  const over = incident.lastSeen !== undefined && incident.lastSeen > incident.firstSeen ? ` over ${formatDuration(incident.lastSeen - incident.firstSeen)}` : '';
  return `${local}${utc}, ${incident.count} ${incident.count === 1 ? 'line' : 'lines'}${over}`;
}

export function reportSummary(view: ReportView): ReportSummary {
  const r = view.report;
  const root = view.rootIncident;
  const otherCount = r.incidents.length - (root ? 1 : 0);
  const counts = view.severityCounts
    .map((c) => ({ ...c, count: c.count - (root && root.severity === c.severity ? 1 : 0) }))
    .filter((c) => c.count > 0)
    .map((c) => `${c.count} ${c.severity}`)
    .join(', ');
  const also = otherCount > 0 ? `${otherCount} ${root ? 'other ' : ''}${otherCount === 1 ? 'incident' : 'incidents'} (${counts}); details below` : undefined;
  if (r.incidents.length === 0) {
    // Nothing wrong found: say what the hosts are, so the reader knows which system was cleared.
    const where = r.systems.map((s) => `${s.host}${systemLine(s) ? `: ${systemLine(s)}` : ''}`).join('; ');
    return { what: PHRASES.noIncidents, ...(where ? { where } : {}), versions: [], fix: [], moreFix: 0, also: view.lookedAt };
  }
  if (!root || !r.rootCause) {
    const first = r.incidents[0]!;
    return {
      what: PHRASES.noRootCause,
      detail: `most severe: ${first.severity.toUpperCase()} ${first.title} on ${first.host ?? 'unknown host'}`,
      versions: [],
      fix: [],
      moreFix: 0,
      ...(also ? { also } : {}),
    };
  }
  const sig = view.rootSignature;
  const system = r.systems.find((s) => s.host === root.host);
  const whereText = root.host ? `${root.host}${system && systemLine(system) ? `: ${systemLine(system)}` : ''}` : undefined;
  const remediation = sig?.remediation ?? [];
  const runbook = view.runbook(root);
  return {
    severity: root.severity.toUpperCase(),
    what: root.title,
    detail: `${root.signature}, confidence ${Math.round(r.rootCause.confidence * 100)}%`,
    ...(whereText ? { where: whereText } : {}),
    when: whenLine(root, view.zoneOf(root.host)),
    // The distribution's own version first (k3s before the containerd it embeds).
    versions: r.versionChecks
      .filter((c) => c.host === root.host || root.host === undefined)
      .sort((a, b) => Number(b.product === system?.distribution) - Number(a.product === system?.distribution))
      .map(versionVerdict),
    fix: remediation.slice(0, SUMMARY_FIX_STEPS),
    moreFix: Math.max(0, remediation.length - SUMMARY_FIX_STEPS),
    ...(runbook ? { runbook } : {}),
    ...(also ? { also } : {}),
  };
}

/** `×64 between <first> and <last> in <files>`: a line standing for many of its shape. */
export function repeatNote(view: ReportView, e: Evidence, host: string | undefined): string {
  const r = e.repeated;
  if (!r) return '';
  // The line's own file is named right before this note; other files are named (or counted, past three).
  const files = r.files.length === 1 && r.files[0] === e.file ? '' : r.files.length <= 3 ? ` in ${r.files.join(', ')}` : ` in ${r.files.length} files`;
  return `×${r.count} between ${view.time(e.timestamp, host)} and ${view.time(r.lastTimestamp, host)}${files}`;
}

