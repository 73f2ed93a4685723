import type { Diagnostic } from '../model/diagnostic.js';
import type { Evidence, Incident } from '../model/incident.js';
import type { Report } from '../model/report.js';
import { incidentActivity, wholeSpanActivity } from './activity-columns.js';
import { activityLanes } from './activity-lanes.js';
import { formatDuration, formatSpan, formatTime } from './format-time.js';
import { whenFiltered } from './describe-filters.js';
import { PHRASES, belowThresholdReason, seenBeforeText, unparsedShare, untimedShare } from './report-phrases.js';
import { reportView, type ReportView } from './report-view.js';
import { sanitizeText } from './sanitize-text.js';
import { wrapText } from './wrap-text.js';
import { unrecognisedText } from './render-unrecognised.js';
import { reportSummary, systemLine, formatMemory, versionVerdict, repeatNote } from './report-summary.js';

export interface RenderTextOptions {
  /** Columns for rules, prose wrapping and the timeline; log lines are never cut. Default 100. */
  readonly width?: number;
  /** `--tz-display`: `local` (default: each host's own zone where known), `utc`, or a zone name. */
  readonly displayZone?: string;
}

const s = sanitizeText;

/** out.push(...lines) without the spread: a wrapped huge log line has more lines than a call takes arguments. */
function append(out: string[], lines: readonly string[]): void {
  for (const line of lines) out.push(line);
}

function rule(title: string, width: number): string {
  const head = `== ${title} `;
  return head + '='.repeat(Math.max(3, width - head.length));
}

/** `label` column then wrapped prose, continuation lines aligned under the prose. */
function labelled(prefix: string, label: string, text: string, width: number): string[] {
  const pad = `${prefix}${label.padEnd(11)}`;
  return wrapText(s(text), width - pad.length).map((line, i) => (i === 0 ? pad : ' '.repeat(pad.length)) + line);
}

/** A list item: marker, then prose wrapped with continuation lines under the prose. */
function hanging(marker: string, text: string, width: number): string[] {
  return wrapText(s(text), width - marker.length).map((line, i) => (i === 0 ? marker : ' '.repeat(marker.length)) + line);
}

function when(view: ReportView, incident: Incident): string {
  const times = view.span(incident.firstSeen, incident.lastSeen, incident.host);
  return `${times}, seen ${incident.count} ${incident.count === 1 ? 'time' : 'times'}`;
}

function evidenceLines(view: ReportView, evidence: readonly Evidence[], indent: string, host: string | undefined): string[] {
  return evidence.flatMap((e) => [
    e.repeated ? `${indent}${s(e.file)}:${e.line}  ${s(repeatNote(view, e, host))}` : `${indent}${s(e.file)}:${e.line}  ${view.time(e.timestamp, host)}`,
    `${indent}  ${s(e.text)}`,
  ]);
}

/** `k=1, 2, 3 +43 more`: values as sorted, and how many were cut. */
function fieldText(incident: Incident, key: string, values: readonly string[]): string {
  const more = incident.fieldsOmitted?.[key];
  return `${s(key)}=${values.map(s).join(', ')}${more ? ` +${more} more` : ''}`;
}

/** The answer first: at most about 15 lines, whatever the width. */
function summary(view: ReportView, width: number): string[] {
  const sum = reportSummary(view);
  const out = [rule('SUMMARY', width)];
  const add = (label: string, text: string) => append(out, labelled('', label, text, width));
  add('what', `${sum.severity ? `${sum.severity} ` : ''}${sum.what}${sum.detail ? ` (${sum.detail})` : ''}`);
  if (sum.where) add('where', sum.where);
  if (sum.when) add('when', sum.when);
  sum.versions.forEach((v, i) => add(i === 0 ? 'versions' : '', v));
  sum.fix.forEach((step, i) => append(out, hanging(`${(i === 0 ? 'fix' : '').padEnd(11)}${i + 1}. `, step, width)));
  if (sum.moreFix > 0) out.push(`${''.padEnd(11)}(${sum.moreFix} more ${sum.moreFix === 1 ? 'step' : 'steps'} under ROOT CAUSE)`);
  if (sum.runbook) out.push(`${'runbook'.padEnd(11)}${s(sum.runbook)}`);
  if (sum.also) add('also', sum.also);
  return out;
}

function systems(view: ReportView, width: number): string[] {
  const list = view.report.systems;
  if (list.length === 0) return [];
  const out = [rule('Systems', width)];
  for (const system of list) {
    out.push(`  ${s(system.host)}${system.distribution ? ` (${s(system.distribution)})` : ''}`);
    if (system.os) out.push(`    os         ${s(system.os)}`);
    if (system.kernel) out.push(`    kernel     ${s(system.kernel)}`);
    for (const [product, version] of Object.entries(system.versions)) out.push(`    ${s(product).padEnd(11)}${s(version)}`);
    if (system.uptime) out.push(`    uptime     ${s(system.uptime)} (at collection)`);
    if (system.memoryBytes !== undefined) out.push(`    memory     ${formatMemory(system.memoryBytes)}`);
    if (system.timeZone) out.push(`    time zone  ${s(system.timeZone)}`);
    if (system.sources.length > 0) append(out, hanging('    from       ', system.sources.join(', '), width));
  }
  return out;
}

