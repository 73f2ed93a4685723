import { z } from 'zod';
import type { ComparableReport } from './diff-reports.js';
import { fingerprintIncident } from '../correlate/fingerprint-incident.js';

/** The `--format json` schemaVersions this logsift reads back: 1 had every key `diff` needs but fingerprints. */
export const READABLE_SCHEMA_VERSIONS = { min: 1, max: 2 } as const;

/** A `--format json` report starts with its schemaVersion key (renderJson writes it first). */
export function looksLikeJsonReport(head: string): boolean {
  return /^\uFEFF?\s*\{\s*"schemaVersion"\s*:/.test(head);
}

const isoTime = z.string().nullable().optional();
const incidentSchema = z.object({
  id: z.string(),
  fingerprint: z.string().nullable().optional(),
  signature: z.string(),
  title: z.string(),
  severity: z.enum(['critical', 'error', 'warning', 'info']),
  host: z.string().nullable().optional(),
  firstSeen: isoTime,
  lastSeen: isoTime,
  count: z.number().int().nonnegative(),
  fields: z.record(z.string(), z.array(z.string())).optional(),
});
const reportSchema = z.object({
  schemaVersion: z.number().int(),
  tool: z.object({ name: z.literal('logsift'), version: z.string() }),
  inputs: z.array(z.string()),
  incidents: z.array(incidentSchema),
  rootCause: z
    .object({ incident: z.string(), fingerprint: z.string().nullable().optional(), signature: z.string(), confidence: z.number() })
    .nullable(),
  unrecognised: z
    .array(z.object({ template: z.string(), fingerprint: z.string().nullable().optional(), count: z.number(), hosts: z.array(z.string()), components: z.array(z.string()) }))
    .optional(),
});

function epoch(iso: string | null | undefined): number | undefined {
  if (typeof iso !== 'string') return undefined;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : undefined;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
  return `${where || 'top level'}: ${issue.message}`;
}

/**
 * Reads a `logsift --format json` report back for comparison. One-line reasons when it is not one, or when it was
 * written by a newer logsift (a newer schemaVersion may mean what this one would read wrongly). Incidents of a report
 * written before fingerprints existed get theirs from `keyFieldsOf` (the signature library's key fields).
 */
export function readJsonReport(
  text: string,
  keyFieldsOf: (signature: string) => readonly string[] | undefined = () => undefined,
): { readonly report: ComparableReport; readonly error?: undefined } | { readonly report?: undefined; readonly error: string } {
  const read = parseReportObject(text);
  if (read.error !== undefined) return { error: read.error };
  const data = read.data;
  const parsed = reportSchema.safeParse(data);
  if (!parsed.success) return { error: `not a logsift report: ${describeIssue(parsed.error.issues[0]!)}` };
  const r = parsed.data;
  const incidents = r.incidents.map((i) => {
    const fields = i.fields ?? {};
    return {
      id: i.id,
      fingerprint: i.fingerprint ?? fingerprintIncident({ signature: i.signature, fields }, keyFieldsOf(i.signature)),
      signature: i.signature,
      title: i.title,
      severity: i.severity,
      ...(i.host == null ? {} : { host: i.host }),
      ...(epoch(i.firstSeen) === undefined ? {} : { firstSeen: epoch(i.firstSeen) }),
      ...(epoch(i.lastSeen) === undefined ? {} : { lastSeen: epoch(i.lastSeen) }),
      count: i.count,
      fields,
    };
  });
  const rootIncident = r.rootCause ? incidents.find((i) => i.id === r.rootCause!.incident) : undefined;
  return {
    report: {
      tool: { version: r.tool.version },
      inputs: r.inputs,
      incidents,
      rootCause: r.rootCause && rootIncident
        ? { incident: r.rootCause.incident, fingerprint: r.rootCause.fingerprint ?? rootIncident.fingerprint, signature: r.rootCause.signature, confidence: r.rootCause.confidence }
        : null,
      unrecognised: (r.unrecognised ?? []).map((u) => ({ template: u.template, ...(u.fingerprint ? { fingerprint: u.fingerprint } : {}), count: u.count, hosts: u.hosts, components: u.components })),
    },
  };
}

/** The JSON object of a logsift report this logsift reads (schemaVersion checked), or a one-line reason. */
function parseReportObject(text: string): { readonly data: object; readonly error?: undefined } | { readonly data?: undefined; readonly error: string } {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { error: `not valid JSON (${(error as Error).message})` };
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { error: 'not a logsift report (not a JSON object)' };
  const version = (data as { schemaVersion?: unknown }).schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version)) return { error: 'not a logsift report (no integer schemaVersion)' };
  if (version > READABLE_SCHEMA_VERSIONS.max) {
    return { error: `report schemaVersion ${version} is newer than this logsift reads (${READABLE_SCHEMA_VERSIONS.min}–${READABLE_SCHEMA_VERSIONS.max}); compare with a newer logsift, or pass the bundle instead` };
  }
  if (version < READABLE_SCHEMA_VERSIONS.min) return { error: `report schemaVersion ${version} is not one logsift ever wrote` };
  return { data };
}

/** One `unrecognised` entry of a report, with its example line: what `patterns new --from-template` drafts from. */
export interface ReportTemplate {
  readonly template: string;
  readonly fingerprint?: string;
  readonly count: number;
  readonly hosts: readonly string[];
  readonly components: readonly string[];
  readonly example?: { readonly file: string; readonly line: number; readonly text: string };
}

const templatesSchema = z.object({
  unrecognised: z.array(
    z.object({
      template: z.string(),
      fingerprint: z.string().nullable().optional(),
      count: z.number(),
      hosts: z.array(z.string()),
      components: z.array(z.string()),
      example: z.object({ file: z.string(), line: z.number().int(), text: z.string() }).optional(),
    }),
  ).optional(),
});

/** The `unrecognised` entries of a `--format json` report (none in a schemaVersion 1 report), or a one-line reason. */
export function readReportTemplates(text: string): { readonly templates: readonly ReportTemplate[]; readonly error?: undefined } | { readonly templates?: undefined; readonly error: string } {
  const read = parseReportObject(text);
  if (read.error !== undefined) return { error: read.error };
  const parsed = templatesSchema.safeParse(read.data);
  if (!parsed.success) return { error: `not a logsift report: ${describeIssue(parsed.error.issues[0]!)}` };
  return {
    templates: (parsed.data.unrecognised ?? []).map((u) => ({
      template: u.template,
      ...(u.fingerprint ? { fingerprint: u.fingerprint } : {}),
      count: u.count,
      hosts: u.hosts,
      components: u.components,
      ...(u.example ? { example: { file: u.example.file, line: u.example.line, text: u.example.text } } : {}),
    })),
  };
}
