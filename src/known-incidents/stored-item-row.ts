import type { IndexedReport, KnownIncident } from './incident-index.js';

/**
 * One filed item joined with its filing, as both stores return it: the same columns, each store with its own
 * representation of times (`Time`), counts (`Count`) and the JSON columns (`Json`).
 */
export interface StoredItemRow<Time, Count, Json> {
  fingerprint: string;
  kind: 'incident' | 'unrecognised';
  signature: string | null;
  title: string;
  severity: string | null;
  host: string | null;
  first_seen: Time | null;
  last_seen: Time | null;
  count: Count;
  ticket: string;
  note: string | null;
  added_at: Time;
  report_start: Time | null;
  report_end: Time | null;
  hosts: Json;
  versions: Json;
  tool_version: string;
  inputs: Json;
  source_kind: 'bundle' | 'report';
  source_name: string;
  source_sha256: string | null;
}

/** How a store's column values read back: epoch milliseconds, a number, a parsed JSON value. */
export interface ColumnReaders<Time, Count, Json> {
  time(value: Time): number;
  count(value: Count): number;
  json(value: Json): unknown;
}

/** The filed item a stored row describes: the one mapping both stores share, so their answers cannot drift apart. */
export function knownIncidentFromRow<Time, Count, Json>(row: StoredItemRow<Time, Count, Json>, read: ColumnReaders<Time, Count, Json>): KnownIncident {
  const report: IndexedReport = {
    ...(row.report_start === null ? {} : { start: read.time(row.report_start) }),
    ...(row.report_end === null ? {} : { end: read.time(row.report_end) }),
    hosts: read.json(row.hosts) as string[],
    versions: read.json(row.versions) as Record<string, string[]>,
    toolVersion: row.tool_version,
    inputs: read.json(row.inputs) as string[],
  };
  return {
    fingerprint: row.fingerprint,
    kind: row.kind,
    ...(row.signature === null ? {} : { signature: row.signature }),
    title: row.title,
    ...(row.severity === null ? {} : { severity: row.severity }),
    ...(row.host === null ? {} : { host: row.host }),
    ...(row.first_seen === null ? {} : { firstSeen: read.time(row.first_seen) }),
    ...(row.last_seen === null ? {} : { lastSeen: read.time(row.last_seen) }),
    count: read.count(row.count),
    ticket: row.ticket,
    ...(row.note === null ? {} : { note: row.note }),
    added: read.time(row.added_at),
    report,
    source: { kind: row.source_kind, name: row.source_name, ...(row.source_sha256 === null ? {} : { sha256: row.source_sha256 }) },
  };
}
