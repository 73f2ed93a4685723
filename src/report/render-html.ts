import type { Diagnostic } from '../model/diagnostic.js';
import type { Evidence, Incident } from '../model/incident.js';
import type { Report } from '../model/report.js';
import { formatDuration, formatSpan, formatTime } from './format-time.js';
import { whenFiltered } from './describe-filters.js';
import { escapeHtml as h, safeUrl } from './html/escape-html.js';
import { SEVERITY_COLORS } from './html/severity-colors.js';
import { TIMELINE_MIN_WIDTH, incidentAnchor, timelineSvg } from './html/timeline-svg.js';
import { incidentActivity, perBucket, wholeSpanActivity } from './activity-columns.js';
import { PHRASES, belowThresholdReason, seenBeforeText, unparsedShare, untimedShare } from './report-phrases.js';
import { reportView, type ReportView } from './report-view.js';
import { unrecognisedHtml } from './render-unrecognised.js';
import { formatMemory, repeatNote, reportSummary, versionVerdict } from './report-summary.js';

export interface RenderHtmlOptions {
  /** `--tz-display`: `local` (default: each host's own zone where known), `utc`, or a zone name. */
  readonly displayZone?: string;
}

// Everything inline: the file is attached to tickets and opened offline, and the CSP forbids any fetch.
const CSS = `
:root { color-scheme: light; --fg: #0f172a; --muted: #475569; --line: #e2e8f0; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 48px; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: #fff; max-width: 1200px; }
h1 { font-size: 24px; margin: 0 0 8px; } h2 { font-size: 19px; margin: 32px 0 10px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 20px 0 8px; } h4 { font-size: 15px; margin: 0 0 4px; }
dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; }
dl.summary dt { font-weight: 600; color: var(--muted); } dl.summary dd { margin: 0; }
.muted { color: var(--muted); }
.badge { display: inline-block; padding: 0 7px; border-radius: 4px; color: #fff; font-size: 12px; font-weight: 700; text-transform: uppercase; letter-spacing: .03em; }
${Object.entries(SEVERITY_COLORS).map(([k, v]) => `.sev-${k} { background: ${v}; } .incident.sev-${k}-border { border-left-color: ${v}; }`).join('\n')}
.root-cause { border: 2px solid #b91c1c; background: #fef2f2; border-radius: 8px; padding: 12px 18px; margin-top: 24px; }
.root-cause.none { border-color: #94a3b8; background: #f8fafc; }
.root-cause h2 { border: 0; margin: 0 0 6px; font-size: 20px; }
.root-cause dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 8px 0; } .root-cause dt { font-weight: 600; } .root-cause dd { margin: 0; }
pre.evidence { background: #0f172a; color: #e2e8f0; padding: 8px 10px; border-radius: 6px; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; font: 12px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; margin: 2px 0 10px; }
.evidence-ref { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: var(--muted); }
code { font: 12.5px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f1f5f9; padding: 0 3px; border-radius: 3px; word-break: break-all; }
ol.chain { padding-left: 22px; } ol.chain li { margin: 4px 0; } ol.chain li.root { font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; } th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; } th { background: #f8fafc; font-size: 13px; } td.time { white-space: nowrap; font-size: 12.5px; }
.incident { border-left: 5px solid #64748b; padding: 6px 14px; margin: 12px 0; background: #fafafa; border-radius: 4px; }
/* The picture never shrinks below its minimum width (its 12-unit text stays >= 11 px); a narrow window scrolls it. */
.timeline-scroll { overflow-x: auto; }
svg.timeline { display: block; min-width: ${TIMELINE_MIN_WIDTH}px; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
.root-cause p.why { margin: 4px 0 8px; }
.legend span { margin-right: 14px; font-size: 12px; } .legend i { display: inline-block; width: 12px; height: 10px; margin-right: 4px; vertical-align: middle; border-radius: 2px; }
a { color: #1d4ed8; }
.seen-before { font-weight: 600; color: #7c2d12; }
.summary-block { border: 2px solid #b91c1c; background: #fef2f2; border-radius: 8px; padding: 10px 18px; margin: 0 0 16px; }
.summary-block.none { border-color: #94a3b8; background: #f8fafc; }
.summary-block h1 { font-size: 21px; margin: 0 0 6px; }
.summary-block dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 6px 0 0; } .summary-block dt { font-weight: 600; } .summary-block dd { margin: 0; }
.verdict-affected { color: #b91c1c; font-weight: 600; }
`;

