import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { formatSpan } from '../format-time.js';
import { PHRASES } from '../report-phrases.js';
import { sanitizeText } from '../sanitize-text.js';
import { Evidence } from './Evidence.js';
import { Hyperlink } from './Hyperlink.js';
import { severityColor } from './severity-color.js';
import type { SectionProps } from './terminal-props.js';

function Row(props: { readonly label: string; readonly color: boolean; readonly children?: ReactNode }) {
  return (
    <Box>
      <Box width={12} flexShrink={0}>
        <Text bold={props.color}>{props.label}</Text>
      </Box>
      <Box flexGrow={1} flexShrink={1}>
        {props.children}
      </Box>
    </Box>
  );
}

/** The boxed answer: what broke, where, when, why, the evidence and how to fix it; or why there is none. */
export function RootCause({ view, color, width }: SectionProps) {
  const r = view.report;
  const root = view.rootIncident;
  const border = color ? 'red' : undefined;
  if (r.incidents.length === 0) {
    return (
      <Box flexDirection="column" borderStyle="round" borderColor={color ? 'green' : undefined} paddingX={1} marginTop={1} width={width}>
        <Text bold={color} color={color ? 'green' : undefined}>
          {PHRASES.noIncidents}
        </Text>
        <Text wrap="wrap">{view.lookedAt}</Text>
      </Box>
    );
  }
  if (!r.rootCause || !root) {
    return (
      <Box flexDirection="column" borderStyle="round" paddingX={1} marginTop={1} width={width}>
        <Text bold={color}>{PHRASES.rootCauseHeading}</Text>
        <Text wrap="wrap">{PHRASES.noRootCause}</Text>
      </Box>
    );
  }
  const sig = view.rootSignature;
  const runbook = view.runbook(root);
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={border} paddingX={1} marginTop={1} width={width}>
      <Text bold={color} color={color ? 'red' : undefined}>
        {PHRASES.rootCauseHeading} (confidence {Math.round(r.rootCause.confidence * 100)}%)
      </Text>
      <Text bold={color} color={severityColor(root.severity, color)} wrap="wrap">
        {root.severity.toUpperCase()}  {sanitizeText(root.title)}
      </Text>
      <Row label="signature" color={color}>
        <Text>{sanitizeText(root.signature)}</Text>
      </Row>
      <Row label="host" color={color}>
        <Text>{sanitizeText(root.host ?? 'unknown')}</Text>
      </Row>
      <Row label="when" color={color}>
        <Text wrap="wrap">
          {formatSpan(root.firstSeen, root.lastSeen)}, seen {root.count} {root.count === 1 ? 'time' : 'times'}
        </Text>
      </Row>
      <Row label="why" color={color}>
        <Text wrap="wrap">{sanitizeText(r.rootCause.explanation)}</Text>
      </Row>
      {sig?.explanation ? (
        <Row label="mechanism" color={color}>
          <Text wrap="wrap">{sanitizeText(sig.explanation)}</Text>
        </Row>
      ) : null}
      {Object.entries(root.fields).map(([k, v]) => (
        <Row key={k} label={sanitizeText(k)} color={color}>
          <Text wrap="wrap">{v.map(sanitizeText).join(', ')}{root.fieldsOmitted?.[k] ? ` +${root.fieldsOmitted[k]} more` : ''}</Text>
        </Row>
      ))}
      <Text bold={color}>evidence</Text>
      <Evidence evidence={root.evidence} color={color} view={view} host={root.host} />
      {sig && sig.remediation.length > 0 ? (
        <Box flexDirection="column">
          <Text bold={color}>fix</Text>
          {sig.remediation.map((step, i) => (
            <Box key={i} marginLeft={2}>
              <Box width={4} flexShrink={0}>
                <Text>{i + 1}.</Text>
              </Box>
              <Text wrap="wrap">{sanitizeText(step)}</Text>
            </Box>
          ))}
        </Box>
      ) : null}
      {runbook ? (
        <Row label="runbook" color={color}>
          <Hyperlink url={runbook} color={color} />
        </Row>
      ) : null}
    </Box>
  );
}
