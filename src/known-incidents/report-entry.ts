import type { IndexedItem, IndexedReport } from './incident-index.js';

/** A field name that holds a component version (`version`, `kubeletVersion`, `configVersion`, …). */
const VERSION_FIELD = /version$/i;

/**
 * The component versions a report names: distinct values of its incidents' version-like captured fields, by field
 * name, sorted. Reports carry no separate version list yet; this is what they say about versions.
 */
export function versionsOf(incidents: readonly { readonly fields: Readonly<Record<string, readonly string[]>> }[]): Record<string, string[]> {
  const found = new Map<string, Set<string>>();
  for (const incident of incidents) {
    for (const [field, values] of Object.entries(incident.fields)) {
      if (!VERSION_FIELD.test(field)) continue;
      const set = found.get(field) ?? new Set<string>();
      for (const value of values) set.add(value);
      found.set(field, set);
    }
  }
  const versions: Record<string, string[]> = {};
  for (const field of [...found.keys()].sort()) versions[field] = [...found.get(field)!].sort();
  return versions;
}

/** The parts of a built Report the index files (structural, so a hand-built report fits too). */
export interface FileableReport {
  readonly tool: { readonly version: string };
  readonly inputs: readonly string[];
  readonly hosts: readonly string[];
  readonly timeRange: { readonly start?: number; readonly end?: number };
  readonly incidents: readonly {
    readonly fingerprint?: string;
    readonly signature: string;
    readonly title: string;
    readonly severity: string;
    readonly host?: string;
    readonly firstSeen?: number;
    readonly lastSeen?: number;
    readonly count: number;
    readonly fields: Readonly<Record<string, readonly string[]>>;
  }[];
  readonly unrecognised?: readonly {
    readonly fingerprint?: string;
    readonly template: string;
    readonly hosts: readonly string[];
    readonly firstSeen?: number;
    readonly lastSeen?: number;
    readonly count: number;
  }[];
}

/**
 * What the index files of a report just built from a bundle: every incident and unrecognised template with a
 * fingerprint (correlation gives each one; an item without one could never be found again, so it is left out and
 * counted in `unfingerprinted`).
 */
export function itemsOfReport(report: FileableReport): { report: IndexedReport; items: IndexedItem[]; unfingerprinted: number } {
  const items: IndexedItem[] = [];
  let unfingerprinted = 0;
  for (const i of report.incidents) {
    if (!i.fingerprint) {
      unfingerprinted++;
      continue;
    }
    items.push({
      fingerprint: i.fingerprint,
      kind: 'incident',
      signature: i.signature,
      title: i.title,
      severity: i.severity,
      ...(i.host === undefined ? {} : { host: i.host }),
      ...(i.firstSeen === undefined ? {} : { firstSeen: i.firstSeen }),
      ...(i.lastSeen === undefined ? {} : { lastSeen: i.lastSeen }),
      count: i.count,
    });
  }
  for (const u of report.unrecognised ?? []) {
    if (!u.fingerprint) {
      unfingerprinted++;
      continue;
    }
    items.push({
      fingerprint: u.fingerprint,
      kind: 'unrecognised',
      title: u.template,
      ...(u.hosts.length === 0 ? {} : { host: u.hosts.join(', ') }),
      ...(u.firstSeen === undefined ? {} : { firstSeen: u.firstSeen }),
      ...(u.lastSeen === undefined ? {} : { lastSeen: u.lastSeen }),
      count: u.count,
    });
  }
  return {
    report: {
      ...(report.timeRange.start === undefined ? {} : { start: report.timeRange.start }),
      ...(report.timeRange.end === undefined ? {} : { end: report.timeRange.end }),
      hosts: [...report.hosts],
      versions: versionsOf(report.incidents),
      toolVersion: report.tool.version,
      inputs: [...report.inputs],
    },
    items,
    unfingerprinted,
  };
}
