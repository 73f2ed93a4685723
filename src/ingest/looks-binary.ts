/** Bytes inspected to decide whether a member is text (ripgrep and git look at a similar prefix). */
export const BINARY_SNIFF_BYTES = 8192;

/**
 * A member is binary when its first 8 KiB hold a NUL byte or more than 30% control characters.
 * Tab, line feed, carriage return, form feed, vertical tab and ESC (ANSI colour codes in container
 * output) are text. UTF-16 with a BOM is text even though it is full of NULs.
 */
export function looksBinary(head: Uint8Array): boolean {
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) {
    return false;
  }
  const n = Math.min(head.length, BINARY_SNIFF_BYTES);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i];
    if (b === 0) return true;
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x0b && b !== 0x1b) || b === 0x7f) {
      control++;
    }
  }
  return n > 0 && control / n > 0.3;
}
