export interface GoQuotedOptions {
  /**
   * Read `\NNN` as an octal byte, as Go's strconv.Unquote does. Off for klog, whose writer (strconv.Quote) never
   * prints octal, so a backslash before digits there stays the digits.
   */
  readonly octal?: boolean;
}

const NO_OPTIONS: GoQuotedOptions = {};
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v' };

/**
 * Decodes a Go-quoted string (`strconv.Quote`, `%q`) that starts at `start` (a `"`); `end` is the index after the
 * closing quote. Undefined when the string never closes. `\xNN` runs are collected as bytes and decoded as UTF-8
 * together, because Go escapes each byte of a multi-byte character that is not valid on its own.
 */
export function readGoQuoted(text: string, start: number, options: GoQuotedOptions = NO_OPTIONS): { value: string; end: number } | undefined {
  // Most quoted values (klog `err="…"`, logrus `msg="…"`) hold no escape: one slice, no decoding state.
  const close = text.indexOf('"', start + 1);
  if (close === -1) return undefined;
  let plain = true;
  for (let k = start + 1; k < close; k++) {
    if (text.charCodeAt(k) === 0x5c) {
      plain = false;
      break;
    }
  }
  if (plain) return { value: text.slice(start + 1, close), end: close + 1 };
  let out = '';
  let bytes: number[] = [];
  const flushBytes = (): void => {
    if (bytes.length > 0) {
      out += new TextDecoder().decode(new Uint8Array(bytes));
      bytes = [];
    }
  };
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      flushBytes();
      return { value: out, end: i + 1 };
    }
    if (c !== 0x5c) {
      flushBytes();
      let j = i;
      while (j < text.length && text.charCodeAt(j) !== 0x22 && text.charCodeAt(j) !== 0x5c) j++;
      out += text.slice(i, j);
      i = j;
      continue;
    }
    const e = text[i + 1];
    if (e === undefined) return undefined;
    if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 2, i + 4))) {
      bytes.push(parseInt(text.slice(i + 2, i + 4), 16));
      i += 4;
      continue;
    }
    flushBytes();
    const hexLen = e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (hexLen > 0) {
      const hex = text.slice(i + 2, i + 2 + hexLen);
      const cp = hex.length === hexLen && /^[0-9a-fA-F]+$/.test(hex) ? parseInt(hex, 16) : NaN;
      if (Number.isFinite(cp) && cp <= 0x10ffff) {
        out += String.fromCodePoint(cp);
        i += 2 + hexLen;
        continue;
      }
    }
    if (options.octal && /^[0-7]{3}$/.test(text.slice(i + 1, i + 4))) {
      bytes.push(parseInt(text.slice(i + 1, i + 4), 8) & 0xff);
      i += 4;
      continue;
    }
    out += SIMPLE_ESCAPES[e] ?? e;
    i += 2;
  }
  return undefined;
}
