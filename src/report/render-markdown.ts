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
import { reportSummary, formatMemory, versionVerdict, repeatNote } from './report-summary.js';

const t = markdownText;

export interface RenderMarkdownOptions {
  /** `--tz-display`: `local` (default: each host's own zone where known), `utc`, or a zone name. */
  readonly displayZone?: string;
  /** `--brief`: the summary, the root cause and the incident table only. */
  readonly brief?: boolean;
}

/**
 * Ticket systems cut long comments (GitHub at 65,536 characters, Jira at 32,767): the full report stays under
 * FULL_BUDGET bytes and `--brief` under BRIEF_BUDGET, whatever the bundle; what does not fit is counted and named.
 */
export const FULL_BUDGET = 60 * 1024;
export const BRIEF_BUDGET = 30 * 1024;
/** Evidence lines longer than this are cut in markdown (the JSON and HTML keep them whole). */
const MAX_EVIDENCE_CHARS = 600;
/** Example lines of the secondary lists (below threshold) are cut shorter. */
const MAX_EXAMPLE_CHARS = 300;
/** Incident table rows before the rest are counted. */
const MAX_TABLE_ROWS = 40;
const MAX_FILE_ROWS = 40;
const MAX_FIELD_CHARS = 400;

function bytes(lines: readonly string[]): number {
  let n = 0;
  for (const line of lines) n += Buffer.byteLength(line, 'utf8') + 1;
  return n;
}

