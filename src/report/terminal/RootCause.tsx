import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { formatSpan } from '../format-time.js';
import { PHRASES, seenBeforeText } from '../report-phrases.js';
import { sanitizeText } from '../sanitize-text.js';
import { Evidence } from './Evidence.js';
import { Hyperlink } from './Hyperlink.js';
import { Prose } from './Prose.js';
import { severityColor } from './severity-color.js';
import type { SectionProps } from './terminal-props.js';

/** Columns of the label column of a row. */
const LABEL = 12;
/** The box's border and padding take two columns on each side. */
const FRAME = 4;

function Row(props: { readonly label: string; readonly color: boolean; readonly children?: ReactNode }) {
  return (
    <Box>
      <Box width={LABEL} flexShrink={0}>
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
        <Prose width={width - FRAME} text={view.lookedAt} />
      </Box>
    );
  }
  if (!r.rootCause || !root) {
    return (
      <Box flexDirection="column" borderStyle="round" paddingX={1} marginTop={1} width={width}>
        <Text bold={color}>{PHRASES.rootCauseHeading}</Text>
        <Prose width={width - FRAME} text={PHRASES.noRootCause} />
      </Box>
    );
  }
  const sig = view.rootSignature;
  const runbook = view.runbook(root);
  const inner = width - FRAME;
  const value = inner - LABEL;
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={border} paddingX={1} marginTop={1} width={width}>
      <Text bold={color} color={color ? 'red' : undefined}>
        {PHRASES.rootCauseHeading} (confidence {Math.round(r.rootCause.confidence * 100)}%)
      </Text>
      <Prose bold={color} color={severityColor(root.severity, color)} width={inner} text={`${root.severity.toUpperCase()}  ${sanitizeText(root.title)}`} />
      <Row label="signature" color={color}>
        <Prose width={value} text={sanitizeText(root.signature)} />
      </Row>
      {root.fingerprint ? (
        <Row label="fingerprint" color={color}>
          <Text>{sanitizeText(root.fingerprint)}</Text>
        </Row>
      ) : null}
      <Row label="host" color={color}>
        <Prose width={value} text={sanitizeText(root.host ?? 'unknown')} />
      </Row>
      <Row label="when" color={color}>
        <Prose width={value} text={`${formatSpan(root.firstSeen, root.lastSeen)}, seen ${root.count} ${root.count === 1 ? 'time' : 'times'}`} />
      </Row>
      {root.seenBefore?.length ? (
        <Row label="seen before" color={color}>
          <Text wrap="wrap">{sanitizeText(seenBeforeText(root.seenBefore))}</Text>
        </Row>
      ) : null}
      <Row label="why" color={color}>
        <Prose width={value} text={sanitizeText(r.rootCause.explanation)} />
      </Row>
      {sig?.explanation ? (
        <Row label="mechanism" color={color}>
          <Prose width={value} text={sanitizeText(sig.explanation)} />
        </Row>
      ) : null}
      {Object.entries(root.fields).map(([k, v]) => (
        <Row key={k} label={sanitizeText(k)} color={color}>
          <Prose width={value} text={`${v.map(sanitizeText).join(', ')}${root.fieldsOmitted?.[k] ? ` +${root.fieldsOmitted[k]} more` : ''}`} />
        </Row>
      ))}
      <Text bold={color}>evidence</Text>
      <Evidence evidence={root.evidence} color={color} width={inner} view={view} host={root.host} />
      {sig && sig.remediation.length > 0 ? (
        <Box flexDirection="column">
          <Text bold={color}>fix</Text>
          {sig.remediation.map((step, i) => (
            <Box key={i} marginLeft={2}>
              <Box width={4} flexShrink={0}>
                <Text>{i + 1}.</Text>
              </Box>
              <Prose width={inner - 6} text={sanitizeText(step)} />
            </Box>
          ))}
        </Box>
      ) : null}
      {runbook ? (
        <Row label="runbook" color={color}>
          <Hyperlink url={runbook} color={color} width={value} />
        </Row>
      ) : null}
    </Box>
  );
}
