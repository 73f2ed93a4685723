import type { Diagnostic } from '../model/diagnostic.js';
import type { LifecycleRules } from '../model/lifecycle.js';
import type { SystemFactRules, SystemSummary } from '../model/system-facts.js';
import { checkVersions } from '../correlate/check-versions.js';
import type { MemberStatus } from '../model/coverage.js';
import type { Sighting } from '../model/incident.js';
import { severityRank, type Severity } from '../model/log-event.js';
import type { Zone } from '../formats/index.js';
import type { IngestOptions } from '../ingest/index.js';
import type { Library } from '../patterns/index.js';
import { analysisLineMarker } from './analysis-line-marker.js';
import { skimsUnder } from './skim-eligibility.js';
import { correlate, rankUnrecognised } from '../correlate/index.js';
import { EventAnalysis } from './event-analysis.js';
import { keepsContextEvent, type EventFilter } from './filter-events.js';
import type { Report, ReportFilters } from '../model/report.js';
import { buildReport } from '../report/build-report.js';
import { runPipeline, type PipelineResult } from './run-pipeline.js';
import { windowEdgeWarning } from './window-edge.js';
import type { ArchiveHosts } from '../placement/archive-chain.js';
import { runPipelineInWorkers, startMemberWorkers, type MemberWorkers } from './workers/run-pipeline-in-workers.js';
import { readSettled } from './read-settled.js';

export interface AnalyzeOptions {
  readonly ingest: IngestOptions;
  /** `--tz`: overrides every zone the bundle reveals. */
  readonly timeZone?: Zone;
  readonly filter: EventFilter;
  readonly library: Library;
  /** Boots, shutdowns and service lifecycle (`loadLifecycle`). */
  readonly lifecycle: LifecycleRules;
  /** What system facts look like (`loadSystemFacts`); without it the report has no system summary. */
  readonly systemFacts?: SystemFactRules;
  /** What loading the library reported; they lead the report's warnings. */
  readonly libraryDiagnostics: readonly Diagnostic[];
  /**
   * `--min-severity`: incidents below it are left out unless the root cause's chain holds them (the chain is shown
   * whole: a warning can be what started the failure); above info, observations (info) are left out too.
   */
  readonly minSeverity?: Severity;
  /** The filters as the report's header names them (absent: no filter given). */
  readonly reportFilters?: ReportFilters;
  /** Worker threads started ahead (`startMemberWorkers`); without them every member is read in this thread. */
  readonly workers?: MemberWorkers;
  /** The tool version the report names. */
  readonly version: string;
  readonly onProgress?: (progress: { bytesRead: number; members: number }) => void;
  readonly onMember?: (status: MemberStatus) => void;
  /**
   * Prefilter lines on their raw bytes (default true): events of lines that hold no signature literal skip the
   * matcher. The report is the same either way; false (the internal `LOGSIFT_NO_PREFILTER=1`) checks that it is.
   */
  readonly rawPrefilter?: boolean;
  /**
   * Skim the lines the prefilter leaves unmarked (default true; see formats/skim): their events carry no message or
   * fields when the analysis needs none. The report is the same either way; false (the internal `LOGSIFT_NO_SKIM=1`)
   * checks that it is.
   */
  readonly skim?: boolean;
  /**
   * `--index`: the tickets each fingerprint was filed under, asked once for the reported incidents' fingerprints;
   * the answer reaches the report stage as data (ReportInput.seenBefore).
   */
  readonly seenBefore?: (fingerprints: readonly string[]) => Promise<ReadonlyMap<string, readonly Sighting[]>>;
}

/** The report, or — when no member of any input could be read — why not, file by file. */
export type BundleAnalysis =
  | { readonly report: Report; readonly nothingRead?: undefined }
  | { readonly report?: undefined; readonly nothingRead: { readonly files: readonly MemberStatus[]; readonly warnings: readonly Diagnostic[] } };

/**
 * The analysis pipeline: ingest → formats (members into events, here or in worker threads) → placement and filter →
 * patterns (matches) → correlate (incidents, chain, root cause) → the report.
 */
