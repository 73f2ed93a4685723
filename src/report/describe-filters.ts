import type { ReportFilters } from '../model/report.js';
import { formatTime } from './format-time.js';

/** The header's "filters" line: what the command line left out, so nobody reads a filtered report as the whole. */
export function describeFilters(filters: ReportFilters | undefined): string | undefined {
  if (!filters) return undefined;
  const parts = [
    ...(filters.since !== undefined ? [`since ${formatTime(filters.since)}`] : []),
    ...(filters.until !== undefined ? [`until ${formatTime(filters.until)}`] : []),
    ...(filters.hosts?.length ? [`host ${filters.hosts.join(', ')}`] : []),
    ...(filters.minSeverity ? [`min severity ${filters.minSeverity} (root-cause chain kept)`] : []),
  ];
  if (parts.length === 0) return undefined;
  const window = filters.since !== undefined || filters.until !== undefined ? '; events outside the window were not analysed' : '';
  return `${parts.join('; ')}${window}`;
}

/** `render(the filters line)` as a one-element list, or an empty list without filters: one spread in each header. */
export function whenFiltered<T>(filters: ReportFilters | undefined, render: (line: string) => T): T[] {
  const line = describeFilters(filters);
  return line === undefined ? [] : [render(line)];
}

/** The JSON report's `filters` key (additive; present only when a filter was given). */
export function filtersJson(filters: ReportFilters): { since: string | null; until: string | null; hosts: string[] | null; minSeverity: string | null } {
  return {
    since: filters.since === undefined ? null : formatTime(filters.since),
    until: filters.until === undefined ? null : formatTime(filters.until),
    hosts: filters.hosts ? [...filters.hosts] : null,
    minSeverity: filters.minSeverity ?? null,
  };
}
