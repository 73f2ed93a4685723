import type { Incident } from '../../model/incident.js';
import type { Report } from '../../model/report.js';
import { activityColumns, perBucket, type ActivitySeries } from '../activity-columns.js';
import { formatTime } from '../format-time.js';
import { timeTicks } from '../time-axis.js';
import { escapeHtml } from './escape-html.js';
import { SEVERITY_COLORS } from './severity-colors.js';

/**
 * Natural width in CSS px. The page shows the picture at no less than MIN_WIDTH (a narrower window scrolls the
 * picture sideways), so 12-unit text never renders below 11 px.
 */
const WIDTH = 1100;
export const TIMELINE_MIN_WIDTH = 1000;
const LABEL = 170;
const RIGHT = 20;
const PLOT = WIDTH - LABEL - RIGHT;
/** Room above the lanes for two label rows: dates, then times of day. */
const AXIS = 44;
const ROW = 20;
const ACTIVITY = 34;
const LANE_PAD = 10;
const FONT = 12;
/** Approximate advance of a 12-unit sans-serif character, to keep a label inside the picture. */
const CHAR = 6.6;
const UNKNOWN_HOST = '(no host)';

/** Where an incident is anchored in the page, so a bar can link to its details. */
export function incidentAnchor(report: Report, incident: Incident): string {
  return `incident-${report.incidents.indexOf(incident) + 1}`;
}

function shorten(text: string, chars: number): string {
  if (text.length <= chars) return text;
  return `${text.slice(0, Math.max(1, chars - 1)).trimEnd()}…`;
}

/**
 * The report as an inline SVG: x is time across `series` (the whole span, or the zoom around the incidents), one
 * lane per host. Each lane holds its incidents as labelled bars from first to last seen (coloured by severity, the
 * root cause outlined), boot and unclean-shutdown markers, log gaps as hatched bands (only silences coverage judged
 * to be gaps: a source that normally logs went quiet) and an activity bar chart. Ticks fall on round UTC times
 * (see time-axis.ts) with the date wherever a new day starts.
 */
