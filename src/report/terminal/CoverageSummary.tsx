import { Box, Text } from 'ink';
import { formatSpan } from '../format-time.js';
import { unparsedShare } from '../report-phrases.js';
import { sanitizeText } from '../sanitize-text.js';
import { Prose } from './Prose.js';
import { Section } from './Section.js';
import type { SectionProps } from './terminal-props.js';

/** Per host: sources with spans, lines, unparsed share and gaps; then files that were not read, and assumptions. */
export function CoverageSummary({ view, color, width }: SectionProps) {
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
              <Prose width={width - 2} text={`${sanitizeText(s.component).padEnd(12)} ${s.files} ${s.files === 1 ? 'file' : 'files'}, ${s.events} events, ${formatSpan(s.start, s.end)}`} />
            </Box>
          ))}
          <Box marginLeft={2}>
            <Prose color={color && h.gaps.length > 0 ? 'yellow' : undefined} width={width - 2} text={`gaps: ${h.gaps.length === 0 ? 'none' : h.gaps.map((g) => formatSpan(g.start, g.end)).join('; ')}`} />
          </Box>
        </Box>
      ))}
      <Text>
        files: {r.coverage.totals.files} ({r.coverage.totals.skippedFiles} skipped, {r.coverage.totals.errorFiles} failed)
      </Text>
      {unread.map((f) => (
        <Box key={f.path} marginLeft={2}>
          <Prose width={width - 2} text={`${f.status} ${sanitizeText(f.path)}: ${sanitizeText(f.reason ?? 'no reason given')}`} />
        </Box>
      ))}
      {r.coverage.assumptions.map((a, i) => (
        <Prose key={i} width={width} text={`assumption: ${sanitizeText(a)}`} />
      ))}
    </Section>
  );
}
