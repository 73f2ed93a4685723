import type { Report } from '../model/report.js';

const MINUTE = 60_000;

/**
 * The stretch of time around the incidents worth a zoomed picture, or undefined when the incidents
 * already fill a quarter of the report's span (zooming would show nothing new). Padded by at least ten
 * minutes because activity is counted per minute.
 */
export function incidentWindow(report: Report): { start: number; end: number } | undefined {
  const { start, end } = report.timeRange;
  if (start === undefined || end === undefined) return undefined;
  let first = Infinity;
  let last = -Infinity;
  for (const i of report.incidents) {
    if (i.firstSeen !== undefined) first = Math.min(first, i.firstSeen);
    const to = i.lastSeen ?? i.firstSeen;
    if (to !== undefined) last = Math.max(last, to);
  }
  if (!Number.isFinite(first) || !Number.isFinite(last)) return undefined;
  const pad = Math.max(10 * MINUTE, (last - first) * 0.25);
  const window = { start: Math.max(start, first - pad), end: Math.min(end, last + pad) };
  return window.end - window.start < (end - start) / 4 ? window : undefined;
}
