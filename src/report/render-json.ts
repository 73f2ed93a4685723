import type { Diagnostic } from '../model/diagnostic.js';
import type { Evidence, Incident, Observation } from '../model/incident.js';
import type { Report } from '../model/report.js';
import type { UnrecognisedError } from '../model/unrecognised.js';
import { filtersJson } from './describe-filters.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** ISO 8601 UTC, ms precision; null when unknown, so every timestamp key is always present. */
function iso(ms: number | undefined): string | null {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return null;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function evidenceJson(e: Evidence): Json {
  const json: { [key: string]: Json } = { file: e.file, line: e.line, timestamp: iso(e.timestamp), text: e.text };
  // Additive: the line stands for `count` lines of the same shape, the last at `lastTimestamp`.
  if (e.repeated) json['repeated'] = { count: e.repeated.count, lastTimestamp: iso(e.repeated.lastTimestamp), files: [...e.repeated.files] };
  return json;
}

function incidentJson(i: Incident): Json {
  const fields: { [key: string]: Json } = {};
  for (const [key, values] of Object.entries(i.fields)) fields[key] = [...values];
  return {
    id: i.id,
    fingerprint: i.fingerprint ?? null,
    signature: i.signature,
    title: i.title,
    severity: i.severity,
    host: i.host ?? null,
    firstSeen: iso(i.firstSeen),
    lastSeen: iso(i.lastSeen),
    count: i.count,
    fields,
    ...(i.fieldsOmitted && Object.keys(i.fieldsOmitted).length > 0 ? { fieldsOmitted: { ...i.fieldsOmitted } } : {}),
    evidence: i.evidence.map(evidenceJson),
    ...(i.causedBy === undefined ? {} : { causedBy: i.causedBy }),
    runbook: i.runbook ?? null,
    ...(i.seenBefore === undefined ? {} : { seenBefore: i.seenBefore.map((s) => ({ ticket: s.ticket, added: iso(s.added), note: s.note ?? null })) }),
  };
}

function observationJson(o: Observation): Json {
  return {
    signature: o.signature,
    title: o.title,
    severity: o.severity,
    signatureSeverity: o.signatureSeverity,
    host: o.host ?? null,
    firstSeen: iso(o.firstSeen),
    lastSeen: iso(o.lastSeen),
    count: o.count,
    threshold: { count: o.threshold.count, withinMs: o.threshold.withinMs },
    example: evidenceJson(o.example),
  };
}

function unrecognisedJson(u: UnrecognisedError): Json {
  return {
    template: u.template,
    fingerprint: u.fingerprint ?? null,
    count: u.count,
    hosts: [...u.hosts],
    components: [...u.components],
    firstSeen: iso(u.firstSeen),
    lastSeen: iso(u.lastSeen),
    example: evidenceJson(u.example),
  };
}

function diagnosticJson(d: Diagnostic): Json {
  return {
    code: d.code,
    severity: d.severity,
    title: d.title,
    ...(d.reason === undefined ? {} : { reason: d.reason }),
    ...(d.where === undefined
      ? {}
      : {
          where: {
            file: d.where.file,
            ...(d.where.line === undefined ? {} : { line: d.where.line }),
            ...(d.where.field === undefined ? {} : { field: d.where.field }),
          },
        }),
    ...(d.help === undefined ? {} : { help: d.help }),
  };
}

/**
 * The machine contract: schemaVersion 2 (2 added `observations`, matches below a threshold, and `unrecognised`, error shapes no signature matched;
 * later additive keys within 2: `fingerprint` on incidents, on unrecognised templates and on the root cause, the
 * host-independent `fp1:<signature>:<12 hex>` of src/correlate/fingerprint-incident.ts), every timestamp an ISO 8601 UTC string with milliseconds (null
 * when unknown), keys always in the same order (objects are built key by key here, never spread from the
 * input), 2-space indent and a trailing newline. Extra keys after the contract: context, activity, activityWindow,
 * incidentActivity, signatures. `activity` covers the whole span of timestamped events (every host, every event,
 * first bucket holding the first event, last the last) in buckets `activityWindow.bucketSeconds` wide;
 * `incidentActivity` is a finer zoom around the incidents (null when there is none) with its own window and width.
 * Also additive within 2: `systems` — per host `{host, os, kernel, distribution, versions: {product: version}, uptime,
 * memoryBytes, timeZone, sources: ["file:line"]}`, null where the bundle does not say — and `versionChecks` —
 * `{host, product, version, verdict: affected|fixed|unknown, affected, fixedIn}` against the root cause's signature;
 * `incidents[].seenBefore` ({ticket, added, note}[], newest first, after `runbook`), present
 * only when the run looked its incidents up in a known-incident index (`--index`); `[]` then means not found.
 */
export function renderJson(report: Report): string {
  const r = report;
  const json: Json = {
    schemaVersion: 2,
    tool: { name: r.tool.name, version: r.tool.version },
    inputs: [...r.inputs],
    files: r.files.map((f) => ({
      path: f.path,
      host: f.host ?? null,
      component: f.component ?? null,
      format: f.format ?? null,
      status: f.status,
      ...(f.reason === undefined ? {} : { reason: f.reason }),
      ...(f.reasonCode === undefined ? {} : { reasonCode: f.reasonCode }),
      lines: f.lines,
      parsed: f.parsed,
      unparsed: f.unparsed,
      untimed: f.untimed ?? 0,
      ...(f.truncatedLines ? { truncatedLines: f.truncatedLines } : {}),
      ...(f.invalidUtf8Lines ? { invalidUtf8Lines: f.invalidUtf8Lines } : {}),
    })),
    hosts: [...r.hosts],
    timeRange: { start: iso(r.timeRange.start), end: iso(r.timeRange.end) },
    ...(r.filters ? { filters: filtersJson(r.filters) } : {}),
    incidents: r.incidents.map(incidentJson),
    observations: r.observations.map(observationJson),
    rootCause: r.rootCause
      ? {
          incident: r.rootCause.incident,
          fingerprint: r.rootCause.fingerprint ?? null,
          signature: r.rootCause.signature,
          confidence: r.rootCause.confidence,
          chain: [...r.rootCause.chain],
          explanation: r.rootCause.explanation,
        }
      : null,
    unrecognised: (r.unrecognised ?? []).map(unrecognisedJson),
    coverage: {
      hosts: r.coverage.hosts.map((h) => ({
        host: h.host,
        sources: h.sources.map((s) => ({ component: s.component, files: s.files, events: s.events, start: iso(s.start), end: iso(s.end) })),
        lines: h.lines,
        unparsed: h.unparsed,
        gaps: h.gaps.map((g) => ({ start: iso(g.start), end: iso(g.end) })),
      })),
      totals: {
        files: r.coverage.totals.files,
        lines: r.coverage.totals.lines,
        parsed: r.coverage.totals.parsed,
        unparsed: r.coverage.totals.unparsed,
        untimed: r.coverage.totals.untimed,
        skippedFiles: r.coverage.totals.skippedFiles,
        errorFiles: r.coverage.totals.errorFiles,
      },
      assumptions: [...r.coverage.assumptions],
    },
    warnings: r.warnings.map(diagnosticJson),
    context: r.context.map((c) => ({
      kind: c.kind,
      host: c.host ?? null,
      timestamp: iso(c.timestamp),
      unit: c.unit ?? null,
      text: c.text,
      file: c.file,
      line: c.line,
    })),
    activity: r.activity.map((a) => ({ host: a.host, start: iso(a.start), events: a.events, errors: a.errors })),
    activityWindow: r.activityWindow
      ? { start: iso(r.activityWindow.start), end: iso(r.activityWindow.end), bucketSeconds: r.activityWindow.bucketMs / 1000 }
      : null,
    incidentActivity: r.incidentActivity
      ? {
          start: iso(r.incidentActivity.start),
          end: iso(r.incidentActivity.end),
          bucketSeconds: r.incidentActivity.bucketMs / 1000,
          buckets: r.incidentActivity.buckets.map((a) => ({ host: a.host, start: iso(a.start), events: a.events, errors: a.errors })),
        }
      : null,
    signatures: r.signatures.map((s) => ({
      id: s.id,
      title: s.title,
      summary: s.summary,
      explanation: s.explanation,
      remediation: [...s.remediation],
      runbook: s.runbook ?? null,
      references: [...s.references],
    })),
    systems: r.systems.map((s) => ({
      host: s.host,
      os: s.os ?? null,
      kernel: s.kernel ?? null,
      distribution: s.distribution ?? null,
      versions: { ...s.versions },
      uptime: s.uptime ?? null,
      memoryBytes: s.memoryBytes ?? null,
      timeZone: s.timeZone ?? null,
      utcOffsetMinutes: s.utcOffsetMinutes ?? null,
      sources: [...s.sources],
    })),
    versionChecks: r.versionChecks.map((c) => ({
      host: c.host,
      product: c.product,
      version: c.version,
      verdict: c.verdict,
      affected: c.affected ?? null,
      fixedIn: c.fixedIn ?? null,
    })),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}
