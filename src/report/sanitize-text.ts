// ESC/CSI sequences (colours, cursor moves), OSC (titles, hyperlinks, clipboard writes) and DCS/SOS/PM/APC
// strings, in both the 7-bit (ESC x) and 8-bit (C1) introducer forms. See ECMA-48 and
// https://invisible-island.net/xterm/ctlseqs/ctlseqs.html
const ESCAPE_SEQUENCE =
  /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]|(?:\u001b\]|\u009d)[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|(?:\u001b[PX^_]|[\u0090\u0098\u009e\u009f])[^\u001b\u009c]*(?:\u001b\\|\u009c)?|\u001b[ -/]*[0-~]?/g;
/**
 * Characters no sink may pass through raw: the C0 and C1 controls and DEL (a lone U+009B CSI, U+009D OSC or U+009C
 * ST starts or ends a terminal command), the line and paragraph separators, and the bidi controls that make a line
 * read differently than it is (embeddings/overrides U+202A–202E, isolates U+2066–2069, marks U+200E/U+200F/U+061C;
 * CVE-2021-42574, "Trojan Source"). Tab, LF and CR are handled before (they become spaces).
 */
export const UNSAFE_CHARACTER = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** How an unsafe character is shown: visibly, so a reader sees that something was there (`\u{9b}`). */
export function visibleCodePoint(ch: string): string {
  return `\\u{${(ch.codePointAt(0) ?? 0).toString(16)}}`;
}

/**
 * Makes log text safe to show on one line: strips terminal escape sequences (colours in logs are noise), turns
 * tabs and line breaks into spaces and shows every other control or bidi character as `\u{hex}`, so a log line
 * cannot recolour, move the cursor, set the title, emit hyperlinks or reorder what the reader sees.
 * The one sanitiser of every plain-text sink: text report, timeline, stderr, `patterns show`; markdown and HTML
 * escape its output.
 */
export function sanitizeText(text: string): string {
  if (typeof text !== 'string') return '';
  return text.replace(ESCAPE_SEQUENCE, '').replace(/[\t\n\r]/g, ' ').replace(UNSAFE_CHARACTER, visibleCodePoint);
}

/** sanitizeText for multi-line output (stderr messages): each line sanitised, the line breaks kept. */
export function sanitizeLines(text: string): string {
  return text.split('\n').map(sanitizeText).join('\n');
}