export async function analyzeBundle(inputs: readonly string[], options: AnalyzeOptions): Promise<BundleAnalysis> {
  const { library, filter } = options;
  // Every read starts afresh: a second one (see readSettled) must not count the first's events.
  const lineMarker = options.rawPrefilter === false ? undefined : analysisLineMarker(library.signatures, options.systemFacts);
  const skim = options.skim !== false && lineMarker !== undefined && skimsUnder(filter);
  const { observed, result } = await readSettled(inputs, async (settled) => {
    const observed = new EventAnalysis(library, filter, options.lifecycle, options.systemFacts);
    const facts = observed.systemFacts;
    const pipeline = {
      inputs,
      ingest: { ...options.ingest, factFile: (path: string) => facts.isFactFile(path), ...(settled ? { settledLayouts: settled.layouts } : {}), ...(lineMarker ? { lineMarker } : {}) },
      timeZone: options.timeZone,
      onProgress: options.onProgress,
      onMember: options.onMember,
      onFactFile: (file: { path: string; shown: string; host?: string; text: string }) => facts.readFile(file.path, file.shown, file.host, file.text),
      ...(settled ? { settled } : {}),
      ...(skim ? { skim } : {}),
    };
    // The first read's worker threads end with it; a second read starts as many again.
    const workers = options.workers && settled ? startMemberWorkers(options.workers.threads.length) : options.workers;
    const result = workers
      ? await runPipelineInWorkers({ ...pipeline, workers, signatures: library.signatures, lifecycle: options.lifecycle, systemFacts: options.systemFacts, filter, analysis: observed })
      : await runPipeline({ ...pipeline, onEvent: (event, mayMatch) => observed.observe(event, mayMatch), onLightLine: observed });
    return { observed, result };
  });
  const facts = observed.systemFacts;
  if (result.membersRead === 0) return { nothingRead: { files: result.files, warnings: result.warnings } };

  observed.settle();
  const { grouper, context, coverage } = observed;
  // Unrecognised lines and crashes read before a sos report's hostname file carry the name's guess: report them
  // under the host the bundle's files settled on, as incidents and files are.
  const renames = observed.unanchored.archiveHosts.provisionalRenames();
  const rehost = (host: string): string => renames.get(host) ?? host;
  // Those of a file read before the metadata file that names the bundle's only host (a troubleshoot NodeList) carry
  // none: they get the host its archive settled on, as the file does.
  const hostOfFile = (file: string): string | undefined => {
    const where = result.unsettledHosts.get(file);
    return where ? observed.unanchored.archiveHosts.hostOfMember(where.bundle, where.member) : undefined;
  };
  const templateHosts = (t: { hosts: readonly string[]; example: { file: string } }): string[] => {
    const settledHost = t.hosts.length === 0 ? hostOfFile(t.example.file) : undefined;
    return settledHost !== undefined ? [settledHost] : [...new Set(t.hosts.map(rehost))];
  };
  const templates = renames.size === 0 && result.unsettledHosts.size === 0 ? observed.miner.templates() : observed.miner.templates().map((t) => ({ ...t, hosts: templateHosts(t) }));
  const crashHost = (c: { host?: string; evidence: readonly { file: string }[] }): string | undefined =>
    c.host === undefined ? (c.evidence[0] ? hostOfFile(c.evidence[0].file) : undefined) : rehost(c.host);
  const crashes = renames.size === 0 && result.unsettledHosts.size === 0 ? observed.crashes.result() : observed.crashes.result().map((c) => {
    const host = crashHost(c);
    return host === undefined ? c : { ...c, host };
  });
  const all = correlate(grouper, context, library.signatures, templates, crashes);
  // Boots and shutdowns were judged on every event (placement needs them all); the report shows the filter's.
  const correlated = { ...all, context: all.context.filter((c) => keepsContextEvent(filter, c)) };
  const rename = (file: string) => result.renamed.get(file) ?? file;
  const analysis = result.renamed.size === 0 ? correlated : {
    ...correlated,
    incidents: correlated.incidents.map((i) => ({
      ...i,
      evidence: i.evidence.map((e) => ({ ...e, file: rename(e.file), ...(e.repeated ? { repeated: { ...e.repeated, files: e.repeated.files.map(rename) } } : {}) })),
    })),
    observations: correlated.observations?.map((o) => ({ ...o, example: { ...o.example, file: rename(o.example.file) } })),
    context: correlated.context.map((c) => ({ ...c, file: rename(c.file) })),
  };
  const minSeverity = options.minSeverity;
  const incidents = minSeverity
    ? analysis.incidents.filter((i) => severityRank(i.severity) <= severityRank(minSeverity) || analysis.rootCause?.chain.includes(i.id))
    : analysis.incidents;
  const observations = minSeverity && severityRank('info') > severityRank(minSeverity) ? [] : analysis.observations;
  const span = coverage.span();
  const whole = coverage.activity(span);
  const focus = focusWindow(incidents, span);
  // The zoom is worth a second picture only when the incidents fill a small part of the span.
  const zoom = focus && span && focus.end - focus.start < (span.end - span.start) / 4 ? coverage.activity(focus, ZOOM_BUCKETS) : undefined;
  const usedSignatures = new Set(incidents.map((i) => i.signature));
  // A fact read from one of two byte-identical files is named by the copy the report names, as evidence is.
  const renameSource = (source: string) => {
    const colon = source.lastIndexOf(':');
    return `${rename(source.slice(0, colon))}${source.slice(colon)}`;
  };
  const settledFiles = settleFileHosts(result.files, result.unsettledHosts, observed.unanchored.archiveHosts);
  // Facts read before the bundle named its host sit under the archive name's guess: they move to the settled host.
  const systems = mergeSystemsByHost(systemSummaries(facts.result(reportHosts(settledFiles, incidents).concat([...renames.keys()])), result.zonesByHost)
    .map((s) => ({ ...s, host: rehost(s.host) })))
    .map((s) => ({ ...s, sources: [...new Set(s.sources.map(renameSource))].sort() }));
  const rootIncident = incidents.find((i) => i.id === analysis.rootCause?.incident);
  const rootSignature = library.signatures.find((s) => s.id === analysis.rootCause?.signature);
  const seenBefore = options.seenBefore
    ? await options.seenBefore(incidents.flatMap((i) => (i.fingerprint === undefined ? [] : [i.fingerprint])))
    : undefined;
  const report = buildReport({
    systems,
    versionChecks: checkVersions(rootSignature, systems, rootIncident?.host),
    version: options.version,
    inputs,
    files: settledFiles,
    filters: options.reportFilters,
    analysis: { ...analysis, incidents, observations },
    activity: whole?.buckets ?? [],
    activityWindow: whole && { start: whole.start, end: whole.end, bucketMs: whole.bucketMs },
    incidentActivity: zoom,
    hostCoverage: coverage.hostCoverage(result.linesByHost),
    assumptions: [
      ...result.assumptions,
      ...observed.unanchored.assumptions(),
      ...(grouper.duplicateCopies ? [`${grouper.duplicateCopies} matching line(s) were copies of lines already read from another file of the same host (journal dump, syslog, the service's own log) and were counted once.`] : []),
    ],
    warnings: [...options.libraryDiagnostics, ...result.warnings, ...[windowEdgeWarning(filter.since, analysis.rootCause, incidents)].filter((w) => w !== undefined)],
    unrecognised: rankUnrecognised(templates, analysis.incidents).map((u) => ({ ...u, example: { ...u.example, file: rename(u.example.file) } })),
    signatures: library.signatures.filter((s) => usedSignatures.has(s.id)).map((s) => ({
      id: s.id, title: s.title, summary: s.summary, explanation: s.explanation, remediation: [...s.remediation], runbook: s.runbook, references: [...s.references],
    })),
    ...(seenBefore === undefined ? {} : { seenBefore }),
  });
  return { report };
}

