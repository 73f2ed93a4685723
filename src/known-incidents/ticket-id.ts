import { UNSAFE_CHARACTER } from '../report/sanitize-text.js';

/** Longest ticket id accepted: room for any tracker's key or URL, short enough to show on one line. */
export const MAX_TICKET_LENGTH = 200;
/** Longest `--note`. */
export const MAX_NOTE_LENGTH = 2000;

const UNSAFE = new RegExp(`[\\t\\n\\r]|${UNSAFE_CHARACTER.source}`, 'u');

/**
 * Why a ticket id cannot be filed, or undefined when it can. Anything printable is accepted and stored exactly as
 * given — `#4711`, `SUP-12`, `https://tracker/issue/9`, even `$(rm -rf /)`: it is data, never run or interpolated
 * into a command, and every sink escapes it. Refused: empty or blank, longer than MAX_TICKET_LENGTH characters, and
 * characters that would make it print differently than it is (controls, line breaks, bidi overrides).
 */
export function ticketProblem(ticket: string): string | undefined {
  return textProblem('--ticket', ticket, MAX_TICKET_LENGTH);
}

/** The same rules for `--note`, with more room. */
export function noteProblem(note: string): string | undefined {
  return textProblem('--note', note, MAX_NOTE_LENGTH);
}

function textProblem(flag: string, text: string, max: number): string | undefined {
  if (text.trim() === '') return `${flag} is empty`;
  const length = [...text].length;
  if (length > max) return `${flag} is ${length} characters long; at most ${max} are accepted`;
  const unsafe = UNSAFE.exec(text);
  if (unsafe) {
    const at = [...text.slice(0, unsafe.index)].length + 1;
    return `${flag} holds a control or bidi character (U+${unsafe[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} at character ${at}); only printable text is accepted`;
  }
  return undefined;
}
