import { Box, Text } from 'ink';
import { reportSummary } from '../report-summary.js';
import { sanitizeText } from '../sanitize-text.js';
import { severityColor } from './severity-color.js';
import type { SectionProps } from './terminal-props.js';

function Line(props: { readonly label: string; readonly text: string; readonly color: boolean }) {
  return (
    <Box>
      <Box width={10} flexShrink={0}>
        <Text bold={props.color}>{props.label}</Text>
      </Box>
      <Text wrap="wrap">{sanitizeText(props.text)}</Text>
    </Box>
  );
}

/** The answer on the first screen: what, where, when, versions, the first fix steps and the runbook. */
export function Summary({ view, color }: SectionProps) {
  const sum = reportSummary(view);
  const tone = severityColor(sum.severity ? sum.severity.toLowerCase() : 'none', color);
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={tone} paddingX={1}>
      <Text bold={color} color={tone} wrap="wrap">
        {sum.severity ? `${sum.severity}  ` : ''}{sanitizeText(sum.what)}
      </Text>
      {sum.detail ? <Line label="cause" text={sum.detail} color={color} /> : null}
      {sum.where ? <Line label="where" text={sum.where} color={color} /> : null}
      {sum.when ? <Line label="when" text={sum.when} color={color} /> : null}
      {sum.versions.map((v, i) => <Line key={`v${i}`} label={i === 0 ? 'versions' : ''} text={v} color={color} />)}
      {sum.fix.map((step, i) => <Line key={`f${i}`} label={i === 0 ? 'fix' : ''} text={`${i + 1}. ${step}`} color={color} />)}
      {sum.moreFix > 0 ? <Line label="" text={`(${sum.moreFix} more ${sum.moreFix === 1 ? 'step' : 'steps'} under ROOT CAUSE)`} color={color} /> : null}
      {sum.runbook ? <Line label="runbook" text={sum.runbook} color={color} /> : null}
      {sum.also ? <Line label="also" text={sum.also} color={color} /> : null}
    </Box>
  );
}
