import { Box, Text } from 'ink';
import { formatSpan } from '../format-time.js';
import { PHRASES, belowThresholdReason } from '../report-phrases.js';
import { sanitizeText } from '../sanitize-text.js';
import { Evidence } from './Evidence.js';
import { Prose } from './Prose.js';
import { Section } from './Section.js';
import { severityColor } from './severity-color.js';
import type { SectionProps } from './terminal-props.js';

/** Signature matches that stayed under their threshold, so what was seen is shown even though it raised nothing. */
export function BelowThreshold({ view, color, width }: SectionProps) {
  const list = view.report.observations;
  if (list.length === 0) return null;
  return (
    <Section title={`${PHRASES.belowThresholdHeading} (${list.length})`} color={color}>
      <Box marginLeft={2}>
        <Prose dimColor={color} width={width - 2} text={PHRASES.belowThresholdNote} />
      </Box>
      {list.map((o, i) => (
        <Box key={i} flexDirection="column" marginLeft={2} marginTop={i === 0 ? 0 : 1}>
          <Box>
            <Box width={o.severity.length + 2} flexShrink={0}>
              <Text color={severityColor(o.severity, color)} bold={color}>
                {o.severity.toUpperCase()}
              </Text>
            </Box>
            <Prose bold={color} width={width - 2 - o.severity.length - 2} text={sanitizeText(o.title)} />
          </Box>
          <Box marginLeft={2}>
            <Prose dimColor={color} width={width - 4} text={`${sanitizeText(o.signature)} on ${sanitizeText(o.host ?? 'unknown host')}: ${formatSpan(o.firstSeen, o.lastSeen)}, ${belowThresholdReason(o)}`} />
          </Box>
          <Evidence evidence={[o.example]} color={color} width={width - 2} />
        </Box>
      ))}
    </Section>
  );
}