/** A section folded away (GitHub, GitLab and Zendesk render `<details>`; others show it as text). */
function folded(summaryText: string, body: readonly string[]): string[] {
  return ['<details>', `<summary>${t(summaryText)}</summary>`, '', ...body, '', '</details>'];
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function table(headings: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [row(headings), row(headings.map(() => '---')), ...rows.map(row)];
}

function when(view: ReportView, incident: Incident): string {
  return `${view.span(incident.firstSeen, incident.lastSeen, incident.host)}, seen ${incident.count} ${incident.count === 1 ? 'time' : 'times'}`;
}

function evidence(view: ReportView, list: readonly Evidence[], host: string | undefined, maxChars = MAX_EVIDENCE_CHARS): string[] {
  return list.flatMap((e) => {
    const text = e.text.length > maxChars ? `${e.text.slice(0, maxChars)}… (${e.text.length - maxChars} more characters)` : e.text;
    return [`${markdownCode(`${e.file}:${e.line}`)} · ${t(e.repeated ? repeatNote(view, e, host) : view.time(e.timestamp, host))}`, '', markdownFence([text]), ''];
  });
}

function fieldList(incident: Incident, key: string, values: readonly string[]): string {
  let shown = '';
  let count = 0;
  for (const v of values) {
    if (shown.length > MAX_FIELD_CHARS) break;
    shown += `${count > 0 ? ', ' : ''}${markdownCode(v)}`;
    count++;
  }
  const more = values.length - count + (incident.fieldsOmitted?.[key] ?? 0);
  return `${shown}${more > 0 ? ` +${more} more` : ''}`;
}

/** The answer first: what, where, when, versions, the first fix steps, the runbook. */
function summary(view: ReportView): string[] {
  const sum = reportSummary(view);
  const out = [
    `# ${sum.severity ? `${sum.severity}: ` : ''}${t(sum.what)}`,
    '',
  ];
  if (sum.detail) out.push(`- **Root cause:** ${t(sum.detail)}`);
  if (sum.where) out.push(`- **Where:** ${t(sum.where)}`);
  if (sum.when) out.push(`- **When:** ${t(sum.when)}`);
  if (sum.versions.length > 0) out.push(`- **Versions:** ${sum.versions.map(t).join('; ')}`);
  sum.fix.forEach((step, i) => out.push(`- **Fix ${i + 1}:** ${markdownStep(step)}`));
  if (sum.moreFix > 0) out.push(`- **More:** ${sum.moreFix} more fix ${sum.moreFix === 1 ? 'step' : 'steps'} under Root cause below`);
  if (sum.runbook) out.push(`- **Runbook:** ${markdownLink(sum.runbook)}`);
  if (sum.also) out.push(`- **Also:** ${t(sum.also)}`);
  return out;
}

function header(view: ReportView): string[] {
  const r = view.report;
  const x = r.coverage.totals;
  const counts = view.severityCounts.map((c) => `${c.count} ${c.severity}`).join(', ');
  return [
    `## Report`,
    '',
    `- **Inputs:** ${r.inputs.map((i) => markdownCode(i)).join(', ') || 'none'}`,
    `- **Hosts:** ${r.hosts.map(t).join(', ') || 'unknown'}`,
    `- **Time span:** ${t(view.span(r.timeRange.start, r.timeRange.end))}`,
    ...whenFiltered(r.filters, (f) => `- **Filters:** ${t(f)}`),
    `- **Files:** ${x.files}: ${x.files - x.skippedFiles - x.errorFiles} parsed, ${x.skippedFiles} skipped, ${x.errorFiles} failed; ${x.lines} lines, ${unparsedShare(x.unparsed, x.lines)}, ${untimedShare(x.untimed, x.lines)}`,
    `- **Incidents:** ${r.incidents.length}${counts ? ` (${counts})` : ''}`,
    `- **Tool:** logsift ${t(r.tool.version)}`,
  ];
}

function systems(view: ReportView): string[] {
  const list = view.report.systems;
  if (list.length === 0) return [];
  return [
    '## Systems',
    '',
    ...table(
      ['Host', 'Distribution', 'OS', 'Kernel', 'Versions', 'Uptime', 'Memory', 'Zone'],
      list.map((s) => [
        t(s.host),
        t(s.distribution ?? ''),
        t(s.os ?? ''),
        t(s.kernel ?? ''),
        Object.entries(s.versions).map(([p, v]) => `${t(p)} ${markdownCode(v, true)}`).join('<br>'),
        t(s.uptime ?? ''),
        s.memoryBytes === undefined ? '' : formatMemory(s.memoryBytes),
        t(s.timeZone ?? ''),
      ]),
    ),
    '',
    ...folded(`Where these facts were read (${list.reduce((n, s) => n + s.sources.length, 0)} lines)`, list.flatMap((s) => s.sources.map((src) => `- ${markdownCode(src)}`))),
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
    `- **When:** ${when(view, root)}`,
    `- **Incident:** ${markdownCode(root.id)}`,
    ...(root.fingerprint ? [`- **Fingerprint:** ${markdownCode(root.fingerprint)}`] : []),
    ...(root.seenBefore?.length ? [`- **Seen before:** ${t(seenBeforeText(root.seenBefore))}`] : []),
    `- **Why:** ${t(r.rootCause.explanation)}`,
  ];
  if (sig?.explanation) out.push(`- **Mechanism:** ${markdownStep(sig.explanation)}`);
  for (const [k, v] of Object.entries(root.fields)) out.push(`- **${t(k)}:** ${fieldList(root, k, v)}`);
  const versions = r.versionChecks.filter((c) => c.host === root.host);
  if (versions.length > 0) out.push(`- **Versions:** ${versions.map((c) => t(versionVerdict(c))).join('; ')}`);
  out.push('', '### Evidence', '', ...evidence(view, root.evidence, root.host));
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
      return `${n + 1}. ${t(view.time(i.firstSeen, i.host))}${offset} **${i.severity.toUpperCase()}** ${t(i.title)} (${markdownCode(i.id)})${mark}`;
    }),
  ];
}

