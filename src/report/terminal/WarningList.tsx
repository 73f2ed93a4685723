import { Box, Text } from 'ink';
import { sanitizeText } from '../sanitize-text.js';
import { Prose } from './Prose.js';
import { Section } from './Section.js';
import type { SectionProps } from './terminal-props.js';

/** Diagnostics, lnav-style: `severity[code]: title` then `--> file:line`, reason and help. */
export function WarningList({ view, color, width }: SectionProps) {
  const list = view.report.warnings;
  return (
    <Section title={list.length === 0 ? 'Warnings: none' : `Warnings (${list.length})`} color={color}>
      {list.map((d, i) => (
        <Box key={i} flexDirection="column">
          <Text wrap="wrap">
            <Text color={color ? (d.severity === 'error' ? 'red' : d.severity === 'warning' ? 'yellow' : 'blue') : undefined} bold={color}>
              {d.severity}[{sanitizeText(d.code)}]
            </Text>
            : {sanitizeText(d.title)}
          </Text>
          <Box flexDirection="column" marginLeft={2}>
            {d.where ? <Prose width={width - 2} text={`--> ${sanitizeText(d.where.file)}${d.where.line !== undefined ? `:${d.where.line}` : ''}`} /> : null}
            {d.reason ? <Prose width={width - 2} text={`reason: ${sanitizeText(d.reason)}`} /> : null}
            {d.help ? <Prose width={width - 2} text={`help: ${sanitizeText(d.help)}`} /> : null}
          </Box>
        </Box>
      ))}
    </Section>
  );
}