export function timelineSvg(report: Report, series: ActivitySeries | undefined, window: { readonly start?: number; readonly end?: number } = series ?? report.timeRange): string {
  const { start, end } = window;
  if (start === undefined || end === undefined) {
    return '<p class="muted">No timestamps were found, so there is no timeline.</p>';
  }
  const span = Math.max(1, end - start);
  const x = (ms: number): number => LABEL + ((Math.min(end, Math.max(start, ms)) - start) / span) * PLOT;
  const lanes = [...report.hosts];
  if (report.incidents.some((i) => i.host === undefined) || report.context.some((c) => c.host === undefined)) lanes.push(UNKNOWN_HOST);
  const rootId = report.rootCause?.incident;
  // Two timelines can share a page; pattern ids must stay unique within it.
  const hatchId = `${start}-${end}`;

  const parts: string[] = [];
  let y = AXIS;
  for (const [laneIndex, host] of lanes.entries()) {
    const incidents = report.incidents.filter(
      (i) => (i.host ?? UNKNOWN_HOST) === host && i.firstSeen !== undefined && (i.lastSeen ?? i.firstSeen) >= start && i.firstSeen <= end,
    );
    const height = LANE_PAD * 2 + Math.max(1, incidents.length) * ROW + ACTIVITY;
    parts.push(`<g class="lane" data-host="${escapeHtml(host)}">`);
    parts.push(`<rect class="lane-bg" x="0" y="${y}" width="${WIDTH}" height="${height}" fill="${laneIndex % 2 === 0 ? '#f8fafc' : '#eef2f7'}"/>`);
    parts.push(`<text class="lane-label" x="8" y="${y + 18}" font-size="13" font-weight="600" fill="#0f172a">${escapeHtml(shorten(host, 22))}</text>`);
    const coverage = report.coverage.hosts.find((h) => h.host === host);
    for (const gap of coverage?.gaps ?? []) {
      if (gap.end < start || gap.start > end) continue;
      const gx = x(gap.start);
      const gw = Math.max(1, x(gap.end) - gx);
      parts.push(
        `<rect class="gap" x="${gx.toFixed(1)}" y="${y}" width="${gw.toFixed(1)}" height="${height}" fill="url(#gap-hatch-${hatchId})"><title>No log lines ${escapeHtml(formatTime(gap.start))} → ${escapeHtml(formatTime(gap.end))}</title></rect>`,
      );
      if (gw > 56) parts.push(`<text class="gap-label" x="${(gx + gw / 2).toFixed(1)}" y="${y + height / 2 + 4}" font-size="${FONT}" text-anchor="middle" fill="#475569">no logs</text>`);
    }
    incidents.forEach((incident, row) => {
      const x1 = x(incident.firstSeen ?? start);
      const x2 = Math.max(x1 + 5, x(incident.lastSeen ?? incident.firstSeen ?? start));
      const by = y + LANE_PAD + row * ROW;
      const root = incident.id === rootId;
      const tip = `${incident.severity.toUpperCase()}: ${incident.title} (${incident.count}×) ${formatTime(incident.firstSeen)} → ${formatTime(incident.lastSeen)}${root ? ' — root cause' : ''}`;
      parts.push(
        `<a href="#${incidentAnchor(report, incident)}"><rect class="incident-bar${root ? ' root-cause' : ''}" data-incident="${escapeHtml(incident.id)}" data-severity="${incident.severity}" x="${x1.toFixed(1)}" y="${by}" width="${(x2 - x1).toFixed(1)}" height="${ROW - 5}" rx="2" fill="${SEVERITY_COLORS[incident.severity] ?? '#64748b'}"${root ? ' stroke="#0f172a" stroke-width="2.5"' : ''}><title>${escapeHtml(tip)}</title></rect></a>`,
      );
      // A visible label (print shows no tooltips): right of the bar where it fits, else left of it, else inside.
      const room = { after: WIDTH - RIGHT - (x2 + 5), before: x1 - 5 - LABEL };
      const after = room.after >= room.before;
      const chars = Math.max(8, Math.floor(Math.max(room.after, room.before, x2 - x1 - 8) / CHAR));
      const text = shorten(`${root ? 'root cause: ' : ''}${incident.title}`, chars);
      const inside = Math.max(room.after, room.before) < 8 * CHAR;
      const lx = inside ? x1 + 4 : after ? x2 + 5 : x1 - 5;
      parts.push(
        `<text class="incident-label" x="${lx.toFixed(1)}" y="${by + ROW - 9}" font-size="${FONT}"${root ? ' font-weight="700"' : ''} text-anchor="${inside || after ? 'start' : 'end'}" fill="${inside ? '#fff' : '#0f172a'}">${escapeHtml(text)}</text>`,
      );
    });
    const chartTop = y + height - ACTIVITY - 2;
    if (host !== UNKNOWN_HOST && series !== undefined) {
      const columns = activityColumns(series, host, Math.floor(PLOT / 4));
      const peak = Math.max(0, ...columns.map((c) => c.events));
      const unit = perBucket(series.bucketMs);
      const barWidth = PLOT / Math.max(1, columns.length);
      columns.forEach((c, i) => {
        if (c.events <= 0 || peak <= 0) return;
        const h = Math.max(3, (c.events / peak) * (ACTIVITY - 4));
        const eh = c.errors > 0 ? Math.max(1.5, (c.errors / peak) * (ACTIVITY - 4)) : 0;
        const bx = LABEL + i * barWidth;
        parts.push(`<rect class="activity-bar" x="${bx.toFixed(1)}" y="${(chartTop + ACTIVITY - h).toFixed(1)}" width="${Math.max(1, barWidth - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="#94a3b8"><title>${c.events} events${escapeHtml(unit)}, ${c.errors} errors (from ${escapeHtml(formatTime(c.start))})</title></rect>`);
        if (eh > 0) parts.push(`<rect class="activity-errors" x="${bx.toFixed(1)}" y="${(chartTop + ACTIVITY - eh).toFixed(1)}" width="${Math.max(1, barWidth - 1).toFixed(1)}" height="${eh.toFixed(1)}" fill="#dc2626"/>`);
      });
      parts.push(`<text class="activity-label" x="8" y="${chartTop + ACTIVITY - 4}" font-size="${FONT}" fill="#475569">${peak > 0 ? `events (peak ${peak}${escapeHtml(unit)})` : 'no events in this window'}</text>`);
    }
    for (const event of report.context) {
      if ((event.host ?? UNKNOWN_HOST) !== host || event.timestamp === undefined) continue;
      if (event.timestamp < start || event.timestamp > end) continue;
      if (event.kind !== 'boot' && event.kind !== 'unclean-shutdown') continue;
      const mx = x(event.timestamp).toFixed(1);
      const unclean = event.kind === 'unclean-shutdown';
      const color = unclean ? '#7f1d1d' : '#15803d';
      const label = unclean ? 'unclean shutdown' : 'boot';
      parts.push(
        `<g class="marker marker-${event.kind}"><line x1="${mx}" y1="${y}" x2="${mx}" y2="${y + height}" stroke="${color}" stroke-width="${unclean ? 2 : 1.5}" stroke-dasharray="${unclean ? '0' : '4 3'}"/>` +
          `<path d="M${mx} ${y} l-5 -7 h10 z" fill="${color}"/><title>${label} at ${escapeHtml(formatTime(event.timestamp))}: ${escapeHtml(event.text)} (${escapeHtml(event.file)}:${event.line})</title></g>`,
      );
    }
    parts.push('</g>');
    y += height;
  }

  const ticks: string[] = [];
  for (const tick of timeTicks(start, end)) {
    const tx = x(tick.at);
    // Labels near an edge are anchored inward so they stay inside the picture.
    const anchor = tx - LABEL < 30 ? 'start' : WIDTH - RIGHT - tx < 30 ? 'end' : 'middle';
    ticks.push(`<line class="tick" data-at="${escapeHtml(formatTime(tick.at))}" x1="${tx.toFixed(1)}" y1="${AXIS - 6}" x2="${tx.toFixed(1)}" y2="${y}" stroke="#cbd5e1" stroke-width="0.75"/>`);
    ticks.push(`<text class="tick-label" x="${tx.toFixed(1)}" y="${AXIS - 10}" font-size="${FONT}" text-anchor="${anchor}" fill="#334155">${escapeHtml(tick.time)}</text>`);
    if (tick.date !== undefined) ticks.push(`<text class="tick-date" x="${tx.toFixed(1)}" y="${AXIS - 26}" font-size="${FONT}" font-weight="600" text-anchor="${anchor}" fill="#0f172a">${escapeHtml(tick.date)}</text>`);
  }
  const height = y + 8;
  return [
    `<div class="timeline-scroll"><svg class="timeline" data-start="${escapeHtml(formatTime(start))}" data-end="${escapeHtml(formatTime(end))}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="group" aria-label="Timeline of incidents per host">`,
    `<defs><pattern id="gap-hatch-${hatchId}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#f1f5f9"/><line x1="0" y1="0" x2="0" y2="6" stroke="#cbd5e1" stroke-width="3"/></pattern></defs>`,
    ...parts,
    ...ticks,
    '</svg></div>',
  ].join('\n');
}
