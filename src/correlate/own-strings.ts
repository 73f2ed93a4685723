/**
 * Copies of strings for holding long. A line's text is a slice of the piece of input it was decoded with (up to
 * 32 KiB: see ingest/split-lines), and so is every part a parser takes of it (message, fields, unit): V8 keeps the
 * whole piece alive for as long as any slice of it is held. Analysis holds a few thousand events for the report
 * (context events, kept matches); held as slices they kept ~7 MB of input pieces alive on the 1 GB bench bundle.
 */

/** V8 copies substrings shorter than this instead of slicing them (SlicedString::kMinLength). */
const SLICE_MIN_LENGTH = 13;

/** The same text in a string of its own (one copy), not a slice of a larger one. */
export function ownString(text: string): string {
  if (text.length < SLICE_MIN_LENGTH) return text;
  // Slicing a concatenation flattens it into a new string first: the result is a slice of that copy only.
  return (' ' + text).slice(1);
}

/** `ownString` for every string of a plain record: its own values, and those of the records it holds, `depth` deep. */
export function withOwnStrings<T extends object>(record: T, depth = 2): T {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    const value = (record as Record<string, unknown>)[key];
    out[key] = typeof value === 'string' ? ownString(value)
      : depth > 1 && value !== null && typeof value === 'object' && !Array.isArray(value) ? withOwnStrings(value, depth - 1)
        : value;
  }
  return out as T;
}