function link(url: string | undefined, label?: string): string {
  if (!url) return '';
  const safe = safeUrl(url);
  return safe ? `<a href="${h(safe)}" rel="noreferrer noopener">${h(label ?? safe)}</a>` : h(url);
}

/** Remediation is authored with `commands` in backticks; after escaping, those become <code>. */
function inlineCode(escaped: string): string {
  return escaped.replace(/`([^`]+)`/g, '<code>$1</code>');
}

function badge(severity: string): string {
  return `<span class="badge sev-${h(severity)}">${h(severity)}</span>`;
}

function when(view: ReportView, incident: Incident): string {
  return `${h(view.span(incident.firstSeen, incident.lastSeen, incident.host))}, seen ${incident.count} ${incident.count === 1 ? 'time' : 'times'}`;
}

function evidence(view: ReportView, list: readonly Evidence[], host: string | undefined): string {
  return list
    .map((e) => `<div class="evidence-ref">${h(e.file)}:${e.line} · ${h(e.repeated ? repeatNote(view, e, host) : view.time(e.timestamp, host))}</div>\n<pre class="evidence">${h(e.text)}</pre>`)
    .join('\n');
}

function fields(incident: Incident): string {
  return Object.entries(incident.fields)
    .map(([k, v]) => {
      const more = incident.fieldsOmitted?.[k];
      return `<dt>${h(k)}</dt><dd>${v.map((x) => `<code>${h(x)}</code>`).join(', ')}${more ? ` <span class="muted">+${more} more</span>` : ''}</dd>`;
    })
    .join('');
}

/** The answer before anything else: what, where, when, versions, first fix steps, runbook. */
function summary(view: ReportView): string {
  const sum = reportSummary(view);
  const rows: string[] = [];
  if (sum.detail) rows.push(`<dt>Root cause</dt><dd>${h(sum.detail)}</dd>`);
  if (sum.where) rows.push(`<dt>Where</dt><dd>${h(sum.where)}</dd>`);
  if (sum.when) rows.push(`<dt>When</dt><dd>${h(sum.when)}</dd>`);
  if (sum.versions.length > 0) rows.push(`<dt>Versions</dt><dd>${sum.versions.map((v) => `<div${/: affected/.test(v) ? ' class="verdict-affected"' : ''}>${h(v)}</div>`).join('')}</dd>`);
  if (sum.fix.length > 0) {
    const more = sum.moreFix > 0 ? ` <span class="muted">(${sum.moreFix} more under Root cause)</span>` : '';
    rows.push(`<dt>Fix</dt><dd><ol class="fix">${sum.fix.map((s) => `<li>${inlineCode(h(s))}</li>`).join('')}</ol>${more}</dd>`);
  }
  if (sum.runbook) rows.push(`<dt>Runbook</dt><dd>${link(sum.runbook)}</dd>`);
  if (sum.also) rows.push(`<dt>Also</dt><dd>${h(sum.also)}</dd>`);
  return `<section id="summary" class="summary-block${sum.severity ? '' : ' none'}">
<h1>${sum.severity ? `${badge(sum.severity.toLowerCase())} ` : ''}${h(sum.what)}</h1>
<dl>${rows.join('\n')}</dl>
</section>`;
}

function systems(view: ReportView): string {
  const list = view.report.systems;
  if (list.length === 0) return '';
  const rows = list
    .map((s) => `<tr><td>${h(s.host)}</td><td>${h(s.distribution ?? '')}</td><td>${h(s.os ?? '')}</td><td>${h(s.kernel ?? '')}</td><td>${Object.entries(s.versions).map(([p, v]) => `${h(p)} <code>${h(v)}</code>`).join('<br>')}</td><td>${h(s.uptime ?? '')}</td><td>${s.memoryBytes === undefined ? '' : h(formatMemory(s.memoryBytes))}</td><td>${h(s.timeZone ?? '')}</td></tr>`)
    .join('\n');
  const sources = list.flatMap((s) => s.sources).map((src) => `<li><code>${h(src)}</code></li>`).join('');
  return `<section id="systems">
