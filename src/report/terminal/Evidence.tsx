import { Box, Text } from 'ink';
import type { Evidence as EvidenceLine } from '../../model/incident.js';
import { formatTime } from '../format-time.js';
import { sanitizeText } from '../sanitize-text.js';

/** Evidence lines: `file:line  time`, then the sanitised log text, wrapped (never cut) under it. */
export function Evidence(props: { readonly evidence: readonly EvidenceLine[]; readonly color: boolean }) {
  return (
    <Box flexDirection="column">
      {props.evidence.map((e, i) => (
        <Box key={i} flexDirection="column" marginLeft={2}>
          <Text dimColor={props.color}>
            {sanitizeText(e.file)}:{e.line}  {formatTime(e.timestamp)}
          </Text>
          <Box marginLeft={2}>
            <Text wrap="wrap">{sanitizeText(e.text)}</Text>
          </Box>
        </Box>
      ))}
    </Box>
  );
}
