import type { Report } from '../model/report.js';

/** One column of a host's activity picture. */
export interface ActivityColumn {
  readonly start: number;
  readonly events: number;
  readonly errors: number;
}

type ActivityBucket = Report['activity'][number];
const bucketsByHost = new WeakMap<Report, Map<string, ActivityBucket[]>>();

/** The report's buckets of one host, grouped once per report: a scan per host is quadratic in the hosts. */
function bucketsOf(report: Report, host: string): readonly ActivityBucket[] {
  let byHost = bucketsByHost.get(report);
  if (byHost === undefined) {
    byHost = new Map();
    for (const bucket of report.activity) {
      const list = byHost.get(bucket.host);
      if (list === undefined) byHost.set(bucket.host, [bucket]);
      else list.push(bucket);
    }
    bucketsByHost.set(report, byHost);
  }
  return byHost.get(host) ?? [];
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
  for (const bucket of bucketsOf(report, host)) {
    if (bucket.start < start - 60_000 || bucket.start > end) continue;
    const index = Math.min(width - 1, Math.max(0, Math.floor(((bucket.start - start) / span) * width)));
    const column = out[index];
    column.events = Math.max(column.events, bucket.events);
    column.errors = Math.max(column.errors, bucket.errors);
  }
  return out;
}
