import { Box, Text } from 'ink';
import { formatSpan } from '../format-time.js';
import { whenFiltered } from '../describe-filters.js';
import { unparsedShare } from '../report-phrases.js';
import { sanitizeText } from '../sanitize-text.js';
import { severityColor } from './severity-color.js';
import type { SectionProps } from './terminal-props.js';

/** Inputs, hosts, time span and counts: what the report is about. */
export function Header({ view, color }: SectionProps) {
  const r = view.report;
  const t = r.coverage.totals;
  const row = (label: string, value: string) => (
    <Text>
      <Text bold={color}>{label.padEnd(11)}</Text>
      {value}
    </Text>
  );
  return (
    <Box flexDirection="column">
      <Text bold={color}>logsift {sanitizeText(r.tool.version)} report</Text>
      {row('inputs', r.inputs.map(sanitizeText).join(', ') || 'none')}
      {row('hosts', r.hosts.map(sanitizeText).join(', ') || 'unknown')}
      {row('time span', formatSpan(r.timeRange.start, r.timeRange.end))}
      {whenFiltered(r.filters, (f) => row('filters', sanitizeText(f)))[0]}
      {row('files', `${t.files}: ${t.files - t.skippedFiles - t.errorFiles} parsed, ${t.skippedFiles} skipped, ${t.errorFiles} failed; ${t.lines} lines, ${unparsedShare(t.unparsed, t.lines)}`)}
      <Text>
        <Text bold={color}>{'incidents'.padEnd(11)}</Text>
        {r.incidents.length}
        {view.severityCounts.length > 0 ? ' (' : ''}
        {view.severityCounts.map((c, i) => (
          <Text key={c.severity} color={severityColor(c.severity, color)}>
            {i > 0 ? ', ' : ''}
            {c.count} {c.severity}
          </Text>
        ))}
        {view.severityCounts.length > 0 ? ')' : ''}
      </Text>
    </Box>
  );
}