<h2>Systems</h2>
<table><thead><tr><th>Host</th><th>Distribution</th><th>OS</th><th>Kernel</th><th>Versions</th><th>Uptime</th><th>Memory</th><th>Zone</th></tr></thead><tbody>
${rows}
</tbody></table>
<details><summary class="muted">Where these facts were read</summary><ul>${sources}</ul></details>
</section>`;
}

function header(view: ReportView): string {
  const r = view.report;
  const x = r.coverage.totals;
  const counts = view.severityCounts.map((c) => `${c.count} ${h(c.severity)}`).join(', ');
  return `<header>
<h1>logsift report</h1>
<dl class="summary">
<dt>Inputs</dt><dd>${r.inputs.map((i) => `<code>${h(i)}</code>`).join(', ') || 'none'}</dd>
<dt>Hosts</dt><dd>${r.hosts.map(h).join(', ') || 'unknown'}</dd>
<dt>Time span</dt><dd>${h(view.span(r.timeRange.start, r.timeRange.end))}</dd>
${whenFiltered(r.filters, (f) => `<dt>Filters</dt><dd>${h(f)}</dd>\n`).join('')}<dt>Files</dt><dd>${x.files}: ${x.files - x.skippedFiles - x.errorFiles} parsed, ${x.skippedFiles} skipped, ${x.errorFiles} failed; ${x.lines} lines, ${unparsedShare(x.unparsed, x.lines)}, ${untimedShare(x.untimed, x.lines)}</dd>
<dt>Incidents</dt><dd>${r.incidents.length}${counts ? ` (${counts})` : ''}</dd>
<dt>Tool</dt><dd>logsift ${h(r.tool.version)}</dd>
</dl>
</header>`;
}

function timeline(view: ReportView): string {
  const whole = wholeSpanActivity(view.report);
  const zoom = incidentActivity(view.report);
  const zoomed = zoom
    ? `<h3>Around the incidents: ${h(formatSpan(zoom.start, zoom.end))}</h3>\n${timelineSvg(view.report, zoom)}`
    : '';
  const legend = Object.entries(SEVERITY_COLORS)
    .map(([k, v]) => `<span><i style="background:${v}"></i>${h(k)}</span>`)
    .join('');
  return `<section id="timeline">
<h2>Timeline</h2>
${whole ? `<p class="muted">The whole span, ${h(formatSpan(whole.start, whole.end))}; events counted per ${h(perBucket(whole.bucketMs).replace(/^\/| per /, ''))}.</p>\n` : ''}${timelineSvg(view.report, whole, whole ?? view.report.timeRange)}
${zoomed}
<p class="legend">${legend}<span><i style="background:#fff;border:2px solid #0f172a"></i>root cause</span><span><i style="background:#15803d"></i>boot</span><span><i style="background:#7f1d1d"></i>unclean shutdown</span><span><i style="background:#94a3b8"></i>events</span><span><i style="background:#dc2626"></i>errors</span><span><i style="background:#cbd5e1"></i>no logs where a source normally logs (gap)</span></p>
</section>`;
}

function rootCause(view: ReportView): string {
  const r = view.report;
  const root = view.rootIncident;
  if (r.incidents.length === 0) {
    return `<section id="root-cause" class="root-cause none"><h2>${h(PHRASES.noIncidents)}</h2><p>${h(view.lookedAt)}</p></section>`;
  }
  if (!r.rootCause || !root) {
    return `<section id="root-cause" class="root-cause none"><h2>${h(PHRASES.rootCauseHeading)}</h2><p>${h(PHRASES.noRootCause)}</p></section>`;
  }
  const sig = view.signature(root.signature);
  const runbook = view.runbook(root);
  return `<section id="root-cause" class="root-cause">
