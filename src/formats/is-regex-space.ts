/**
 * True for exactly the UTF-16 code units a JavaScript regex `\s` matches (WhiteSpace and LineTerminator of
 * ECMA-262 §12.2/§12.3), so a hand-written reader that replaces a regex on a hot path draws the same borders.
 */
export function isRegexSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 ||
    code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}
