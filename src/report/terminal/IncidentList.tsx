import { Box, Text } from 'ink';
import { formatSpan } from '../format-time.js';
import { sanitizeText } from '../sanitize-text.js';
import { Evidence } from './Evidence.js';
import { Hyperlink } from './Hyperlink.js';
import { Section } from './Section.js';
import { severityColor } from './severity-color.js';
import type { SectionProps } from './terminal-props.js';

/** Every incident but the root cause, grouped by severity, each with its evidence and runbook. */
export function IncidentList({ view, color }: SectionProps) {
  if (view.others.length === 0) return null;
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
                <Text bold={color} wrap="wrap">
                  {sanitizeText(i.title)}
                </Text>
                <Text dimColor={color} wrap="wrap">
                  {sanitizeText(i.id)} on {sanitizeText(i.host ?? 'unknown host')}: {formatSpan(i.firstSeen, i.lastSeen)}, seen {i.count}{' '}
                  {i.count === 1 ? 'time' : 'times'}
                  {i.causedBy ? `; caused by ${sanitizeText(i.causedBy)}` : ''}
                </Text>
                {runbook ? (
                  <Text>
                    runbook <Hyperlink url={runbook} color={color} />
                  </Text>
                ) : null}
                <Evidence evidence={i.evidence} color={color} view={view} host={i.host} />
              </Box>
            );
          })}
        </Box>
      ))}
    </Section>
  );
}