<span id="${incidentAnchor(r, root)}"></span>
<div class="muted">${h(PHRASES.rootCauseHeading)} · confidence ${Math.round(r.rootCause.confidence * 100)}%</div>
<h2>${badge(root.severity)} ${h(root.title)}</h2>
<p class="why">${h(r.rootCause.explanation)}</p>
${sig && sig.remediation.length > 0 ? `<h3>Fix</h3>\n<ol class="fix">${sig.remediation.map((s) => `<li>${inlineCode(h(s))}</li>`).join('')}</ol>` : ''}
<dl>
<dt>Signature</dt><dd><code>${h(root.signature)}</code></dd>
<dt>Incident</dt><dd><a href="#${incidentAnchor(r, root)}"><code>${h(root.id)}</code></a></dd>
${root.fingerprint ? `<dt>Fingerprint</dt><dd><code class="fingerprint">${h(root.fingerprint)}</code></dd>` : ''}
<dt>Host</dt><dd>${h(root.host ?? 'unknown')}</dd>
<dt>When</dt><dd>${when(view, root)}</dd>
${root.seenBefore?.length ? `<dt>Seen before</dt><dd class="seen-before">${h(seenBeforeText(root.seenBefore))}</dd>` : ''}
${r.versionChecks.filter((c) => c.host === root.host).length > 0 ? `<dt>Versions</dt><dd>${r.versionChecks.filter((c) => c.host === root.host).map((c) => h(versionVerdict(c))).join('<br>')}</dd>` : ''}
${sig?.explanation ? `<dt>Mechanism</dt><dd>${h(sig.explanation)}</dd>` : ''}
${fields(root)}
${runbook ? `<dt>Runbook</dt><dd>${link(runbook)}</dd>` : ''}
</dl>
<h3>Evidence</h3>
${evidence(view, root.evidence, root.host)}
${sig && sig.references.length > 0 ? `<p class="muted">References: ${sig.references.map((u) => link(u)).join(', ')}</p>` : ''}
</section>`;
}

function chain(view: ReportView): string {
  if (view.chain.length < 2) return '';
  const first = view.chain[0]?.firstSeen;
  const items = view.chain.map((i, n) => {
    const offset = first !== undefined && i.firstSeen !== undefined && n > 0 ? ` (+${formatDuration(i.firstSeen - first)})` : '';
    const root = i.id === view.rootIncident?.id;
    return `<li${root ? ' class="root"' : ''}>${h(view.time(i.firstSeen, i.host))}${offset} ${badge(i.severity)} <a href="#${incidentAnchor(view.report, i)}">${h(i.title)}</a> <code>${h(i.id)}</code>${root ? ' ← root cause' : ''}</li>`;
  });
  return `<section id="chain"><h2>${h(PHRASES.chainHeading)}</h2><ol class="chain">${items.join('\n')}</ol></section>`;
}

function incidentArticle(view: ReportView, i: Incident): string {
  const runbook = view.runbook(i);
  return `<article class="incident sev-${h(i.severity)}-border" id="${incidentAnchor(view.report, i)}">
<h4>${badge(i.severity)} ${h(i.title)}</h4>
<div class="muted"><code>${h(i.id)}</code> on ${h(i.host ?? 'unknown host')}: ${when(view, i)}${i.causedBy ? ` · caused by <code>${h(i.causedBy)}</code>` : ''}${i.fingerprint ? ` · fingerprint <code class="fingerprint">${h(i.fingerprint)}</code>` : ''}</div>
${i.seenBefore?.length ? `<div class="seen-before">Seen before: ${h(seenBeforeText(i.seenBefore))}</div>` : ''}
${Object.keys(i.fields).length > 0 ? `<dl class="summary">${fields(i)}</dl>` : ''}
${runbook ? `<div>Runbook: ${link(runbook)}</div>` : ''}
${evidence(view, i.evidence, i.host)}
</article>`;
}

function incidents(view: ReportView): string {
  const r = view.report;
  if (r.incidents.length === 0) return '';
  const rows = r.incidents
    .map((i) => `<tr><td>${badge(i.severity)}</td><td><a href="#${incidentAnchor(r, i)}">${h(i.title)}</a>${i.id === view.rootIncident?.id ? ' <strong>(root cause)</strong>' : ''}</td><td class="time">${h(i.host ?? 'unknown')}</td><td class="time">${h(view.time(i.firstSeen, i.host))}</td><td class="time">${h(view.time(i.lastSeen, i.host))}</td><td>${i.count}</td></tr>`)
    .join('\n');
  const groups = view.others
    .map((g) => `<h3>${h(g.severity)} (${g.incidents.length})</h3>\n${g.incidents.map((i) => incidentArticle(view, i)).join('\n')}`)
    .join('\n');
  // The root cause incident is shown (with its evidence) in the root cause section: its anchor is there, not here again.
  const rootArticle = '';
  return `<section id="incidents">
<h2>Incidents</h2>
<table><thead><tr><th>Severity</th><th>Incident</th><th>Host</th><th>First seen</th><th>Last seen</th><th>Count</th></tr></thead><tbody>
${rows}
</tbody></table>
${rootArticle}
${groups}
</section>`;
}

/** Empty, or the section with its own trailing newline, so a report without observations is unchanged. */
function belowThreshold(view: ReportView): string {
  const list = view.report.observations;
  if (list.length === 0) return '';
  const items = list
    .map((o) => `<article class="incident sev-info-border">
