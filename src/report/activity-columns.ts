import type { Report } from '../model/report.js';

/** One column of a host's activity picture. */
export interface ActivityColumn {
  readonly start: number;
  readonly events: number;
  readonly errors: number;
}

/**
 * Lays one host's per-minute activity buckets onto `columns` equal slices of the report's time range
 * (chart layout only: the buckets were counted by the analysis); `window` zooms in (default: the whole report). A slice holding several buckets shows
 * the busiest, so a burst stays visible at any width.
 */
export function activityColumns(
  report: Report,
  host: string,
  columns: number,
  window: { readonly start?: number; readonly end?: number } = report.timeRange,
): ActivityColumn[] {
  const width = Math.max(1, Math.floor(columns));
  const { start, end } = window;
  if (start === undefined || end === undefined) return [];
  const span = Math.max(1, end - start);
  const out = Array.from({ length: width }, (_, i) => ({ start: start + (span * i) / width, events: 0, errors: 0 }));
  for (const bucket of report.activity) {
    if (bucket.host !== host || bucket.start < start - 60_000 || bucket.start > end) continue;
    const index = Math.min(width - 1, Math.max(0, Math.floor(((bucket.start - start) / span) * width)));
    const column = out[index];
    column.events = Math.max(column.events, bucket.events);
    column.errors = Math.max(column.errors, bucket.errors);
  }
  return out;
}
