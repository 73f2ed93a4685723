import { Box, Text } from 'ink';
import { UNRECOGNISED_HEADING, unrecognisedWhere } from '../render-unrecognised.js';
import { sanitizeText } from '../sanitize-text.js';
import { Evidence } from './Evidence.js';
import { Section } from './Section.js';
import type { SectionProps } from './terminal-props.js';

/** Error shapes no signature knows: template, where and how often, then the earliest line of that shape. */
export function UnrecognisedList({ view, color }: SectionProps) {
  const list = view.report.unrecognised ?? [];
  if (list.length === 0) return null;
  return (
    <Section title={`${UNRECOGNISED_HEADING} (${list.length})`} color={color}>
      {list.map((u, i) => (
        <Box key={i} flexDirection="column" marginLeft={2} marginBottom={1}>
          <Text bold={color} wrap="wrap">
            {sanitizeText(u.template)}
          </Text>
          <Text dimColor={color} wrap="wrap">
            {sanitizeText(unrecognisedWhere(u))}
          </Text>
          {u.fingerprint ? <Text dimColor={color}>fingerprint {sanitizeText(u.fingerprint)}</Text> : null}
          <Evidence evidence={[u.example]} color={color} />
        </Box>
      ))}
    </Section>
  );
}