<h4>${badge('info')} ${h(o.title)}</h4>
<div class="muted"><code>${h(o.signature)}</code> on ${h(o.host ?? 'unknown host')}: ${h(view.span(o.firstSeen, o.lastSeen, o.host))}, ${h(belowThresholdReason(o))}</div>
${evidence(view, [o.example], o.host)}
</article>`)
    .join('\n');
  return `<section id="below-threshold">
<h2>${h(PHRASES.belowThresholdHeading)} (${list.length})</h2>
<p class="muted">${h(PHRASES.belowThresholdNote)}</p>
${items}
</section>
`;
}

function coverage(view: ReportView): string {
  const r = view.report;
  const sources = r.coverage.hosts
    .flatMap((host) =>
      host.sources.map((s) => `<tr><td>${h(host.host)}</td><td>${h(s.component)}</td><td>${s.files}</td><td>${s.events}</td><td>${h(formatSpan(s.start, s.end))}</td></tr>`),
    )
    .join('\n');
  const hosts = r.coverage.hosts
    .map((host) => {
      const gaps = host.gaps.length === 0 ? 'no gaps' : `gaps: ${host.gaps.map((g) => h(formatSpan(g.start, g.end))).join('; ')}`;
      return `<li><strong>${h(host.host)}</strong>: ${host.lines} lines, ${unparsedShare(host.unparsed, host.lines)}; ${gaps}</li>`;
    })
    .join('\n');
  const files = r.files
    .map((f) => `<tr><td><code>${h(f.path)}</code></td><td>${h(f.host ?? '')}</td><td>${h(f.format ?? '')}</td><td>${h(f.status)}${f.reason ? `: ${h(f.reason)}` : ''}</td><td>${f.lines}</td><td>${f.unparsed}</td></tr>`)
    .join('\n');
  const assumptions = r.coverage.assumptions.length > 0 ? `<h3>Assumptions</h3><ul>${r.coverage.assumptions.map((a) => `<li>${h(a)}</li>`).join('')}</ul>` : '';
  return `<section id="coverage">
<h2>Coverage</h2>
<table><thead><tr><th>Host</th><th>Source</th><th>Files</th><th>Events</th><th>Span</th></tr></thead><tbody>
${sources}
</tbody></table>
<ul>${hosts}</ul>
<h3>Files</h3>
<table><thead><tr><th>File</th><th>Host</th><th>Format</th><th>Status</th><th>Lines</th><th>Unparsed</th></tr></thead><tbody>
${files}
</tbody></table>
${assumptions}
</section>`;
}

function diagnostic(d: Diagnostic): string {
  const where = d.where ? ` <code>${h(d.where.file)}${d.where.line !== undefined ? `:${d.where.line}` : ''}</code>` : '';
  return `<li><strong>${h(d.severity)}</strong> <code>${h(d.code)}</code>: ${h(d.title)}${where}${d.reason ? ` — ${h(d.reason)}` : ''}${d.help ? ` <span class="muted">help: ${h(d.help)}</span>` : ''}</li>`;
}

function warnings(view: ReportView): string {
  const list = view.report.warnings;
  return `<section id="warnings"><h2>Warnings</h2>${list.length === 0 ? '<p>None.</p>' : `<ul>${list.map(diagnostic).join('\n')}</ul>`}</section>`;
}

/**
 * One self-contained HTML page: inline CSS and SVG, no scripts, no fonts, no network (a CSP forbids it).
 * Every string from a log is sanitised and entity-escaped; only http(s) URLs become links.
 */
export function renderHtml(report: Report, options: RenderHtmlOptions = {}): string {
  const view = reportView(report, { displayZone: options.displayZone });
  const title = view.rootIncident ? `logsift: ${view.rootIncident.title}` : report.incidents.length === 0 ? `logsift: ${PHRASES.noIncidents}` : 'logsift report';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="logsift ${h(report.tool.version)}">
<title>${h(title)}</title>
<style>${CSS}</style>
</head>
<body>
${summary(view)}
${header(view)}
${rootCause(view)}
${chain(view)}
${incidents(view)}${unrecognisedHtml(report)}
${belowThreshold(view)}${timeline(view)}${systems(view)}
${coverage(view)}
${warnings(view)}
</body>
</html>
`;
}