function incidentTable(view: ReportView): string[] {
  const r = view.report;
  if (r.incidents.length === 0) return [];
  const shown = r.incidents.slice(0, MAX_TABLE_ROWS);
  const more = r.incidents.length - shown.length;
  return [
    '## Incidents',
    '',
    ...table(
      ['Severity', 'Incident', 'Host', 'First seen', 'Last seen', 'Count', 'Runbook'],
      shown.map((i) => {
        const runbook = view.runbook(i);
        return [
          `**${i.severity}**`,
          `${t(i.title)}${i.id === view.rootIncident?.id ? ' (root cause)' : ''}<br>${markdownCode(i.id, true)}`,
          t(i.host ?? 'unknown'),
          t(view.time(i.firstSeen, i.host)),
          t(view.time(i.lastSeen, i.host)),
          String(i.count),
          runbook ? markdownLink(runbook, 'runbook') : '',
        ];
      }),
    ),
    ...(more > 0 ? ['', `${more} more ${more === 1 ? 'incident' : 'incidents'} not listed here (\`--format json\` or \`--format html\` has every one).`] : []),
  ];
}

/** Incident details, folded per severity, while they fit `budget` bytes; the rest are counted. */
function otherIncidents(view: ReportView, budget: number): string[] {
  if (view.others.length === 0) return [];
  const out: string[] = [`## ${view.rootIncident ? 'Other incidents' : 'Incident details'}`];
  let used = bytes(out);
  let left = 0;
  for (const group of view.others) {
    const body: string[] = [];
    for (const i of group.incidents) {
      const block = ['', `#### ${t(i.title)}`, '', `- **Incident:** ${markdownCode(i.id)} on ${t(i.host ?? 'unknown host')}`, `- **When:** ${when(view, i)}`];
      if (i.fingerprint) block.push(`- **Fingerprint:** ${markdownCode(i.fingerprint)}`);
      if (i.causedBy) block.push(`- **Caused by:** ${markdownCode(i.causedBy)}`);
      if (i.seenBefore?.length) block.push(`- **Seen before:** ${t(seenBeforeText(i.seenBefore))}`);
      for (const [k, v] of Object.entries(i.fields)) block.push(`- **${t(k)}:** ${fieldList(i, k, v)}`);
      const runbook = view.runbook(i);
      if (runbook) block.push(`- **Runbook:** ${markdownLink(runbook)}`);
      block.push('', ...evidence(view, i.evidence, i.host));
      trimEnd(block);
      const size = bytes(block);
      if (used + size > budget) {
        left++;
        continue;
      }
      used += size;
      body.push(...block);
    }
    if (body.length > 0) out.push('', ...folded(`${group.severity.toUpperCase()} (${group.incidents.length})`, body));
  }
  if (left > 0) out.push('', `${left} more ${left === 1 ? 'incident is' : 'incidents are'} not detailed here, to keep this report pasteable (\`--format json\` or \`--format html\` has every one).`);
  return out;
}