function header(view: ReportView): string[] {
  const r = view.report;
  const t = r.coverage.totals;
  const parsedFiles = t.files - t.skippedFiles - t.errorFiles;
  const counts = view.severityCounts.map((c) => `${c.count} ${c.severity}`).join(', ');
  return [
    `logsift ${s(r.tool.version)} report`,
    `  inputs     ${r.inputs.map(s).join(', ') || 'none'}`,
    `  hosts      ${r.hosts.map(s).join(', ') || 'unknown'}`,
    `  time span  ${view.span(r.timeRange.start, r.timeRange.end)}`,
    ...whenFiltered(r.filters, (f) => `  filters    ${s(f)}`),
    `  files      ${t.files}: ${parsedFiles} parsed, ${t.skippedFiles} skipped, ${t.errorFiles} failed; ${t.lines} lines, ${unparsedShare(t.unparsed, t.lines)}, ${untimedShare(t.untimed, t.lines)}`,
    `  incidents  ${r.incidents.length}${counts ? ` (${counts})` : ''}`,
  ];
}

function rootCause(view: ReportView, width: number): string[] {
  const r = view.report;
  const root = view.rootIncident;
  if (r.incidents.length === 0) return [rule(PHRASES.noIncidents.replace('.', ''), width), ...wrapText(`${PHRASES.noIncidents} ${view.lookedAt}`, width)];
  if (!r.rootCause || !root) return [rule(PHRASES.rootCauseHeading, width), ...wrapText(PHRASES.noRootCause, width)];
  const sig = view.rootSignature;
  const runbook = view.runbook(root);
  const system = r.systems.find((x) => x.host === root.host);
  const out = [
    rule(`${PHRASES.rootCauseHeading} (confidence ${Math.round(r.rootCause.confidence * 100)}%)`, width),
    `${root.severity.toUpperCase()}  ${s(root.title)}`,
    `  signature  ${s(root.signature)}`,
    `  incident   ${s(root.id)}`,
    ...(root.fingerprint ? [`  fingerprint ${s(root.fingerprint)}`] : []),
    `  host       ${s(root.host ?? 'unknown')}`,
    ...(system && systemLine(system) ? labelled('  ', 'system', systemLine(system), width) : []),
    `  when       ${when(view, root)}`,
    ...(root.seenBefore?.length ? hanging('  seen before: ', seenBeforeText(root.seenBefore), width) : []),
    ...labelled('  ', 'why', r.rootCause.explanation, width),
  ];
  if (sig && sig.explanation) append(out, labelled('  ', 'mechanism', sig.explanation, width));
  const fields = Object.entries(root.fields);
  if (fields.length > 0) append(out, fields.map(([k, v], i) => `  ${(i === 0 ? 'fields' : '').padEnd(11)}${fieldText(root, k, v)}`));
  const versions = r.versionChecks.filter((c) => c.host === root.host);
  versions.forEach((c, i) => append(out, labelled('  ', i === 0 ? 'versions' : '', versionVerdict(c), width)));
  out.push('  evidence', ...evidenceLines(view, root.evidence, '    ', root.host));
  if (sig && sig.remediation.length > 0) {
    out.push('  fix');
    sig.remediation.forEach((step, i) => append(out, hanging(`    ${i + 1}. `, step, width)));
  }
  if (runbook) out.push(`  runbook    ${s(runbook)}`);
  if (sig && sig.references.length > 0) out.push(`  references ${sig.references.map(s).join(' ')}`);
  return out;
}

function chain(view: ReportView, width: number): string[] {
  if (view.chain.length < 2) return [];
  const rootId = view.rootIncident?.id;
  const first = view.chain[0]?.firstSeen;
  return [
    rule(PHRASES.chainHeading, width),
    ...view.chain.map((i, n) => {
      const offset = first !== undefined && i.firstSeen !== undefined && n > 0 ? ` (+${formatDuration(i.firstSeen - first)})` : '';
      const mark = i.id === rootId ? '  <- root cause' : '';
      return `  ${n === 0 ? '   ' : '-> '}${view.time(i.firstSeen, i.host)}${offset}  ${i.severity.toUpperCase()}  ${s(i.title)} [${s(i.id)}]${mark}`;
    }),
  ];
}

function incidentBlock(view: ReportView, incident: Incident, width: number): string[] {
  const out = [
    `  ${s(incident.title)}`,
    `    ${s(incident.id)} on ${s(incident.host ?? 'unknown host')}: ${when(view, incident)}`,
  ];
  if (incident.fingerprint) out.push(`    fingerprint ${s(incident.fingerprint)}`);
  if (incident.causedBy) out.push(`    caused by ${s(incident.causedBy)}`);
  if (incident.seenBefore?.length) append(out, hanging('    seen before: ', seenBeforeText(incident.seenBefore), width));
  for (const [k, v] of Object.entries(incident.fields)) out.push(`    ${fieldText(incident, k, v)}`);
  const runbook = view.runbook(incident);
  if (runbook) out.push(`    runbook ${s(runbook)}`);
  append(out, evidenceLines(view, incident.evidence, '    ', incident.host));
  return out;
}

