import type { ActivityBucket, ActivityWindow, Report } from '../model/report.js';

/** One column of a host's activity picture. */
export interface ActivityColumn {
  readonly start: number;
  readonly events: number;
  readonly errors: number;
}

/** Buckets of every host over a window: the whole span, or the zoom around the incidents. */
export interface ActivitySeries extends ActivityWindow {
  readonly buckets: readonly ActivityBucket[];
}

/** The report's activity over its whole span, or undefined when nothing had a timestamp. */
export function wholeSpanActivity(report: Report): ActivitySeries | undefined {
  if (report.activity.length === 0 || report.activityWindow === undefined) return undefined;
  return { ...report.activityWindow, buckets: report.activity };
}

/** The finer activity around the incidents, when the report holds a zoom. */
export function incidentActivity(report: Report): ActivitySeries | undefined {
  const zoom = report.incidentActivity;
  return zoom && zoom.buckets.length > 0 ? zoom : undefined;
}

/** "/min", or " per 5 min", " per 2 h": what one bucket's count is counted over. */
export function perBucket(bucketMs: number): string {
  const minutes = Math.max(1, Math.round(bucketMs / 60_000));
  if (minutes === 1) return '/min';
  if (minutes % 60 === 0) return ` per ${minutes / 60} h`;
  return ` per ${minutes} min`;
}

const bucketsBySeries = new WeakMap<ActivitySeries, Map<string, ActivityBucket[]>>();

/** The series' buckets of one host, grouped once per series: a scan per host is quadratic in the hosts. */
function bucketsOf(series: ActivitySeries, host: string): readonly ActivityBucket[] {
  let byHost = bucketsBySeries.get(series);
  if (byHost === undefined) {
    byHost = new Map();
    for (const bucket of series.buckets) {
      const list = byHost.get(bucket.host);
      if (list === undefined) byHost.set(bucket.host, [bucket]);
      else list.push(bucket);
    }
    bucketsBySeries.set(series, byHost);
  }
  return byHost.get(host) ?? [];
}

/**
 * Lays one host's buckets onto `columns` equal slices of the series' window (chart layout only: the buckets were
 * counted by the analysis). A column shows the busiest bucket that overlaps it, so a burst stays visible at any
 * width, and a bucket wider than a column fills every column it overlaps (no false silence between buckets).
 */
export function activityColumns(series: ActivitySeries, host: string, columns: number): ActivityColumn[] {
  const width = Math.max(1, Math.floor(columns));
  const { start, end } = series;
  const span = Math.max(1, end - start);
  const out = Array.from({ length: width }, (_, i) => ({ start: start + (span * i) / width, events: 0, errors: 0 }));
  const column = (t: number): number => Math.min(width - 1, Math.max(0, Math.floor(((t - start) / span) * width)));
  for (const bucket of bucketsOf(series, host)) {
    const bucketEnd = bucket.start + series.bucketMs;
    if (bucketEnd <= start || bucket.start > end) continue;
    const from = column(bucket.start);
    // The bucket's last instant, so a bucket ending exactly on a column edge does not spill into the next one.
    const to = column(bucketEnd - 1);
    for (let i = from; i <= to; i++) {
      const c = out[i]!;
      c.events = Math.max(c.events, bucket.events);
      c.errors = Math.max(c.errors, bucket.errors);
    }
  }
  return out;
}
