import type { Diagnostic } from '../model/diagnostic.js';
import type { Evidence, Incident } from '../model/incident.js';
import type { Report } from '../model/report.js';
import { incidentActivity, wholeSpanActivity } from './activity-columns.js';
import { activityLanes } from './activity-lanes.js';
import { formatDuration, formatSpan, formatTime } from './format-time.js';
import { whenFiltered } from './describe-filters.js';
import { markdownCode, markdownFence, markdownLink, markdownText } from './markdown-escape.js';
import { PHRASES, belowThresholdReason, seenBeforeText, unparsedShare, untimedShare } from './report-phrases.js';
import { reportView, type ReportView } from './report-view.js';
import { sanitizeText } from './sanitize-text.js';
import { unrecognisedMarkdown } from './render-unrecognised.js';

const t = markdownText;

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function table(headings: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [row(headings), row(headings.map(() => '---')), ...rows.map(row)];
}

function when(incident: Incident): string {
  return `${formatSpan(incident.firstSeen, incident.lastSeen)}, seen ${incident.count} ${incident.count === 1 ? 'time' : 'times'}`;
}

function evidence(list: readonly Evidence[]): string[] {
  return list.flatMap((e) => [`${markdownCode(`${e.file}:${e.line}`)} · ${formatTime(e.timestamp)}`, '', markdownFence([e.text]), '']);
}

function header(view: ReportView): string[] {
  const r = view.report;
  const x = r.coverage.totals;
  const counts = view.severityCounts.map((c) => `${c.count} ${c.severity}`).join(', ');
  return [
    `# logsift report`,
    '',
    ...table(
      ['Report', ''],
      [
        ['**Inputs**', r.inputs.map((i) => markdownCode(i, true)).join(', ') || 'none'],
        ['**Hosts**', r.hosts.map(t).join(', ') || 'unknown'],
        ['**Time span**', formatSpan(r.timeRange.start, r.timeRange.end)],
        ...whenFiltered(r.filters, (f) => ['**Filters**', t(f)]),
        ['**Files**', `${x.files}: ${x.files - x.skippedFiles - x.errorFiles} parsed, ${x.skippedFiles} skipped, ${x.errorFiles} failed; ${x.lines} lines, ${unparsedShare(x.unparsed, x.lines)}, ${untimedShare(x.untimed, x.lines)}`],
        ['**Incidents**', `${r.incidents.length}${counts ? ` (${counts})` : ''}`],
        ['**Tool**', `logsift ${t(r.tool.version)}`],
      ],
    ),
  ];
}

function rootCause(view: ReportView): string[] {
  const r = view.report;
  const root = view.rootIncident;
  if (r.incidents.length === 0) return [`## ${PHRASES.noIncidents}`, '', t(view.lookedAt)];
  if (!r.rootCause || !root) return [`## ${PHRASES.rootCauseHeading}`, '', `**${t(PHRASES.noRootCause)}**`];
  const sig = view.signature(root.signature);
  const runbook = view.runbook(root);
  const out = [
    `## ${PHRASES.rootCauseHeading}: ${t(root.title)}`,
    '',
    `> **${root.severity.toUpperCase()}** · confidence ${Math.round(r.rootCause.confidence * 100)}% · ${markdownCode(root.signature)}`,
    '',
    `- **Host:** ${t(root.host ?? 'unknown')}`,
    `- **When:** ${when(root)}`,
    `- **Incident:** ${markdownCode(root.id)}`,
    ...(root.fingerprint ? [`- **Fingerprint:** ${markdownCode(root.fingerprint)}`] : []),
    ...(root.seenBefore?.length ? [`- **Seen before:** ${t(seenBeforeText(root.seenBefore))}`] : []),
    `- **Why:** ${t(r.rootCause.explanation)}`,
  ];
  if (sig?.explanation) out.push(`- **Mechanism:** ${markdownStep(sig.explanation)}`);
  for (const [k, v] of Object.entries(root.fields)) out.push(`- **${t(k)}:** ${v.map((x) => markdownCode(x)).join(', ')}`);
  out.push('', '### Evidence', '', ...evidence(root.evidence));
  if (sig && sig.remediation.length > 0) {
    out.push('### Fix', '', ...sig.remediation.map((step, i) => `${i + 1}. ${markdownStep(step)}`), '');
  }
  if (runbook) out.push(`**Runbook:** ${markdownLink(runbook)}`, '');
  if (sig && sig.references.length > 0) out.push(`**References:** ${sig.references.map((u) => markdownLink(u)).join(', ')}`, '');
  return trimEnd(out);
}

/** Remediation steps are authored markdown (inline `commands`), so only strip control text and line breaks. */
function markdownStep(step: string): string {
  return sanitizeText(step).replace(/</g, '&lt;');
}

