import type { Diagnostic } from '../model/diagnostic.js';
import type { MemberStatus } from '../model/coverage.js';
import type { ContextEvent, Evidence, Incident, Observation, RootCause, Sighting } from '../model/incident.js';
import type { ActivityBucket, ActivityWindow, HostCoverage, Report } from '../model/report.js';
import type { UnrecognisedError } from '../model/unrecognised.js';
import { SEVERITY_ORDER } from './severity-order.js';
import { naturalCompare } from '../model/natural-compare.js';
import type { ReportInput, ReportSignature } from './report-input.js';
import { fingerprintIncident, fingerprintUnrecognised, rootCauseWithFingerprint } from '../correlate/fingerprint-incident.js';

/** Code-point comparison: localeCompare depends on the machine's ICU data, which would break byte-identical output. */
function compareText(a: string | undefined, b: string | undefined): number {
  const x = a ?? '';
  const y = b ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Missing times sort last so undated records never push dated ones down. */
function compareTime(a: number | undefined, b: number | undefined): number {
  if (a === undefined && b === undefined) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return a - b;
}

/** Non-finite numbers (NaN from a bad parse) become "unknown" rather than poisoning min/max and JSON. */
function finite(value: number | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function count(value: number | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

function sortedUnique(values: readonly (string | undefined)[]): string[] {
  const set = new Set<string>();
  for (const value of values) if (typeof value === 'string' && value !== '') set.add(value);
  return [...set].sort(compareText);
}

function severityRank(severity: string): number {
  const rank = (SEVERITY_ORDER as readonly string[]).indexOf(severity);
  return rank === -1 ? SEVERITY_ORDER.length : rank;
}

function normaliseEvidence(evidence: readonly Evidence[]): Evidence[] {
  return evidence
    .map((e): Evidence => {
      const timestamp = finite(e.timestamp);
      const base: Evidence = timestamp === undefined ? { file: e.file, line: e.line, text: e.text } : { file: e.file, line: e.line, timestamp, text: e.text };
      if (!e.repeated || count(e.repeated.count) < 2) return base;
      const lastTimestamp = finite(e.repeated.lastTimestamp);
      return { ...base, repeated: { count: count(e.repeated.count), ...(lastTimestamp === undefined ? {} : { lastTimestamp }), files: sortedUnique(e.repeated.files ?? []) } };
    })
    .sort((a, b) => compareTime(a.timestamp, b.timestamp) || compareText(a.file, b.file) || a.line - b.line || compareText(a.text, b.text));
}

/** Newest first, then by ticket: the same sightings in any order give the same list. */
function normaliseSightings(sightings: readonly Sighting[]): Sighting[] {
  return sightings
    .filter((s) => s && typeof s.ticket === 'string' && finite(s.added) !== undefined)
    .map((s): Sighting => (s.note === undefined ? { ticket: s.ticket, added: s.added } : { ticket: s.ticket, added: s.added, note: s.note }))
    .sort((a, b) => b.added - a.added || compareText(a.ticket, b.ticket));
}

function normaliseIncident(incident: Incident, seenBefore: ReadonlyMap<string, readonly Sighting[]> | undefined): Incident {
  const fields: Record<string, readonly string[]> = {};
  for (const key of Object.keys(incident.fields ?? {}).sort(compareText)) {
    fields[key] = sortedUnique(incident.fields[key] ?? []).sort(naturalCompare);
  }
  const firstSeen = finite(incident.firstSeen);
  const lastSeen = finite(incident.lastSeen);
  const { firstSeen: _f, lastSeen: _l, ...rest } = incident;
  // Correlation sets it from the signature's key fields; an incident built elsewhere gets its signature's default.
  const fingerprint = incident.fingerprint ?? fingerprintIncident({ signature: incident.signature, fields });
  return {
    ...rest,
    fingerprint,
    ...(firstSeen === undefined ? {} : { firstSeen }),
    ...(lastSeen === undefined ? {} : { lastSeen }),
    count: count(incident.count),
    fields,
    evidence: normaliseEvidence(incident.evidence ?? []),
    ...(seenBefore === undefined ? {} : { seenBefore: normaliseSightings(seenBefore.get(fingerprint) ?? []) }),
  };
}

function normaliseObservation(observation: Observation): Observation {
  const firstSeen = finite(observation.firstSeen);
  const lastSeen = finite(observation.lastSeen);
  const { firstSeen: _f, lastSeen: _l, ...rest } = observation;
  return {
    ...rest,
    ...(firstSeen === undefined ? {} : { firstSeen }),
    ...(lastSeen === undefined ? {} : { lastSeen }),
    count: count(observation.count),
    example: normaliseEvidence([observation.example])[0]!,
  };
}

function compareObservations(a: Observation, b: Observation): number {
  return compareTime(a.firstSeen, b.firstSeen) || compareText(a.signature, b.signature) || compareText(a.host, b.host) || compareText(a.example.file, b.example.file) || a.example.line - b.example.line;
}

function normaliseUnrecognised(u: UnrecognisedError): UnrecognisedError {
  const firstSeen = finite(u.firstSeen);
  const lastSeen = finite(u.lastSeen);
  const components = sortedUnique(u.components ?? []);
  return {
    template: u.template,
    fingerprint: u.fingerprint ?? fingerprintUnrecognised({ template: u.template, components }),
    count: count(u.count),
    hosts: sortedUnique(u.hosts ?? []),
    components,
    ...(firstSeen === undefined ? {} : { firstSeen }),
    ...(lastSeen === undefined ? {} : { lastSeen }),
    example: normaliseEvidence([u.example])[0]!,
  };
}

function compareIncidents(a: Incident, b: Incident): number {
  return severityRank(a.severity) - severityRank(b.severity) || compareTime(a.firstSeen, b.firstSeen) || compareText(a.id, b.id);
}

function compareFiles(a: MemberStatus, b: MemberStatus): number {
  return compareText(a.path, b.path) || compareText(a.bundle, b.bundle);
}

function compareWarnings(a: Diagnostic, b: Diagnostic): number {
  return (
    compareText(a.code, b.code) ||
    compareText(a.where?.file, b.where?.file) ||
    (a.where?.line ?? 0) - (b.where?.line ?? 0) ||
    compareText(a.where?.field, b.where?.field) ||
    compareText(a.title, b.title) ||
    compareText(a.reason, b.reason)
  );
}

function compareContext(a: ContextEvent, b: ContextEvent): number {
  return compareTime(a.timestamp, b.timestamp) || compareText(a.host, b.host) || compareText(a.file, b.file) || a.line - b.line || compareText(a.kind, b.kind);
}

function normaliseHostCoverage(host: HostCoverage): HostCoverage {
  return {
    host: host.host,
    sources: [...(host.sources ?? [])]
      .map((s) => {
        const start = finite(s.start);
        const end = finite(s.end);
        return {
          component: s.component,
          files: count(s.files),
          events: count(s.events),
          ...(start === undefined ? {} : { start }),
          ...(end === undefined ? {} : { end }),
        };
      })
      .sort((a, b) => compareText(a.component, b.component) || compareTime(a.start, b.start)),
    lines: count(host.lines),
    unparsed: count(host.unparsed),
    gaps: (host.gaps ?? []).filter((g) => finite(g.start) !== undefined && finite(g.end) !== undefined).sort((a, b) => a.start - b.start || a.end - b.end),
  };
}

function normaliseActivity(buckets: readonly ActivityBucket[]): ActivityBucket[] {
  return [...buckets]
    .filter((a) => finite(a.start) !== undefined)
    .map((a) => ({ host: a.host, start: a.start, events: count(a.events), errors: count(a.errors) }))
    .sort((a, b) => compareText(a.host, b.host) || a.start - b.start);
}

/** A window with finite bounds and a bucket of at least a minute, or undefined. */
function activityWindowOf(window: ActivityWindow): ActivityWindow | undefined {
  const start = finite(window.start);
  const end = finite(window.end);
  const bucketMs = finite(window.bucketMs);
  if (start === undefined || end === undefined || end < start) return undefined;
  return { start, end, bucketMs: bucketMs !== undefined && bucketMs >= 60_000 ? bucketMs : 60_000 };
}

/** Buckets given without their window are taken as per-minute buckets from the first to the last. */
function minuteWindow(activity: readonly ActivityBucket[]): ActivityWindow {
  let start = Infinity;
  let end = -Infinity;
  for (const a of activity) {
    if (a.start < start) start = a.start;
    if (a.start + 60_000 > end) end = a.start + 60_000;
  }
  return { start, end, bucketMs: 60_000 };
}

function keepRootCause(rootCause: RootCause | null, incidentIds: ReadonlySet<string>): RootCause | null {
  // A root cause naming an incident the report does not hold could not be shown; a null says so honestly.
  if (rootCause === null || rootCause === undefined || !incidentIds.has(rootCause.incident)) return null;
  const confidence = finite(rootCause.confidence) ?? 0;
  return {
    ...rootCause,
    confidence: Math.min(1, Math.max(0, confidence)),
    chain: (rootCause.chain ?? []).filter((id) => incidentIds.has(id)),
  };
}

/**
 * The only place a Report is assembled. Sorts every list with explicit tie-breakers (files by path;
 * incidents by severity, first seen, id; warnings by code, file, line; hosts alphabetically), computes
 * the time range and totals from the data, and keeps only the signatures the incidents refer to.
 * Deterministic: the same input in any array order yields an identical Report; reads no clock; never throws.
 */
export function buildReport(input: ReportInput): Report {
  const files = [...(input.files ?? [])].sort(compareFiles);
  const incidents = [...(input.analysis?.incidents ?? [])].map((i) => normaliseIncident(i, input.seenBefore)).sort(compareIncidents);
  const incidentIds = new Set(incidents.map((i) => i.id));
  const observations = [...(input.analysis?.observations ?? [])].map(normaliseObservation).sort(compareObservations);
  const rootCause = rootCauseWithFingerprint(keepRootCause(input.analysis?.rootCause ?? null, incidentIds), incidents);
  const context = [...(input.analysis?.context ?? [])]
    .map((c): ContextEvent => {
      const timestamp = finite(c.timestamp);
      const { timestamp: _t, ...rest } = c;
      return timestamp === undefined ? rest : { ...rest, timestamp };
    })
    .sort(compareContext);
  const activity = normaliseActivity(input.activity ?? []);
  const incidentActivity = input.incidentActivity ? activityWindowOf(input.incidentActivity) : undefined;
  const hostCoverage = [...(input.hostCoverage ?? [])].map(normaliseHostCoverage).sort((a, b) => compareText(a.host, b.host));
  const unrecognised = (input.unrecognised ?? []).map(normaliseUnrecognised);
  const warnings = [...(input.warnings ?? [])].filter((w) => w && typeof w.code === 'string').sort(compareWarnings);

  const hosts = sortedUnique([
    ...files.map((f) => f.host),
    ...incidents.map((i) => i.host),
    ...observations.map((o) => o.host),
    ...hostCoverage.map((h) => h.host),
    ...context.map((c) => c.host),
    ...activity.map((a) => a.host),
  ]);

  const times: number[] = [];
  const addTime = (t: number | undefined): void => {
    const value = finite(t);
    if (value !== undefined) times.push(value);
  };
  for (const f of files) {
    addTime(f.firstTimestamp);
    addTime(f.lastTimestamp);
  }
  for (const h of hostCoverage) for (const s of h.sources) {
    addTime(s.start);
    addTime(s.end);
  }
  for (const i of incidents) {
    addTime(i.firstSeen);
    addTime(i.lastSeen);
  }
  for (const o of observations) {
    addTime(o.firstSeen);
    addTime(o.lastSeen);
  }
  for (const c of context) addTime(c.timestamp);
  // The window the analysis counted over is exact; bucket starts are floored to the minute.
  if (input.activityWindow) {
    addTime(input.activityWindow.start);
    addTime(input.activityWindow.end);
  } else for (const a of activity) addTime(a.start);
  // A loop, not Math.min(...times): spreading a large activity list would overflow the call stack.
  let start = Infinity;
  let end = -Infinity;
  for (const t of times) {
    if (t < start) start = t;
    if (t > end) end = t;
  }
  // Files report their whole span; under --since/--until the report's span is the window's share of it.
  const window = input.filters;
  if (window?.since !== undefined && start < window.since) start = window.since;
  if (window?.until !== undefined && end > window.until) end = window.until;
  const timeRange = times.length === 0 || start > end ? {} : { start, end };
  const activityWindow = activity.length === 0 ? undefined : (input.activityWindow ? activityWindowOf(input.activityWindow) : undefined) ?? minuteWindow(activity);

  const usedSignatures = new Set(incidents.map((i) => i.signature));
  if (rootCause) usedSignatures.add(rootCause.signature);
  const signatureById = new Map<string, ReportSignature>();
  for (const s of input.signatures ?? []) if (usedSignatures.has(s.id) && !signatureById.has(s.id)) signatureById.set(s.id, s);
  const signatures = [...signatureById.values()].sort((a, b) => compareText(a.id, b.id));

  return {
    schemaVersion: 2,
    tool: { name: 'logsift', version: input.version },
    inputs: sortedUnique(input.inputs ?? []),
    files,
    hosts,
    timeRange,
    ...(input.filters ? { filters: input.filters } : {}),
    incidents,
    observations,
    rootCause,
    context,
    ...(unrecognised.length === 0 ? {} : { unrecognised }),
    coverage: {
      hosts: hostCoverage,
      totals: {
        files: files.length,
        lines: files.reduce((sum, f) => sum + count(f.lines), 0),
        parsed: files.reduce((sum, f) => sum + count(f.parsed), 0),
        unparsed: files.reduce((sum, f) => sum + count(f.unparsed), 0),
        untimed: files.reduce((sum, f) => sum + count(f.untimed), 0),
        skippedFiles: files.filter((f) => f.status === 'skipped').length,
        errorFiles: files.filter((f) => f.status === 'error').length,
      },
      assumptions: sortedUnique(input.assumptions ?? []),
    },
    activity,
    ...(activityWindow === undefined ? {} : { activityWindow }),
    ...(incidentActivity === undefined ? {} : { incidentActivity: { ...incidentActivity, buckets: normaliseActivity(input.incidentActivity?.buckets ?? []) } }),
    warnings,
    signatures,
    systems: [...(input.systems ?? [])].sort((a, b) => compareText(a.host, b.host)),
    versionChecks: [...(input.versionChecks ?? [])].sort((a, b) => compareText(a.host, b.host) || compareText(a.product, b.product)),
  };
}
