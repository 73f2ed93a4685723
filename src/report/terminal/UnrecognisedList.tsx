import { Box } from 'ink';
import { UNRECOGNISED_HEADING, unrecognisedWhere } from '../render-unrecognised.js';
import { sanitizeText } from '../sanitize-text.js';
import { Evidence } from './Evidence.js';
import { Prose } from './Prose.js';
import { Section } from './Section.js';
import type { SectionProps } from './terminal-props.js';

/** Error shapes no signature knows: template, where and how often, then the earliest line of that shape. */
export function UnrecognisedList({ view, color, width }: SectionProps) {
  const list = view.report.unrecognised ?? [];
  if (list.length === 0) return null;
  return (
    <Section title={`${UNRECOGNISED_HEADING} (${list.length})`} color={color}>
      {list.map((u, i) => (
        <Box key={i} flexDirection="column" marginLeft={2} marginBottom={1}>
          <Prose bold={color} width={width - 2} text={sanitizeText(u.template)} />
          <Prose dimColor={color} width={width - 2} text={sanitizeText(unrecognisedWhere(u))} />
          {u.fingerprint ? <Prose dimColor={color} width={width - 2} text={`fingerprint ${sanitizeText(u.fingerprint)}`} /> : null}
          <Evidence evidence={[u.example]} color={color} width={width - 2} />
        </Box>
      ))}
    </Section>
  );
}
