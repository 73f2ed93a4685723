import { Box, Text } from 'ink';
import { formatDuration, formatTime } from '../format-time.js';
import { PHRASES } from '../report-phrases.js';
import { sanitizeText } from '../sanitize-text.js';
import { Prose } from './Prose.js';
import { Section } from './Section.js';
import { severityColor } from './severity-color.js';
import type { SectionProps } from './terminal-props.js';

/** Cause → effects, with times relative to the first cause. */
export function CauseChain({ view, color, width }: SectionProps) {
  if (view.chain.length < 2) return null;
  const first = view.chain[0]?.firstSeen;
  return (
    <Section title={PHRASES.chainHeading} color={color}>
      {view.chain.map((i, n) => {
        const offset = first !== undefined && i.firstSeen !== undefined && n > 0 ? ` (+${formatDuration(i.firstSeen - first)})` : '';
        const root = i.id === view.rootIncident?.id;
        return (
          <Box key={i.id}>
            <Box width={3} flexShrink={0}>
              <Text>{n === 0 ? '' : '->'}</Text>
            </Box>
            <Prose
              color={severityColor(i.severity, color)}
              bold={color && root}
              width={width - 3}
              text={`${formatTime(i.firstSeen)}${offset} ${i.severity.toUpperCase()} ${sanitizeText(i.title)}${root ? '  <- root cause' : ''}`}
            />
          </Box>
        );
      })}
    </Section>
  );
}