/** Buckets of the zoomed picture around the incidents. */
const ZOOM_BUCKETS = 120;

/** The hosts the report names (facts read without a host belong to the only one, when there is one). */
function reportHosts(files: readonly { host?: string }[], incidents: readonly { host?: string }[]): string[] {
  return [...new Set([...files, ...incidents].flatMap((x) => (x.host ? [x.host] : [])))];
}

/** One summary per host: a fact the first summary lacks is taken from a later one of the same host. */
function mergeSystemsByHost(systems: readonly SystemSummary[]): SystemSummary[] {
  const byHost = new Map<string, SystemSummary>();
  for (const system of systems) {
    const seen = byHost.get(system.host);
    if (seen === undefined) {
      byHost.set(system.host, system);
      continue;
    }
    const merged: SystemSummary = { host: system.host, versions: { ...system.versions, ...seen.versions }, sources: [...seen.sources, ...system.sources] };
    const optional = ['os', 'kernel', 'distribution', 'uptime', 'memoryBytes', 'timeZone', 'utcOffsetMinutes'] as const;
    for (const key of optional) {
      const value = seen[key] ?? system[key];
      if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
    }
    byHost.set(system.host, merged);
  }
  return [...byHost.values()];
}

/** Each host's facts with the zone its logs print local times in; a host known only by its zone is listed too. */
function systemSummaries(systems: readonly SystemSummary[], zones: ReadonlyMap<string, { name: string; fixedMinutes?: number }>): SystemSummary[] {
  const byHost = new Map(systems.map((s) => [s.host, s]));
  for (const [host, zone] of zones) {
    const system = byHost.get(host) ?? { host, versions: {}, sources: [] };
    byHost.set(host, { ...system, timeZone: zone.name, ...(zone.fixedMinutes === undefined ? {} : { utcOffsetMinutes: zone.fixedMinutes }) });
  }
  return [...byHost.values()];
}

/** The incidents with some margin (the zoomed picture), or undefined when nothing happened. */
function focusWindow(
  incidents: readonly { firstSeen?: number; lastSeen?: number }[],
  span: { start: number; end: number } | undefined,
): { start: number; end: number } | undefined {
  const times = incidents.flatMap((i) => [i.firstSeen, i.lastSeen]).filter((t): t is number => t !== undefined);
  if (times.length === 0) return undefined;
  const start = Math.min(...times);
  const end = Math.max(...times);
  const margin = Math.max(10 * 60_000, (end - start) * 0.2);
  return {
    start: Math.max(span?.start ?? -Infinity, start - margin),
    end: Math.min(span?.end ?? Infinity, end + margin),
  };
}

/** Files whose host was only the bundle name's guess get the host placement settled for their archive. */
function settleFileHosts(files: readonly MemberStatus[], unsettled: PipelineResult['unsettledHosts'], hosts: ArchiveHosts): MemberStatus[] {
  if (unsettled.size === 0) return [...files];
  return files.map((file) => {
    const where = file.host === undefined ? unsettled.get(file.path) : undefined;
    const host = where ? hosts.hostOfMember(where.bundle, where.member) : undefined;
    return host === undefined ? file : { ...file, host };
  });
}
