export interface GoQuotedOptions {
  /**
   * Read `\NNN` as an octal byte, as Go's strconv.Unquote does. Off for klog, whose writer (strconv.Quote) never
   * prints octal, so a backslash before digits there stays the digits.
   */
  readonly octal?: boolean;
}

const NO_OPTIONS: GoQuotedOptions = {};
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v' };
// Stateless without `stream`, so one instance serves every call (a new one per byte run was measurable).
const UTF8 = new TextDecoder();

/*
 * The first backslash at or after a position of the last text asked about: a klog or logrus line holds several
 * quoted values, and without this each one would search the rest of the line again. Equal text gives an equal
 * answer, so the cache is right even when another string with the same content comes along; such a string is
 * compared in full on every call, which is why long texts (a hostile 1 MB line of short values) skip the cache.
 */
const CACHED_TEXT_MAX = 2048;
let cachedText = '';
let cachedFrom = 0;
let cachedAt = -1;

/** True when no backslash occurs in `text` from `from` up to (not including) `to`. */
function noBackslash(text: string, from: number, to: number): boolean {
  if (text.length > CACHED_TEXT_MAX) {
    for (let k = from; k < to; k++) if (text.charCodeAt(k) === 0x5c) return false;
    return true;
  }
  if (!(from >= cachedFrom && (cachedAt === -1 || from <= cachedAt) && text === cachedText)) {
    cachedAt = text.indexOf('\\', from);
    cachedText = text;
    cachedFrom = from;
  }
  return cachedAt === -1 || cachedAt >= to;
}

/** Value of an ASCII hex digit, or -1. */
function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

function isOctal(code: number): boolean {
  return code >= 0x30 && code <= 0x37;
}

/**
 * Decodes a Go-quoted string (`strconv.Quote`, `%q`) that starts at `start` (a `"`); `end` is the index after the
 * closing quote. Undefined when the string never closes. `\xNN` runs are collected as bytes and decoded as UTF-8
 * together, because Go escapes each byte of a multi-byte character that is not valid on its own.
 */
export function readGoQuoted(text: string, start: number, options: GoQuotedOptions = NO_OPTIONS): { value: string; end: number } | undefined {
  // Most quoted values (klog `err="…"`, logrus `msg="…"`) hold no escape: one slice, no decoding state.
  const close = text.indexOf('"', start + 1);
  if (close === -1) return undefined;
  if (noBackslash(text, start + 1, close)) return { value: text.slice(start + 1, close), end: close + 1 };
  return readEscaped(text, start, options.octal === true);
}

function readEscaped(text: string, start: number, octal: boolean): { value: string; end: number } | undefined {
  let out = '';
  // Bytes of a `\xNN` run (and of one octal escape), decoded together when the run ends.
  let bytes: number[] | undefined;
  const n = text.length;
  let i = start + 1;
  // Literal text from `run` to `i` not yet added to `out`: an escape that stands for itself (`\"`, `\\`) joins the
  // next run instead of costing a concatenation of its own. Empty whenever `bytes` is pending.
  let run = i;
  // The next quote and backslash at or after `i`, found by indexOf (native speed) and only looked for again once passed.
  let quote = text.indexOf('"', i);
  let backslash = text.indexOf('\\', i);
  while (i < n) {
    if (quote !== -1 && quote < i) quote = text.indexOf('"', i);
    // No quote left: escapes only ever skip characters, so the string cannot close.
    if (quote === -1) return undefined;
    if (backslash !== -1 && backslash < i) backslash = text.indexOf('\\', i);
    if (backslash === -1 || quote < backslash) {
      // Pending bytes come before the plain text that follows them (`run` is `i` while they are pending).
      if (bytes !== undefined) out += UTF8.decode(new Uint8Array(bytes));
      out += text.slice(run, quote);
      return { value: out, end: quote + 1 };
    }
    if (backslash > i && bytes !== undefined) {
      out += UTF8.decode(new Uint8Array(bytes));
      bytes = undefined;
    }
    i = backslash;
    if (i + 1 >= n) return undefined;
    const e = text.charCodeAt(i + 1);
    if (e === 0x78 /* x */) {
      const high = hexValue(text.charCodeAt(i + 2));
      const low = hexValue(text.charCodeAt(i + 3));
      if (high >= 0 && low >= 0) {
        out += text.slice(run, i);
        (bytes ??= []).push(high * 16 + low);
        i += 4;
        run = i;
        continue;
      }
    }
    out += text.slice(run, i);
    if (bytes !== undefined) {
      out += UTF8.decode(new Uint8Array(bytes));
      bytes = undefined;
    }
    if (e === 0x22 || e === 0x5c) {
      // `\"` and `\\`, nearly every escape in kubelet and containerd lines, stand for themselves.
      run = i + 1;
      i += 2;
      continue;
    }
    const hexLen = e === 0x75 /* u */ ? 4 : e === 0x55 /* U */ ? 8 : 0;
    if (hexLen > 0 && i + 2 + hexLen <= n) {
      let cp = 0;
      for (let k = i + 2; k < i + 2 + hexLen && cp >= 0; k++) {
        const h = hexValue(text.charCodeAt(k));
        cp = h < 0 ? -1 : cp * 16 + h;
      }
      if (cp >= 0 && cp <= 0x10ffff) {
        out += String.fromCodePoint(cp);
        i += 2 + hexLen;
        run = i;
        continue;
      }
    }
    if (octal && isOctal(e) && isOctal(text.charCodeAt(i + 2)) && isOctal(text.charCodeAt(i + 3))) {
      // A lone byte: the run is decoded before the next escape of any kind other than `\x`.
      bytes = [((e - 0x30) * 64 + (text.charCodeAt(i + 2) - 0x30) * 8 + (text.charCodeAt(i + 3) - 0x30)) & 0xff];
      i += 4;
      run = i;
      continue;
    }
    const simple = SIMPLE_ESCAPES[text[i + 1]!];
    if (simple !== undefined) {
      out += simple;
      run = i + 2;
    } else {
      // Any other escaped code unit stands for itself: it starts the next literal run.
      run = i + 1;
    }
    i += 2;
  }
  return undefined;
}
