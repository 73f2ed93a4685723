import type { Report } from '../model/report.js';
import { activityColumns, perBucket, type ActivitySeries } from './activity-columns.js';
import { formatTime } from './format-time.js';
import { sanitizeText } from './sanitize-text.js';
import { sparkline } from './sparkline.js';

/**
 * Plain-text activity lanes, one per host, over a series' window: `host |▁▃█ | peak N/min`, then a line with the
 * window's first and last time under the lanes. `columns` is the sparkline width.
 */
export function activityLanes(report: Report, series: ActivitySeries, columns: number): string[] {
  let label = 4;
  for (const h of report.hosts) label = Math.max(label, sanitizeText(h).length);
  const unit = perBucket(series.bucketMs);
  const out = report.hosts.map((host) => {
    const cells = activityColumns(series, host, columns);
    const peak = Math.max(0, ...cells.map((c) => c.events));
    return `${sanitizeText(host).padEnd(label)} |${sparkline(cells.map((c) => c.events), peak)}| ${peak > 0 ? `peak ${peak}${unit}` : 'no events'}`;
  });
  const start = formatTime(series.start);
  const end = formatTime(series.end);
  const fits = start.length + end.length + 1 <= columns;
  out.push(`${' '.repeat(label)}  ${fits ? `${start}${end.padStart(columns - start.length)}` : `${start} → ${end}`}`);
  return out;
}
