import type { MemberStatus } from '../model/coverage.js';
import type { Report } from '../model/report.js';
import type { InputSettings } from './common-options.js';

/**
 * Why the filters kept nothing, or undefined when they kept something: a `--host` no input holds (hosts match
 * whatever their case), or a `--since/--until` window outside the input's span. Said as one line naming what there
 * is, instead of a report saying "no incidents" about nothing.
 */
export function filterMatchedNothing(
  hostsPresent: readonly string[],
  files: readonly MemberStatus[],
  settings: Pick<InputSettings, 'hostNames'>,
  window: { since?: number; until?: number },
): string | undefined {
  const known = hostsPresent.filter((h) => h !== '' && !h.startsWith('\u0000') && h !== 'unknown-host');
  const present = new Set(known.map((h) => h.toLowerCase()));
  const absent = (settings.hostNames ?? []).filter((h) => !present.has(h.toLowerCase()));
  if (absent.length) {
    const listed = [...new Set(known)].sort();
    return `--host ${absent.join(', ')}: no such host in the input; ${listed.length ? `hosts present: ${listed.join(', ')}` : 'no line names its host'}`;
  }
  if (window.since === undefined && window.until === undefined) return undefined;
  let start = Infinity;
  let end = -Infinity;
  for (const file of files) {
    if (file.firstTimestamp !== undefined && file.firstTimestamp < start) start = file.firstTimestamp;
    if (file.lastTimestamp !== undefined && file.lastTimestamp > end) end = file.lastTimestamp;
  }
  if (start > end) return undefined;
  if ((window.since !== undefined && window.since > end) || (window.until !== undefined && window.until < start)) {
    const asked = [window.since !== undefined ? `since ${iso(window.since)}` : '', window.until !== undefined ? `until ${iso(window.until)}` : ''].filter(Boolean).join(' ');
    return `no event ${asked}: the input spans ${iso(start)} → ${iso(end)}`;
  }
  return undefined;
}

/** Convenience for analyze: the report's hosts and files. */
export function reportFilterMatchedNothing(report: Report, settings: Pick<InputSettings, 'hostNames'>, window: { since?: number; until?: number }): string | undefined {
  return filterMatchedNothing(report.hosts, report.files, settings, window);
}

/**
 * Why the inputs hold no logs, or undefined when they do: every file read was plain text without a single time (a
 * folder of notes, configs, JSON documents). Such input can only give "no incidents", which would read as "healthy".
 */
export function noLogsFound(files: readonly MemberStatus[], findings: number): string | undefined {
  if (findings > 0) return undefined;
  const read = files.filter((f) => f.status === 'parsed');
  if (read.length === 0) return undefined;
  const logLike = read.some((f) => f.format !== 'plain-text' || f.firstTimestamp !== undefined || (f.untimed ?? 0) < (f.lines ?? 0));
  if (logLike) return undefined;
  const skipped = files.length - read.length;
  return `no logs found: ${read.length} file(s) read (${read.slice(0, 3).map((f) => f.path).join(', ')}${read.length > 3 ? ', …' : ''}), none in a log format or with a single timestamp${skipped ? `; ${skipped} skipped` : ''}`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
