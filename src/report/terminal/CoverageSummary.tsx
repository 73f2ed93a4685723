import { Box, Text } from 'ink';
import { formatSpan } from '../format-time.js';
import { unparsedShare } from '../report-phrases.js';
import { sanitizeText } from '../sanitize-text.js';
import { Section } from './Section.js';
import type { SectionProps } from './terminal-props.js';

/** Per host: sources with spans, lines, unparsed share and gaps; then files that were not read, and assumptions. */
export function CoverageSummary({ view, color }: SectionProps) {
  const r = view.report;
  const unread = r.files.filter((f) => f.status !== 'parsed');
  return (
    <Section title="Coverage" color={color}>
      {r.coverage.hosts.map((h) => (
        <Box key={h.host} flexDirection="column">
          <Text>
            <Text bold={color}>{sanitizeText(h.host)}</Text>: {h.lines} lines, {unparsedShare(h.unparsed, h.lines)}
          </Text>
          {h.sources.map((s) => (
            <Box key={s.component} marginLeft={2}>
              <Text wrap="wrap">
                {sanitizeText(s.component).padEnd(12)} {s.files} {s.files === 1 ? 'file' : 'files'}, {s.events} events, {formatSpan(s.start, s.end)}
              </Text>
            </Box>
          ))}
          <Box marginLeft={2}>
            <Text color={color && h.gaps.length > 0 ? 'yellow' : undefined} wrap="wrap">
              gaps: {h.gaps.length === 0 ? 'none' : h.gaps.map((g) => formatSpan(g.start, g.end)).join('; ')}
            </Text>
          </Box>
        </Box>
      ))}
      <Text>
        files: {r.coverage.totals.files} ({r.coverage.totals.skippedFiles} skipped, {r.coverage.totals.errorFiles} failed)
      </Text>
      {unread.map((f) => (
        <Box key={f.path} marginLeft={2}>
          <Text wrap="wrap">
            {f.status} {sanitizeText(f.path)}: {sanitizeText(f.reason ?? 'no reason given')}
          </Text>
        </Box>
      ))}
      {r.coverage.assumptions.map((a, i) => (
        <Text key={i} wrap="wrap">
          assumption: {sanitizeText(a)}
        </Text>
      ))}
    </Section>
  );
}
