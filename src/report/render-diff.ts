import type { ChangedIncident, DiffRootCause, DiffSide, IncidentGroup, ReportDiff, TemplateGroup } from './diff-reports.js';
import { formatSpan } from './format-time.js';
import { markdownCode, markdownText } from './markdown-escape.js';
import { sanitizeText as s } from './sanitize-text.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The `logsift diff --format json` contract version; bump it when a key changes meaning or goes away. */
export const DIFF_SCHEMA_VERSION = 1;

function iso(ms: number | undefined): string | null {
  return typeof ms === 'number' && Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

function times(n: number): string {
  return `${n} ${n === 1 ? 'time' : 'times'}`;
}

/** `5 → 7 matches; hosts a → a, b`: what changed of one failure. */
function changeText(c: ChangedIncident): string {
  const parts: string[] = [];
  if (c.changes.includes('severity')) parts.push(`severity ${c.old.severity} → ${c.new.severity}`);
  if (c.changes.includes('count')) parts.push(`seen ${c.old.count} → ${c.new.count} times`);
  if (c.changes.includes('hosts')) parts.push(`hosts ${c.old.hosts.join(', ')} → ${c.new.hosts.join(', ')}`);
  return parts.join('; ');
}

function groupWhere(g: IncidentGroup): string {
  return `on ${g.hosts.join(', ')}: ${formatSpan(g.firstSeen, g.lastSeen)}, seen ${times(g.count)}`;
}

function rootText(root: DiffRootCause | null): string {
  return root ? `${root.title} (${root.fingerprint}) on ${root.host ?? 'unknown host'}, confidence ${Math.round(root.confidence * 100)}%` : 'none';
}

/** `k3s.json, report of samples/k3s-power-loss.tgz` or `samples/k3s-power-loss.tgz`. */
function sideName(side: DiffSide): string {
  const inputs = side.inputs.join(', ') || '(no inputs)';
  return side.source?.kind === 'report' ? `${side.source.path}, report of ${inputs}` : side.source?.path ?? inputs;
}

function sideText(side: DiffSide): string {
  return `${sideName(side)} (logsift ${side.toolVersion}): ${side.incidents} ${side.incidents === 1 ? 'incident' : 'incidents'}`;
}

/** One line that says what changed, the first line of every format. */
export function diffSummary(diff: ReportDiff): string {
  if (!diff.different) return 'No difference: the same failures (by fingerprint), unrecognised errors and root cause.';
  const i = diff.incidents;
  const u = diff.unrecognised;
  return `${i.new.length} new, ${i.resolved.length} resolved, ${i.changed.length} changed, ${i.unchanged.length} unchanged ${i.unchanged.length === 1 ? 'incident' : 'incidents'}; ` +
    `unrecognised errors: ${u.new.length} new, ${u.resolved.length} resolved; root cause ${diff.rootCauseChanged ? 'changed' : 'unchanged'}.`;
}

/** Plain text (sanitised): the summary, both sides, the root causes, then each list that is not empty. */
export function renderDiffText(diff: ReportDiff): string {
  const out = [`logsift diff: ${diffSummary(diff)}`, '', `  old  ${s(sideText(diff.old))}`, `  new  ${s(sideText(diff.new))}`, ''];
  out.push(`Root cause ${diff.rootCauseChanged ? 'changed' : 'unchanged'}`);
  if (diff.rootCauseChanged) out.push(`  old  ${s(rootText(diff.old.rootCause))}`, `  new  ${s(rootText(diff.new.rootCause))}`);
  else out.push(`  ${s(rootText(diff.new.rootCause))}`);
  const groups = (heading: string, list: readonly IncidentGroup[], mark: string) => {
    if (list.length === 0) return;
    out.push('', `${heading} (${list.length})`);
    for (const g of list) out.push(`${mark} ${g.severity.toUpperCase()}  ${s(g.title)}`, `    ${s(g.fingerprint)} ${s(groupWhere(g))}`, `    ${s(g.incidents.join(', '))}`);
  };
  groups('New incidents', diff.incidents.new, '+');
  groups('Resolved incidents', diff.incidents.resolved, '-');
  if (diff.incidents.changed.length) {
    out.push('', `Changed incidents (${diff.incidents.changed.length})`);
    for (const c of diff.incidents.changed) out.push(`~ ${c.new.severity.toUpperCase()}  ${s(c.new.title)}`, `    ${s(c.fingerprint)} ${s(changeText(c))}`);
  }
  const templates = (heading: string, list: readonly TemplateGroup[], mark: string) => {
    if (list.length === 0) return;
    out.push('', `${heading} (${list.length})`);
    for (const t of list) out.push(`${mark} ${s(t.template)}`, `    ${s(t.fingerprint)} ${s(templateWhere(t))}`);
  };
  templates('New unrecognised errors', diff.unrecognised.new, '+');
  templates('Resolved unrecognised errors', diff.unrecognised.resolved, '-');
  return `${out.join('\n')}\n`;
}

function templateWhere(t: TemplateGroup): string {
  return `on ${t.hosts.join(', ') || 'unknown host'}${t.components.length ? ` (${t.components.join(', ')})` : ''}, seen ${times(t.count)}`;
}

/** Markdown for a ticket: the same content as the text, as headings, lists and a table of changes. */
export function renderDiffMarkdown(diff: ReportDiff): string {
  const t = markdownText;
  const out = ['# logsift diff', '', `**${t(diffSummary(diff))}**`, '', '| | Report | Incidents | Root cause |', '|---|---|---|---|'];
  for (const [name, side] of [['old', diff.old], ['new', diff.new]] as const) {
    const root = side.rootCause ? `${t(side.rootCause.title)} ${markdownCode(side.rootCause.fingerprint, true)}` : 'none';
    out.push(`| ${name} | ${markdownCode(sideName(side), true)} (logsift ${t(side.toolVersion)}) | ${side.incidents} | ${root} |`);
  }
  out.push('', `Root cause ${diff.rootCauseChanged ? '**changed**' : 'unchanged'}.`);
  const groups = (heading: string, list: readonly IncidentGroup[]) => {
    if (list.length === 0) return;
    out.push('', `## ${heading} (${list.length})`, '');
    for (const g of list) out.push(`- **${g.severity.toUpperCase()}** ${t(g.title)} — ${markdownCode(g.fingerprint)} ${t(groupWhere(g))} (${g.incidents.map((id) => markdownCode(id)).join(', ')})`);
  };
  groups('New incidents', diff.incidents.new);
  groups('Resolved incidents', diff.incidents.resolved);
  if (diff.incidents.changed.length) {
    out.push('', `## Changed incidents (${diff.incidents.changed.length})`, '');
    for (const c of diff.incidents.changed) out.push(`- **${c.new.severity.toUpperCase()}** ${t(c.new.title)} — ${markdownCode(c.fingerprint)}: ${t(changeText(c))}`);
  }
  const templates = (heading: string, list: readonly TemplateGroup[]) => {
    if (list.length === 0) return;
    out.push('', `## ${heading} (${list.length})`, '');
    for (const u of list) out.push(`- ${markdownCode(u.template)} — ${markdownCode(u.fingerprint)} ${t(templateWhere(u))}`);
  };
  templates('New unrecognised errors', diff.unrecognised.new);
  templates('Resolved unrecognised errors', diff.unrecognised.resolved);
  return `${out.join('\n')}\n`;
}

function groupJson(g: IncidentGroup): Json {
  return {
    fingerprint: g.fingerprint,
    signature: g.signature,
    title: g.title,
    severity: g.severity,
    hosts: [...g.hosts],
    count: g.count,
    incidents: [...g.incidents],
    firstSeen: iso(g.firstSeen),
    lastSeen: iso(g.lastSeen),
  };
}

function templateJson(u: TemplateGroup): Json {
  return { fingerprint: u.fingerprint, template: u.template, components: [...u.components], hosts: [...u.hosts], count: u.count };
}

function sideJson(side: DiffSide): Json {
  const r = side.rootCause;
  return {
    source: side.source ? { path: side.source.path, kind: side.source.kind } : null,
    inputs: [...side.inputs],
    toolVersion: side.toolVersion,
    incidents: side.incidents,
    rootCause: r ? { fingerprint: r.fingerprint, signature: r.signature, incident: r.incident, title: r.title, host: r.host ?? null, confidence: r.confidence } : null,
  };
}

/**
 * The `logsift diff --format json` contract (README "logsift diff"): keys always present and in this order, lists
 * sorted as diffReports sorts them, 2-space indent, trailing newline.
 */
export function renderDiffJson(diff: ReportDiff): string {
  const json: Json = {
    diffSchemaVersion: DIFF_SCHEMA_VERSION,
    different: diff.different,
    summary: {
      newIncidents: diff.incidents.new.length,
      resolvedIncidents: diff.incidents.resolved.length,
      changedIncidents: diff.incidents.changed.length,
      unchangedIncidents: diff.incidents.unchanged.length,
      newUnrecognised: diff.unrecognised.new.length,
      resolvedUnrecognised: diff.unrecognised.resolved.length,
      rootCauseChanged: diff.rootCauseChanged,
    },
    old: sideJson(diff.old),
    new: sideJson(diff.new),
    incidents: {
      new: diff.incidents.new.map(groupJson),
      resolved: diff.incidents.resolved.map(groupJson),
      changed: diff.incidents.changed.map((c) => ({ fingerprint: c.fingerprint, changes: [...c.changes], old: groupJson(c.old), new: groupJson(c.new) })),
      unchanged: diff.incidents.unchanged.map(groupJson),
    },
    unrecognised: { new: diff.unrecognised.new.map(templateJson), resolved: diff.unrecognised.resolved.map(templateJson) },
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}