function otherIncidents(view: ReportView, width: number): string[] {
  if (view.others.length === 0) return [];
  const out = [rule(view.rootIncident ? 'Other incidents' : 'Incidents', width)];
  for (const group of view.others) {
    out.push(`${group.severity.toUpperCase()} (${group.incidents.length})`);
    for (const incident of group.incidents) append(out, incidentBlock(view, incident, width));
  }
  return out;
}

function belowThreshold(view: ReportView, width: number): string[] {
  const list = view.report.observations;
  if (list.length === 0) return [];
  const out = [rule(`${PHRASES.belowThresholdHeading} (${list.length})`, width), ...wrapText(PHRASES.belowThresholdNote, width).map((l) => `  ${l}`)];
  for (const o of list) {
    out.push(
      `  INFO  ${s(o.title)}`,
      `    ${s(o.signature)} on ${s(o.host ?? 'unknown host')}: ${view.span(o.firstSeen, o.lastSeen, o.host)}, ${belowThresholdReason(o)}`,
      ...evidenceLines(view, [o.example], '    ', o.host),
    );
  }
  return out;
}

function timeline(view: ReportView, width: number): string[] {
  const r = view.report;
  const whole = wholeSpanActivity(r);
  if (whole === undefined) return [];
  let label = 4;
  for (const h of r.hosts) label = Math.max(label, s(h).length);
  const columns = Math.max(10, width - label - 20);
  const out = [rule('Timeline (events per bucket of time; busiest bucket per column)', width)];
  append(out, activityLanes(r, whole, columns).map((line) => `  ${line}`));
  const zoom = incidentActivity(r);
  if (zoom) {
    out.push('', `  Around the incidents, ${formatSpan(zoom.start, zoom.end)}:`);
    append(out, activityLanes(r, zoom, columns).map((line) => `  ${line}`));
  }
  return out;
}

function coverage(view: ReportView, width: number): string[] {
  const r = view.report;
  const out = [rule('Coverage', width)];
  for (const host of r.coverage.hosts) {
    out.push(`  ${s(host.host)}: ${host.lines} lines, ${unparsedShare(host.unparsed, host.lines)}`);
    for (const src of host.sources) {
      out.push(`    ${s(src.component).padEnd(12)} ${src.files} ${src.files === 1 ? 'file' : 'files'}, ${src.events} events, ${formatSpan(src.start, src.end)}`);
    }
    out.push(`    gaps: ${host.gaps.length === 0 ? 'none' : host.gaps.map((g) => formatSpan(g.start, g.end)).join('; ')}`);
  }
  out.push('  files');
  for (const f of r.files) {
    const detail = f.status === 'parsed' ? `${s(f.format ?? 'unknown format')}, ${f.lines} lines, ${f.unparsed} unparsed${f.reason ? ` (${s(f.reason)})` : ''}` : s(f.reason ?? '');
    out.push(`    ${f.status.padEnd(8)}${s(f.path)}  ${detail}`);
  }
  if (r.coverage.assumptions.length > 0) {
    out.push('  assumptions');
    for (const a of r.coverage.assumptions) append(out, hanging('    - ', a, width));
  }
  return out;
}

function diagnostic(d: Diagnostic): string[] {
  const out = [`  ${d.severity}[${s(d.code)}]: ${s(d.title)}`];
  if (d.where) out.push(`    --> ${s(d.where.file)}${d.where.line !== undefined ? `:${d.where.line}` : ''}${d.where.field ? ` (${s(d.where.field)})` : ''}`);
  if (d.reason) out.push(`    reason: ${s(d.reason)}`);
  if (d.help) out.push(`    help: ${s(d.help)}`);
  return out;
}

function warnings(view: ReportView, width: number): string[] {
  const list = view.report.warnings;
  if (list.length === 0) return [rule('Warnings', width), '  none'];
  return [rule(`Warnings (${list.length})`, width), ...list.flatMap(diagnostic)];
}

/** Plain text for pipes and tickets: no colour, no escape sequences, log text sanitised. */
export function renderText(report: Report, options: RenderTextOptions = {}): string {
  const width = Math.max(40, Math.floor(options.width ?? 100));
  const view = reportView(report, { displayZone: options.displayZone });
  const sections = [
    summary(view, width),
    header(view),
    rootCause(view, width),
    chain(view, width),
    otherIncidents(view, width),
    unrecognisedText(report, (title) => rule(title, width)),
    belowThreshold(view, width),
    timeline(view, width),
    systems(view, width),
    coverage(view, width),
    warnings(view, width),
  ].filter((lines) => lines.length > 0);
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}
