/** Value of the two ASCII digits at `i` as a number, or -1 (`\d\d` without the `u` flag is exactly [0-9][0-9]). */
export function twoDigits(text: string, i: number): number {
  const a = text.charCodeAt(i) - 48;
  const b = text.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * Reads `YYYY-MM-DDTHH:MM:SS` at the start of `text` into `out` as year, month, day, hour, minute, second (a scratch
 * array the caller keeps, so per-line fast paths allocate nothing); false when the shape differs.
 * Shared by the ISO readers' fast paths (journal short-iso, Go/logrus RFC3339, CRI/RFC 5424), which then read the
 * fraction and zone each its own way; ranges are the caller's to check.
 */
export function readIsoDateTime(text: string, out: Int32Array): boolean {
  if (text.charCodeAt(4) !== 0x2d || text.charCodeAt(7) !== 0x2d || text.charCodeAt(10) !== 0x54) return false;
  if (text.charCodeAt(13) !== 0x3a || text.charCodeAt(16) !== 0x3a) return false;
  const y1 = twoDigits(text, 0);
  const y2 = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  if (y1 < 0 || y2 < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return false;
  out[0] = y1 * 100 + y2;
  out[1] = month;
  out[2] = day;
  out[3] = hour;
  out[4] = minute;
  out[5] = second;
  return true;
}

/**
 * The zone that must end the stamp at `i` in strict RFC 3339, the stamp ending at `end` (the end of `text` unless
 * given): `Z` is 0, `±hh:mm` minutes east of UTC; NaN for anything else (another shape, or more text after it).
 */
export function strictZoneAt(text: string, i: number, end = text.length): number {
  const zone = text.charCodeAt(i);
  if (zone === 0x5a /* Z */) return i + 1 === end ? 0 : NaN;
  if ((zone !== 0x2b && zone !== 0x2d) || i + 6 !== end || text.charCodeAt(i + 3) !== 0x3a) return NaN;
  const hours = twoDigits(text, i + 1);
  const minutes = twoDigits(text, i + 4);
  if (hours < 0 || minutes < 0) return NaN;
  return (zone === 0x2d ? -1 : 1) * (hours * 60 + minutes);
}
