import { z } from 'zod';
import type { IndexedItem, IndexedReport } from './incident-index.js';
import { versionsOf } from './report-entry.js';

/** The report schemaVersions this build can file (README "logsift --format json"). */
export const READABLE_REPORT_SCHEMA_VERSIONS = [1, 2] as const;
const NEWEST = READABLE_REPORT_SCHEMA_VERSIONS[READABLE_REPORT_SCHEMA_VERSIONS.length - 1]!;

/** A report JSON that cannot be filed; `message` is one line naming the file. */
export class ReportFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportFileError';
  }
}

const time = z.string().nullable().refine((t) => t === null || !Number.isNaN(Date.parse(t)), 'expected an ISO 8601 time or null');
const fingerprint = z.string().min(1).optional();

/** The part of a `--format json` report the index files; every other key is left alone. */
const reportSchema = z.object({
  schemaVersion: z.number(),
  tool: z.object({ name: z.literal('logsift'), version: z.string() }),
  inputs: z.array(z.string()),
  hosts: z.array(z.string()),
  timeRange: z.object({ start: time, end: time }),
  incidents: z.array(z.object({
    id: z.string(),
    signature: z.string(),
    title: z.string(),
    severity: z.string(),
    host: z.string().nullable(),
    firstSeen: time,
    lastSeen: time,
    count: z.number(),
    fields: z.record(z.string(), z.array(z.string())),
    fingerprint,
  })),
  unrecognised: z.array(z.object({
    template: z.string(),
    count: z.number(),
    hosts: z.array(z.string()),
    firstSeen: time,
    lastSeen: time,
    fingerprint,
  })).optional(),
});

const epoch = (t: string | null): number | undefined => (t === null ? undefined : Date.parse(t));

/**
 * A `logsift --format json` report's text, checked and turned into what the index files. Refuses, with one line
 * naming `file`: text that is not JSON (with its line), JSON that is not a logsift report, a schemaVersion newer than
 * this build reads, a report whose shape is off (the first wrong key), and a report without fingerprints (written
 * before reports carried them: re-run logsift on the bundle).
 */
export function readReportJson(file: string, text: string): { report: IndexedReport; items: IndexedItem[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const line = position ? text.slice(0, Number(position[1])).split('\n').length : undefined;
    throw new ReportFileError(`${file}${line ? `:${line}` : ''}: not JSON (${message.split('\n')[0]})`);
  }
  const head = data as { tool?: { name?: unknown }; schemaVersion?: unknown } | null;
  if (typeof head !== 'object' || head === null || Array.isArray(head) || head.tool?.name !== 'logsift' || typeof head.schemaVersion !== 'number') {
    throw new ReportFileError(`${file}: not a logsift report (expected the output of logsift --format json)`);
  }
  if (head.schemaVersion > NEWEST) {
    throw new ReportFileError(`${file}: report schemaVersion ${head.schemaVersion} is newer than this logsift reads (up to ${NEWEST}): upgrade logsift`);
  }
  if (!(READABLE_REPORT_SCHEMA_VERSIONS as readonly number[]).includes(head.schemaVersion)) {
    throw new ReportFileError(`${file}: report schemaVersion ${head.schemaVersion} is not one this logsift reads (${READABLE_REPORT_SCHEMA_VERSIONS.join(', ')})`);
  }
  const parsed = reportSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
    throw new ReportFileError(`${file}: not a logsift report: ${where || '(top)'}: ${issue.message}`);
  }
  const r = parsed.data;
  const unrecognised = r.unrecognised ?? [];
  if ([...r.incidents, ...unrecognised].some((x) => x.fingerprint === undefined)) {
    throw new ReportFileError(`${file}: its incidents carry no fingerprint (written by a logsift before fingerprints): run logsift on the bundle again, or index the bundle itself`);
  }
  const items: IndexedItem[] = [
    ...r.incidents.map((i): IndexedItem => ({
      fingerprint: i.fingerprint!,
      kind: 'incident',
      signature: i.signature,
      title: i.title,
      severity: i.severity,
      ...(i.host === null ? {} : { host: i.host }),
      ...optionalTimes(epoch(i.firstSeen), epoch(i.lastSeen)),
      count: i.count,
    })),
    ...unrecognised.map((u): IndexedItem => ({
      fingerprint: u.fingerprint!,
      kind: 'unrecognised',
      title: u.template,
      ...(u.hosts.length === 0 ? {} : { host: u.hosts.join(', ') }),
      ...optionalTimes(epoch(u.firstSeen), epoch(u.lastSeen)),
      count: u.count,
    })),
  ];
  return {
    report: {
      ...optionalSpan(epoch(r.timeRange.start), epoch(r.timeRange.end)),
      hosts: r.hosts,
      versions: versionsOf(r.incidents),
      toolVersion: r.tool.version,
      inputs: r.inputs,
    },
    items,
  };
}

function optionalTimes(firstSeen: number | undefined, lastSeen: number | undefined): { firstSeen?: number; lastSeen?: number } {
  return { ...(firstSeen === undefined ? {} : { firstSeen }), ...(lastSeen === undefined ? {} : { lastSeen }) };
}

function optionalSpan(start: number | undefined, end: number | undefined): { start?: number; end?: number } {
  return { ...(start === undefined ? {} : { start }), ...(end === undefined ? {} : { end }) };
}
