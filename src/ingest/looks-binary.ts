/** Bytes inspected to decide whether a member is text (ripgrep and git look at a similar prefix). */
export const BINARY_SNIFF_BYTES = 8192;

/**
 * A member is binary when its first 8 KiB hold a NUL byte (unless they are NUL padding between text
 * lines, see below) or more than 30% control characters.
 * Tab, line feed, carriage return, form feed, vertical tab and ESC (ANSI colour codes in container
 * output) are text. UTF-16 with a BOM is text even though it is full of NULs.
 */
export function looksBinary(head: Uint8Array): boolean {
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) {
    return false;
  }
  const n = Math.min(head.length, BINARY_SNIFF_BYTES);
  let control = 0;
  let nul = 0;
  let newlines = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i];
    if (b === 0) {
      nul++;
      continue;
    }
    if (b === 0x0a) newlines++;
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x0b && b !== 0x1b) || b === 0x7f) {
      control++;
    }
  }
  if (nul > 0) return !nulPaddedText(n - nul, control, newlines);
  return n > 0 && control / n > 0.3;
}

/**
 * A text log that lost power mid-write keeps the blocks the file system had allocated but not yet
 * written as runs of NUL bytes between its lines; the lines around them are the evidence of the crash.
 * Such a file is text: several lines of it beside the NULs and almost no other control characters.
 */
function nulPaddedText(textBytes: number, control: number, newlines: number): boolean {
  return textBytes >= 64 && newlines >= 2 && control / textBytes < 0.02;
}
