import type { Incident, RootCause } from '../model/incident.js';
import type { SignatureSeverity } from '../model/signature.js';
import type { UnrecognisedError } from '../model/unrecognised.js';
import { fingerprintIncident, fingerprintUnrecognised } from '../correlate/fingerprint-incident.js';
import { SEVERITY_ORDER } from './severity-order.js';

/** What a comparison needs of an incident: a Report's incident, or one read back from a JSON report. */
export type ComparableIncident = Pick<Incident, 'id' | 'fingerprint' | 'signature' | 'title' | 'severity' | 'host' | 'count' | 'firstSeen' | 'lastSeen' | 'fields'>;
export type ComparableUnrecognised = Pick<UnrecognisedError, 'template' | 'fingerprint' | 'count' | 'hosts' | 'components'>;

/** What a comparison needs of a report; a Report is one. */
export interface ComparableReport {
  readonly tool: { readonly version: string };
  readonly inputs: readonly string[];
  readonly incidents: readonly ComparableIncident[];
  readonly rootCause: Pick<RootCause, 'incident' | 'fingerprint' | 'signature' | 'confidence'> | null;
  readonly unrecognised?: readonly ComparableUnrecognised[];
}

/** The incidents of one report that share one fingerprint: the same failure, on one or several hosts. */
export interface IncidentGroup {
  readonly fingerprint: string;
  readonly signature: string;
  readonly title: string;
  /** The most severe of the group. */
  readonly severity: SignatureSeverity;
  readonly hosts: readonly string[];
  /** Matches, summed over the group's incidents. */
  readonly count: number;
  /** The incident ids, as that report names them. */
  readonly incidents: readonly string[];
  readonly firstSeen?: number;
  readonly lastSeen?: number;
}

export type IncidentChange = 'count' | 'severity' | 'hosts';

export interface ChangedIncident {
  readonly fingerprint: string;
  readonly changes: readonly IncidentChange[];
  readonly old: IncidentGroup;
  readonly new: IncidentGroup;
}

export interface TemplateGroup {
  readonly fingerprint: string;
  readonly template: string;
  readonly components: readonly string[];
  readonly hosts: readonly string[];
  readonly count: number;
}

export interface DiffRootCause {
  readonly fingerprint: string;
  readonly signature: string;
  readonly incident: string;
  readonly title: string;
  readonly host?: string;
  readonly confidence: number;
}

/** Where one side came from, as the command line named it. */
export interface DiffSource {
  readonly path: string;
  /** A `--format json` report read back, or a bundle analysed on the fly. */
  readonly kind: 'report' | 'bundle';
}

export interface DiffSide {
  readonly source?: DiffSource;
  /** The inputs the analysis read (a report's own `inputs`). */
  readonly inputs: readonly string[];
  readonly toolVersion: string;
  readonly incidents: number;
  readonly rootCause: DiffRootCause | null;
}

/** Two reports compared failure by failure (by fingerprint, never by incident id: ids name hosts). */
export interface ReportDiff {
  readonly old: DiffSide;
  readonly new: DiffSide;
  /** Anything below differs: a new, resolved or changed incident, a new or resolved unrecognised shape, another root cause. */
  readonly different: boolean;
  readonly rootCauseChanged: boolean;
  readonly incidents: {
    /** In NEW only. */
    readonly new: readonly IncidentGroup[];
    /** In OLD only. */
    readonly resolved: readonly IncidentGroup[];
    /** In both, with another count, severity or set of hosts. */
    readonly changed: readonly ChangedIncident[];
    /** In both, alike. */
    readonly unchanged: readonly IncidentGroup[];
  };
  readonly unrecognised: {
    readonly new: readonly TemplateGroup[];
    readonly resolved: readonly TemplateGroup[];
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function severityRank(severity: string): number {
  const rank = (SEVERITY_ORDER as readonly string[]).indexOf(severity);
  return rank === -1 ? SEVERITY_ORDER.length : rank;
}

function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareText);
}

function fingerprintOf(incident: ComparableIncident): string {
  return incident.fingerprint ?? fingerprintIncident(incident);
}

function groupIncidents(incidents: readonly ComparableIncident[]): Map<string, IncidentGroup> {
  const byFingerprint = new Map<string, ComparableIncident[]>();
  for (const incident of incidents) {
    const fingerprint = fingerprintOf(incident);
    const list = byFingerprint.get(fingerprint);
    if (list) list.push(incident);
    else byFingerprint.set(fingerprint, [incident]);
  }
  const groups = new Map<string, IncidentGroup>();
  for (const [fingerprint, list] of byFingerprint) {
    const severity = list.map((i) => i.severity).sort((a, b) => severityRank(a) - severityRank(b))[0]!;
    const firsts = list.map((i) => i.firstSeen).filter((t): t is number => t !== undefined);
    const lasts = list.map((i) => i.lastSeen).filter((t): t is number => t !== undefined);
    groups.set(fingerprint, {
      fingerprint,
      signature: list[0]!.signature,
      title: list[0]!.title,
      severity,
      hosts: sortedUnique(list.map((i) => i.host ?? 'unknown host')),
      count: list.reduce((sum, i) => sum + i.count, 0),
      incidents: sortedUnique(list.map((i) => i.id)),
      ...(firsts.length ? { firstSeen: firsts.reduce((a, b) => Math.min(a, b)) } : {}),
      ...(lasts.length ? { lastSeen: lasts.reduce((a, b) => Math.max(a, b)) } : {}),
    });
  }
  return groups;
}