function belowThreshold(view: ReportView): string[] {
  const list = view.report.observations;
  if (list.length === 0) return [];
  const body: string[] = [t(PHRASES.belowThresholdNote)];
  const shown = list.slice(0, MAX_TABLE_ROWS / 2);
  for (const o of shown) {
    body.push('', `- **info** ${t(o.title)} (${markdownCode(o.signature)} on ${t(o.host ?? 'unknown host')}): ${t(view.span(o.firstSeen, o.lastSeen, o.host))}, ${t(belowThresholdReason(o))}`, '', ...evidence(view, [o.example], o.host, MAX_EXAMPLE_CHARS));
    trimEnd(body);
  }
  if (list.length > shown.length) body.push('', `${list.length - shown.length} more not listed here (\`--format json\` has every one).`);
  return [`## ${PHRASES.belowThresholdHeading} (${list.length})`, '', ...folded(`${list.length} ${list.length === 1 ? 'signature' : 'signatures'} seen below threshold`, body)];
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
  const sourceRows = r.coverage.hosts.flatMap((h) => h.sources.map((s) => [t(h.host), t(s.component), String(s.files), String(s.events), t(view.span(s.start, s.end, h.host))]));
  out.push(...table(['Host', 'Source', 'Files', 'Events', 'Span'], sourceRows.slice(0, MAX_TABLE_ROWS)));
  if (sourceRows.length > MAX_TABLE_ROWS) out.push('', `${sourceRows.length - MAX_TABLE_ROWS} more sources not listed here (\`--format json\` has every one).`);
  out.push('');
  const hostLines = r.coverage.hosts.map((h) => {
    const gaps = h.gaps.length === 0 ? 'no gaps' : `gaps: ${h.gaps.map((g) => view.span(g.start, g.end, h.host)).join('; ')}`;
    return `- **${t(h.host)}:** ${h.lines} lines, ${unparsedShare(h.unparsed, h.lines)}; ${t(gaps)}`;
  });
  out.push(...(hostLines.length > 10 ? folded(`Lines and gaps per host (${hostLines.length})`, hostLines) : hostLines));
  const files = r.files.slice(0, MAX_FILE_ROWS);
  out.push(
    '',
    ...folded(`Files (${r.files.length})`, [
      ...table(
      ['File', 'Host', 'Format', 'Status', 'Lines', 'Unparsed'],
      files.map((f) => [
        markdownCode(f.path, true),
        t(f.host ?? ''),
        t(f.format ?? ''),
        f.reason ? `${f.status}: ${t(f.reason)}` : f.status,
        String(f.lines),
        String(f.unparsed),
      ]),
      ),
      ...(r.files.length > files.length ? ['', `${r.files.length - files.length} more files not listed here (\`--format json\` has every one).`] : []),
    ]),
  );
  if (r.coverage.assumptions.length > 0) {
    const shown = r.coverage.assumptions.slice(0, MAX_TABLE_ROWS);
    const more = r.coverage.assumptions.length - shown.length;
    out.push('', ...folded(`Assumptions (${r.coverage.assumptions.length})`, [...shown.map((a) => `- ${t(a)}`), ...(more > 0 ? [`- … and ${more} more (\`--format json\`)`] : [])]));
  }
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
  if (list.length === 0) return ['## Warnings', '', 'None.'];
  const shown = list.slice(0, MAX_TABLE_ROWS);
  const more = list.length - shown.length;
  const body = [...shown.map(diagnostic), ...(more > 0 ? [`- … and ${more} more (\`--format json\`)`] : [])];
  return ['## Warnings', '', ...(list.length > 5 ? folded(`${list.length} warnings`, body) : body)];
}

/**
 * Markdown that pastes cleanly into GitHub, Jira and Zendesk: headings, an incident table, evidence in
 * fenced blocks (fence longer than any backtick run in the log text), `|` escaped in cells, runbook links.
 */
export function renderMarkdown(report: Report, options: RenderMarkdownOptions = {}): string {
  const view = reportView(report, { displayZone: options.displayZone });
  const join = (sections: readonly (readonly string[])[]) => `${sections.filter((s) => s.length > 0).map((s) => s.join('\n')).join('\n\n')}\n`;
  const first = [summary(view), rootCause(view), chain(view), incidentTable(view)];
  if (options.brief) return join([...first, ['---', '', `Brief report by logsift ${t(report.tool.version)}; \`--format md\` without \`--brief\` adds incident details, systems, coverage and warnings.`]]);
  // Incident details get half of what is left; the other sections follow in order while they fit, and a section
  // that does not is named in one line, so the whole stays under the budget whatever the bundle.
  let left = FULL_BUDGET - bytes(first.flat()) - 2048;
  const details = otherIncidents(view, Math.floor(left * 0.4));
  left -= bytes(details);
  const sections: string[][] = [...first, details];
  const optional: [string, string[]][] = [
    ['Systems', systems(view)],
    ['Coverage', coverage(view)],
    ['Warnings', warnings(view)],
    ['Unrecognised errors', unrecognisedMarkdown(report)],
    [PHRASES.belowThresholdHeading, belowThreshold(view)],
    ['Timeline', timeline(view)],
    ['Report', header(view)],
  ];
  const leftOut: string[] = [];
  for (const [name, lines] of optional) {
    const size = bytes(lines) + 2;
    if (size <= left) {
      sections.push(lines);
      left -= size;
    } else if (lines.length > 0) {
      leftOut.push(name);
    }
  }
  if (leftOut.length > 0) sections.push([`_Left out to keep this report pasteable: ${leftOut.map(t).join(', ')} (\`--format html\` or \`--format json\` has them)._`]);
  return join(sections);
}
