import { Box, Text } from 'ink';
import { activityColumns } from '../activity-columns.js';
import { sparkline } from '../sparkline.js';
import { formatSpan, formatTime } from '../format-time.js';
import { incidentWindow } from '../incident-window.js';
import { sanitizeText } from '../sanitize-text.js';
import { Section } from './Section.js';
import type { SectionProps } from './terminal-props.js';

function Lanes(props: SectionProps & { readonly window: { readonly start?: number; readonly end?: number } }) {
  const r = props.view.report;
  const label = Math.max(4, ...r.hosts.map((h) => sanitizeText(h).length));
  const columns = Math.max(10, props.width - label - 18);
  return (
    <Box flexDirection="column">
      {r.hosts.map((host) => {
        const cells = activityColumns(r, host, columns, props.window);
        const peak = Math.max(0, ...cells.map((c) => c.events));
        const chars = sparkline(cells.map((c) => c.events), peak);
        // Runs of columns with and without errors, so minutes with errors show red without one node per column.
        const runs: { text: string; errors: boolean }[] = [];
        cells.forEach((c, i) => {
          const errors = c.errors > 0;
          const last = runs[runs.length - 1];
          if (last && last.errors === errors) last.text += chars[i];
          else runs.push({ text: chars[i] ?? ' ', errors });
        });
        return (
          <Text key={host}>
            {sanitizeText(host).padEnd(label)} |
            {runs.map((run, i) => (
              <Text key={i} color={props.color ? (run.errors ? 'red' : 'gray') : undefined}>
                {run.text}
              </Text>
            ))}
            | peak {peak}/min
          </Text>
        );
      })}
      <Text dimColor={props.color}>
        {' '.repeat(label + 2)}
        {formatTime(props.window.start)} → {formatTime(props.window.end)}
      </Text>
    </Box>
  );
}

/** Events per minute per host as block sparklines (red where errors were logged), zoomed around the incidents when they are short. */
export function ActivityTimeline(props: SectionProps) {
  const r = props.view.report;
  if (r.activity.length === 0 || r.timeRange.start === undefined || r.timeRange.end === undefined) return null;
  const zoom = incidentWindow(r);
  return (
    <Section title="Timeline (events per minute; busiest minute per column)" color={props.color}>
      <Lanes {...props} window={r.timeRange} />
      {zoom ? (
        <Box flexDirection="column" marginTop={1}>
          <Text>Around the incidents, {formatSpan(zoom.start, zoom.end)}:</Text>
          <Lanes {...props} window={zoom} />
        </Box>
      ) : null}
    </Section>
  );
}