function groupTemplates(list: readonly ComparableUnrecognised[]): Map<string, TemplateGroup> {
  const groups = new Map<string, TemplateGroup>();
  for (const u of list) {
    const fingerprint = u.fingerprint ?? fingerprintUnrecognised(u);
    const seen = groups.get(fingerprint);
    groups.set(fingerprint, {
      fingerprint,
      template: seen?.template ?? u.template,
      components: sortedUnique([...(seen?.components ?? []), ...u.components]),
      hosts: sortedUnique([...(seen?.hosts ?? []), ...u.hosts]),
      count: (seen?.count ?? 0) + u.count,
    });
  }
  return groups;
}

function byGroupOrder(a: IncidentGroup, b: IncidentGroup): number {
  return severityRank(a.severity) - severityRank(b.severity) || compareText(a.title, b.title) || compareText(a.fingerprint, b.fingerprint);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function side(report: ComparableReport, source: DiffSource | undefined): DiffSide {
  const root = report.rootCause;
  const incident = root ? report.incidents.find((i) => i.id === root.incident) : undefined;
  return {
    ...(source ? { source } : {}),
    inputs: [...report.inputs],
    toolVersion: report.tool.version,
    incidents: report.incidents.length,
    rootCause: root && incident
      ? {
          fingerprint: root.fingerprint ?? fingerprintOf(incident),
          signature: root.signature,
          incident: root.incident,
          title: incident.title,
          ...(incident.host === undefined ? {} : { host: incident.host }),
          confidence: root.confidence,
        }
      : null,
  };
}

/**
 * Compares two reports failure by failure: incidents are matched by fingerprint (the same failure on another host,
 * day or pod is the same), grouped when one report holds several of a fingerprint. Pure and deterministic: every
 * list is sorted (incidents most severe first, then by title and fingerprint; templates most frequent first, then
 * by template and fingerprint).
 */
export function diffReports(oldReport: ComparableReport, newReport: ComparableReport, sources: { readonly old?: DiffSource; readonly new?: DiffSource } = {}): ReportDiff {
  const before = groupIncidents(oldReport.incidents);
  const after = groupIncidents(newReport.incidents);
  const added: IncidentGroup[] = [];
  const resolved: IncidentGroup[] = [];
  const changed: ChangedIncident[] = [];
  const unchanged: IncidentGroup[] = [];
  for (const [fingerprint, group] of after) {
    const was = before.get(fingerprint);
    if (!was) {
      added.push(group);
      continue;
    }
    const changes: IncidentChange[] = [];
    if (was.count !== group.count) changes.push('count');
    if (was.severity !== group.severity) changes.push('severity');
    if (!sameList(was.hosts, group.hosts)) changes.push('hosts');
    if (changes.length) changed.push({ fingerprint, changes, old: was, new: group });
    else unchanged.push(group);
  }
  for (const [fingerprint, group] of before) if (!after.has(fingerprint)) resolved.push(group);
  changed.sort((a, b) => byGroupOrder(a.new, b.new));

  const templatesBefore = groupTemplates(oldReport.unrecognised ?? []);
  const templatesAfter = groupTemplates(newReport.unrecognised ?? []);
  const byFingerprint = (a: TemplateGroup, b: TemplateGroup) => b.count - a.count || compareText(a.template, b.template) || compareText(a.fingerprint, b.fingerprint);
  const newTemplates = [...templatesAfter.values()].filter((t) => !templatesBefore.has(t.fingerprint)).sort(byFingerprint);
  const resolvedTemplates = [...templatesBefore.values()].filter((t) => !templatesAfter.has(t.fingerprint)).sort(byFingerprint);

  const oldSide = side(oldReport, sources.old);
  const newSide = side(newReport, sources.new);
  const rootCauseChanged = (oldSide.rootCause?.fingerprint ?? null) !== (newSide.rootCause?.fingerprint ?? null);
  return {
    old: oldSide,
    new: newSide,
    different: added.length + resolved.length + changed.length + newTemplates.length + resolvedTemplates.length > 0 || rootCauseChanged,
    rootCauseChanged,
    incidents: {
      new: added.sort(byGroupOrder),
      resolved: resolved.sort(byGroupOrder),
      changed,
      unchanged: unchanged.sort(byGroupOrder),
    },
    unrecognised: { new: newTemplates, resolved: resolvedTemplates },
  };
}
