import { markdownCode, markdownText } from '../report/markdown-escape.js';
import type { SummaryRow } from './summary-row.js';

/** `OUTDIR/summary.md`: counts, a table with one row per bundle, and the failed bundles (the dead-letter list) with their reasons. */
export function renderSummaryMarkdown(rows: readonly SummaryRow[]): string {
  const failed = rows.filter((r) => r.status === 'failed');
  const withIncidents = rows.filter((r) => r.status === 'done' && r.incidents > 0).length;
  const lines = [
    '# logsift batch summary',
    '',
    `${rows.length} ${rows.length === 1 ? 'bundle' : 'bundles'}: ${rows.length - failed.length} done (${withIncidents} with incidents), ${failed.length} failed.`,
    '',
    '| bundle | status | root cause | severity | incidents | hosts | first | last | duration | reports |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const row of rows) {
    const reports = Object.entries(row.reports).map(([format, file]) => `[${markdownText(format)}](${encodeURI(file)})`).join(' ');
    lines.push(`| ${[
      markdownCode(row.bundle, true),
      row.status === 'failed' ? `**failed**: ${markdownText(row.reason ?? '')}` : 'done',
      row.rootCause ? markdownCode(row.rootCause, true) : row.status === 'done' ? '—' : '',
      row.severity ?? '',
      String(row.incidents),
      markdownText(row.hosts.join(', ')),
      row.span.first ?? '',
      row.span.last ?? '',
      formatDuration(row.durationMs),
      reports,
    ].join(' | ')} |`);
  }
  lines.push('', '## Dead letter', '');
  if (failed.length === 0) lines.push('No bundle failed.');
  else for (const row of failed) lines.push(`- ${markdownCode(row.bundle)} (${row.attempts} ${row.attempts === 1 ? 'try' : 'tries'}): ${markdownText(row.reason ?? 'no reason given')}`);
  return `${lines.join('\n')}\n`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  return `${Math.floor(seconds / 60)}m ${Math.round(seconds % 60)}s`;
}
