import { Box } from 'ink';
import type { Evidence as EvidenceLine } from '../../model/incident.js';
import { formatTime } from '../format-time.js';
import { sanitizeText } from '../sanitize-text.js';
import { Prose } from './Prose.js';
import { repeatNote } from '../report-summary.js';
import type { ReportView } from '../report-view.js';

/**
 * ink's layout costs about a second per few kilobytes: a longer evidence line is shown up to this many
 * characters, with a note saying how much more there is and where the whole line is (every other format has it).
 */
const MAX_SHOWN_CHARACTERS = 4096;

function shownText(text: string): string {
  const clean = sanitizeText(text);
  if (clean.length <= MAX_SHOWN_CHARACTERS) return clean;
  return `${clean.slice(0, MAX_SHOWN_CHARACTERS)} … (${clean.length - MAX_SHOWN_CHARACTERS} more characters: --format text or json shows the whole line)`;
}

/**
 * Evidence lines: `file:line  time`, then the sanitised log text, wrapped under it (very long lines cut, saying so).
 * `width` is the columns the list is laid out in; it indents itself by two, and the log text by two more.
 */
export function Evidence(props: { readonly evidence: readonly EvidenceLine[]; readonly color: boolean; readonly width: number; readonly view?: ReportView; readonly host?: string }) {
  return (
    <Box flexDirection="column">
      {props.evidence.map((e, i) => (
        <Box key={i} flexDirection="column" marginLeft={2}>
          <Prose dimColor={props.color} width={props.width - 2} text={`${sanitizeText(e.file)}:${e.line}  ${props.view ? sanitizeText(e.repeated ? repeatNote(props.view, e, props.host) : props.view.time(e.timestamp, props.host)) : formatTime(e.timestamp)}`} />
          <Box marginLeft={2}>
            <Prose width={props.width - 4} text={shownText(e.text)} />
          </Box>
        </Box>
      ))}
    </Box>
  );
}
