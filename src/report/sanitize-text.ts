// ESC/CSI sequences (colours, cursor moves), OSC (titles, hyperlinks, clipboard writes) and DCS/SOS/PM/APC
// strings, in both the 7-bit (ESC x) and 8-bit (C1) introducer forms. See ECMA-48 and
// https://invisible-island.net/xterm/ctlseqs/ctlseqs.html
const ESCAPE_SEQUENCE =
  /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]|(?:\u001b\]|\u009d)[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|(?:\u001b[PX^_]|[\u0090\u0098\u009e\u009f])[^\u001b\u009c]*(?:\u001b\\|\u009c)?|\u001b[ -/]*[0-~]?/g;
// Remaining C0/C1 controls and DEL, plus bidi overrides that can make a line read differently than it is
// (CVE-2021-42574, "Trojan Source").
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Makes log text safe to show: strips terminal escape sequences and control characters so a log line
 * cannot recolour, move the cursor, set the title or emit hyperlinks; tabs and newlines become spaces.
 * Applied by every renderer to every string that came from a log.
 */
export function sanitizeText(text: string): string {
  if (typeof text !== 'string') return '';
  return text.replace(ESCAPE_SEQUENCE, '').replace(/[\t\n\r]/g, ' ').replace(CONTROL, '');
}