function trimEnd(lines: string[]): string[] {
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function chain(view: ReportView): string[] {
  if (view.chain.length < 2) return [];
  const first = view.chain[0]?.firstSeen;
  return [
    `## ${PHRASES.chainHeading}`,
    '',
    ...view.chain.map((i, n) => {
      const offset = first !== undefined && i.firstSeen !== undefined && n > 0 ? ` (+${formatDuration(i.firstSeen - first)})` : '';
      const mark = i.id === view.rootIncident?.id ? ' ← **root cause**' : '';
      return `${n + 1}. ${formatTime(i.firstSeen)}${offset} **${i.severity.toUpperCase()}** ${t(i.title)} (${markdownCode(i.id)})${mark}`;
    }),
  ];
}

function incidentTable(view: ReportView): string[] {
  const r = view.report;
  if (r.incidents.length === 0) return [];
  return [
    '## Incidents',
    '',
    ...table(
      ['Severity', 'Incident', 'Host', 'First seen', 'Last seen', 'Count', 'Runbook'],
      r.incidents.map((i) => {
        const runbook = view.runbook(i);
        return [
          `**${i.severity}**`,
          `${t(i.title)}${i.id === view.rootIncident?.id ? ' (root cause)' : ''}<br>${markdownCode(i.id, true)}`,
          t(i.host ?? 'unknown'),
          formatTime(i.firstSeen),
          formatTime(i.lastSeen),
          String(i.count),
          runbook ? markdownLink(runbook, 'runbook') : '',
        ];
      }),
    ),
  ];
}

function otherIncidents(view: ReportView): string[] {
  if (view.others.length === 0) return [];
  const out: string[] = [`## ${view.rootIncident ? 'Other incidents' : 'Incident details'}`];
  for (const group of view.others) {
    out.push('', `### ${group.severity.toUpperCase()} (${group.incidents.length})`);
    for (const i of group.incidents) {
      out.push('', `#### ${t(i.title)}`, '', `- **Incident:** ${markdownCode(i.id)} on ${t(i.host ?? 'unknown host')}`, `- **When:** ${when(i)}`);
      if (i.fingerprint) out.push(`- **Fingerprint:** ${markdownCode(i.fingerprint)}`);
      if (i.causedBy) out.push(`- **Caused by:** ${markdownCode(i.causedBy)}`);
      if (i.seenBefore?.length) out.push(`- **Seen before:** ${t(seenBeforeText(i.seenBefore))}`);
      for (const [k, v] of Object.entries(i.fields)) out.push(`- **${t(k)}:** ${v.map((x) => markdownCode(x)).join(', ')}`);
      const runbook = view.runbook(i);
      if (runbook) out.push(`- **Runbook:** ${markdownLink(runbook)}`);
      out.push('', ...evidence(i.evidence));
      trimEnd(out);
    }
  }
  return out;
}

function belowThreshold(view: ReportView): string[] {
  const list = view.report.observations;
  if (list.length === 0) return [];
  const out = [`## ${PHRASES.belowThresholdHeading} (${list.length})`, '', t(PHRASES.belowThresholdNote)];
  for (const o of list) {
    out.push('', `- **info** ${t(o.title)} (${markdownCode(o.signature)} on ${t(o.host ?? 'unknown host')}): ${formatSpan(o.firstSeen, o.lastSeen)}, ${t(belowThresholdReason(o))}`, '', ...evidence([o.example]));
    trimEnd(out);
  }
  return out;
}

function timeline(view: ReportView): string[] {
  const r = view.report;
  const whole = wholeSpanActivity(r);
  if (whole === undefined) return [];
  const out = ['## Timeline', '', `Events per host over the whole span, ${formatSpan(whole.start, whole.end)} (busiest bucket per column).`, '', markdownFence(activityLanes(r, whole, 60))];
  const zoom = incidentActivity(r);
  if (zoom) out.push('', `Around the incidents, ${formatSpan(zoom.start, zoom.end)}:`, '', markdownFence(activityLanes(r, zoom, 60)));
  return out;
}

function coverage(view: ReportView): string[] {
  const r = view.report;
  const out = ['## Coverage', ''];
  out.push(
    ...table(
      ['Host', 'Source', 'Files', 'Events', 'Span'],
      r.coverage.hosts.flatMap((h) => h.sources.map((s) => [t(h.host), t(s.component), String(s.files), String(s.events), formatSpan(s.start, s.end)])),
    ),
    '',
  );
  for (const h of r.coverage.hosts) {
    const gaps = h.gaps.length === 0 ? 'no gaps' : `gaps: ${h.gaps.map((g) => formatSpan(g.start, g.end)).join('; ')}`;
    out.push(`- **${t(h.host)}:** ${h.lines} lines, ${unparsedShare(h.unparsed, h.lines)}; ${gaps}`);
  }
  out.push(
    '',
    '### Files',
    '',
    ...table(
      ['File', 'Host', 'Format', 'Status', 'Lines', 'Unparsed'],
      r.files.map((f) => [
        markdownCode(f.path, true),
        t(f.host ?? ''),
        t(f.format ?? ''),
        f.reason ? `${f.status}: ${t(f.reason)}` : f.status,
        String(f.lines),
        String(f.unparsed),
      ]),
    ),
  );
  if (r.coverage.assumptions.length > 0) out.push('', '### Assumptions', '', ...r.coverage.assumptions.map((a) => `- ${t(a)}`));
  return out;
}

function diagnostic(d: Diagnostic): string {
  const where = d.where ? ` at ${markdownCode(`${d.where.file}${d.where.line !== undefined ? `:${d.where.line}` : ''}`)}` : '';
  const reason = d.reason ? ` (${t(d.reason)})` : '';
  const help = d.help ? ` Help: ${t(d.help)}` : '';
  return `- **${d.severity}** ${markdownCode(d.code)}: ${t(d.title)}${where}${reason}.${help}`;
}

function warnings(view: ReportView): string[] {
  const list = view.report.warnings;
  return ['## Warnings', '', ...(list.length === 0 ? ['None.'] : list.map(diagnostic))];
}

/**
 * Markdown that pastes cleanly into GitHub, Jira and Zendesk: headings, an incident table, evidence in
 * fenced blocks (fence longer than any backtick run in the log text), `|` escaped in cells, runbook links.
 */
export function renderMarkdown(report: Report): string {
  const view = reportView(report);
  const sections = [header(view), rootCause(view), chain(view), incidentTable(view), otherIncidents(view), unrecognisedMarkdown(report), belowThreshold(view), timeline(view), coverage(view), warnings(view)];
  return `${sections.filter((s) => s.length > 0).map((s) => s.join('\n')).join('\n\n')}\n`;
}
