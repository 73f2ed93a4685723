import { shortFingerprint } from '../../correlate/fingerprint-incident.js';
import { Box, Text } from 'ink';
import { formatSpan } from '../format-time.js';
import { seenBeforeText } from '../report-phrases.js';
import { sanitizeText } from '../sanitize-text.js';
import { Evidence } from './Evidence.js';
import { Hyperlink } from './Hyperlink.js';
import { Prose } from './Prose.js';
import { Section } from './Section.js';
import { severityColor } from './severity-color.js';
import type { SectionProps } from './terminal-props.js';

/** Every incident but the root cause, grouped by severity, each with its evidence and runbook. */
export function IncidentList({ view, color, width }: SectionProps) {
  if (view.others.length === 0) return null;
  const inner = width - 2;
  return (
    <Section title={view.rootIncident ? 'Other incidents' : 'Incidents'} color={color}>
      {view.others.map((group) => (
        <Box key={group.severity} flexDirection="column">
          <Text bold={color} color={severityColor(group.severity, color)}>
            {group.severity.toUpperCase()} ({group.incidents.length})
          </Text>
          {group.incidents.map((i) => {
            const runbook = view.runbook(i);
            return (
              <Box key={i.id} flexDirection="column" marginLeft={2} marginBottom={1}>
                <Prose bold={color} width={inner} text={sanitizeText(i.title)} />
                <Prose
                  dimColor={color}
                  width={inner}
                  text={`${sanitizeText(i.id)} on ${sanitizeText(i.host ?? 'unknown host')}: ${formatSpan(i.firstSeen, i.lastSeen)}, seen ${i.count} ${i.count === 1 ? 'time' : 'times'}${i.causedBy ? `; caused by ${sanitizeText(i.causedBy)}` : ''}${i.fingerprint ? `; fingerprint ${sanitizeText(shortFingerprint(i.fingerprint))}` : ''}`}
                />
                {i.seenBefore?.length ? <Prose width={inner} text={`seen before: ${sanitizeText(seenBeforeText(i.seenBefore))}`} /> : null}
                {runbook ? (
                  <Box>
                    <Box width={8} flexShrink={0}>
                      <Text>runbook</Text>
                    </Box>
                    <Hyperlink url={runbook} color={color} width={inner - 8} />
                  </Box>
                ) : null}
                <Evidence evidence={i.evidence} color={color} width={inner} view={view} host={i.host} />
              </Box>
            );
          })}
        </Box>
      ))}
    </Section>
  );
}
