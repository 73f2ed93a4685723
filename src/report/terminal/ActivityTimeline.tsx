import { Box, Text } from 'ink';
import { activityColumns, incidentActivity, perBucket, wholeSpanActivity, type ActivitySeries } from '../activity-columns.js';
import { sparkline } from '../sparkline.js';
import { formatSpan, formatTime } from '../format-time.js';
import { sanitizeText } from '../sanitize-text.js';
import { Prose } from './Prose.js';
import { Section } from './Section.js';
import type { SectionProps } from './terminal-props.js';

function Lanes(props: SectionProps & { readonly series: ActivitySeries }) {
  const r = props.view.report;
  const label = Math.max(4, ...r.hosts.map((h) => sanitizeText(h).length));
  const unit = perBucket(props.series.bucketMs);
  const columns = Math.max(10, props.width - label - 8 - ` | peak 99999${unit}`.length);
  return (
    <Box flexDirection="column">
      {r.hosts.map((host) => {
        const cells = activityColumns(props.series, host, columns);
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
            | {peak > 0 ? `peak ${peak}${unit}` : 'no events'}
          </Text>
        );
      })}
      <Text dimColor={props.color}>
        {' '.repeat(label + 2)}
        {formatTime(props.series.start)} → {formatTime(props.series.end)}
      </Text>
    </Box>
  );
}

/** Events per host over the whole span as block sparklines (red where errors were logged), then zoomed around the incidents when they are short. */
export function ActivityTimeline(props: SectionProps) {
  const r = props.view.report;
  const whole = wholeSpanActivity(r);
  if (whole === undefined) return null;
  const zoom = incidentActivity(r);
  return (
    <Section title="Timeline (events per bucket of time; busiest bucket per column)" color={props.color}>
      <Lanes {...props} series={whole} />
      {zoom ? (
        <Box flexDirection="column" marginTop={1}>
          <Prose width={props.width} text={`Around the incidents, ${formatSpan(zoom.start, zoom.end)}:`} />
          <Lanes {...props} series={zoom} />
        </Box>
      ) : null}
    </Section>
  );
}
