import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import type { LineFlags, LogLine, SourceRef } from '../model/index.js';
import type { LineMarking } from './line-marks.js';

export interface SplitLinesOptions {
  readonly source: SourceRef;
  /** Lines longer than this many bytes are cut here and flagged `truncated`. */
  readonly maxLineBytes: number;
  /** Marks lines that may hold a signature literal, from their bytes (the lines themselves are unchanged). */
  readonly marking?: LineMarking;
}

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

const NO_FLAGS: LineFlags | undefined = undefined;

/** A leading run of at least this many NUL bytes is crash padding, not line content (see LineSplitter.emit). */
const NUL_PADDING_MIN = 8;
/**
 * Bytes of complete lines decoded into one string at most. V8 puts a string over 128 KiB straight into its old
 * generation (large object space), where it stays until a full collection however short its life: a 256 KiB chunk
 * decoded whole made the old generation grow by the input's size, and peak memory with it.
 */
const DECODE_BYTES = 32 * 1024;

/**
 * Splits a member's bytes into lines: `\n` ends a line, one trailing `\r` is dropped, numbering starts
 * at 1, a last line without a newline still counts. Lines over the limit keep their first
 * `maxLineBytes` bytes and the rest is skipped without being held. A UTF-8 BOM is dropped; UTF-16 with
 * a BOM is decoded. Invalid UTF-8 becomes U+FFFD and the line is flagged.
 */
export async function* splitLines(chunks: AsyncIterable<Uint8Array>, options: SplitLinesOptions): AsyncGenerator<LogLine, void, undefined> {
  const splitter = new LineSplitter(options);
  try {
    for await (const chunk of chunks) {
      const lines = splitter.push(chunk);
      for (const line of lines) yield line;
    }
  } catch (error) {
    // The bytes stopped mid-line (a truncated gzip): the start of that line is still evidence, marked cut.
    for (const line of splitter.end(true)) yield line;
    throw error;
  }
  for (const line of splitter.end()) yield line;
}

/**
 * `splitLines`, handing over every chunk's lines as one array: a consumer that drains many lines per `await`
 * (the parse driver) skips a promise hop per line, which on a large bundle costs more than splitting itself.
 * Empty batches are not yielded; a line cut by a failing input comes in a last batch before the error.
 */
export async function* splitLineBatches(chunks: AsyncIterable<Uint8Array>, options: SplitLinesOptions): AsyncGenerator<LogLine[], void, undefined> {
  const splitter = new LineSplitter(options);
  try {
    for await (const chunk of chunks) {
      const lines = splitter.push(chunk);
      if (lines.length > 0) yield lines;
    }
  } catch (error) {
    const cut = splitter.end(true);
    if (cut.length > 0) yield cut;
    throw error;
  }
  const last = splitter.end();
  if (last.length > 0) yield last;
}

/** The push-based core of `splitLines`, for callers that already hold the chunks. */
export class LineSplitter {
  private readonly source: SourceRef;
  private readonly maxLineBytes: number;
  private lineNumber = 0;
  /** Pieces of the current line, at most `maxLineBytes` bytes in all. */
  private parts: Buffer[] = [];
  private partsBytes = 0;
  /** The current line already hit the limit: bytes up to its newline are dropped. */
  private overLimit = false;
  private encoding: Encoding | undefined;
  private head: Buffer | undefined;
  private utf16: TextDecoder | undefined;
  private readonly marking: LineMarking | undefined;

  constructor(options: SplitLinesOptions) {
    this.source = options.source;
    this.marking = options.marking;
    this.maxLineBytes = Math.max(4, Math.floor(options.maxLineBytes));
  }

  push(chunk: Uint8Array): LogLine[] {
    let bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.encoding === undefined) {
      // The BOM decides the encoding; it can straddle tiny chunks, so wait for three bytes.
      bytes = this.head ? Buffer.concat([this.head, bytes]) : bytes;
      if (bytes.length < 3) {
        this.head = bytes;
        return [];
      }
      this.head = undefined;
      bytes = this.chooseEncoding(bytes);
    }
    if (this.utf16) bytes = Buffer.from(this.utf16.decode(bytes, { stream: true }), 'utf8');
    const out: LogLine[] = [];
    this.scan(bytes, out);
    return out;
  }

  /** Emits what is pending; `cut` marks a pending partial line as truncated (the input broke off). */
  end(cut = false): LogLine[] {
    const out: LogLine[] = [];
    if (cut && this.partsBytes > 0) this.overLimit = true;
    if (this.encoding === undefined && this.head) {
      const head = this.chooseEncoding(this.head);
      this.head = undefined;
      this.scan(this.utf16 ? Buffer.from(this.utf16.decode(head, { stream: true }), 'utf8') : head, out);
    }
    if (this.utf16) this.scan(Buffer.from(this.utf16.decode(), 'utf8'), out);
    if (this.partsBytes > 0 || this.overLimit) this.emit(undefined, 0, 0, out);
    return out;
  }

  private chooseEncoding(bytes: Buffer): Buffer {
    if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
      this.encoding = 'utf-8';
      return bytes.subarray(3);
    }
    if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
      this.encoding = 'utf-16le';
      this.utf16 = new TextDecoder('utf-16le');
      return bytes.subarray(2);
    }
    if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
      this.encoding = 'utf-16be';
      this.utf16 = new TextDecoder('utf-16be');
      return bytes.subarray(2);
    }
    this.encoding = 'utf-8';
    return bytes;
  }

  private scan(bytes: Buffer, out: LogLine[]): void {
    let start = 0;
    const length = bytes.length;
    if (this.partsBytes > 0 || this.overLimit) {
      // Finish the line begun in an earlier chunk first.
      const newline = bytes.indexOf(0x0a);
      if (newline === -1) {
        this.keep(bytes, 0, length);
        return;
      }
      this.emit(bytes, 0, newline, out);
      start = newline + 1;
    }
    start = this.scanWhole(bytes, start, out);
    while (start < length) {
      const newline = bytes.indexOf(0x0a, start);
      if (newline === -1) {
        this.keep(bytes, start, length);
        return;
      }
      this.emit(bytes, start, newline, out);
      start = newline + 1;
    }
  }

  /**
   * The complete lines of `bytes` from `start` at once, when they are all valid UTF-8 (the common case): one check,
   * one decode and one split instead of three native calls per line. A valid buffer split at `\n` gives valid lines,
   * since `\n` never occurs inside a multi-byte character. Returns where the per-line path must continue: at the
   * unfinished last line, or at `start` when this path does not apply.
   */
  private scanWhole(bytes: Buffer, start: number, out: LogLine[]): number {
    const last = bytes.lastIndexOf(0x0a);
    // A line that may be over the limit, NUL padding, or invalid bytes: the per-line path handles those.
    if (last <= start || last - start > this.maxLineBytes || bytes.indexOf(0, start) !== -1) return start;
    const region = bytes.subarray(start, last);
    if (!isUtf8(region)) return start;
    const source = this.source;
    let lineNumber = this.lineNumber;
    this.marking?.marker.markLines(bytes, start, last, lineNumber + 1, this.marking.marks);
    // In pieces of whole lines (a line longer than a piece is one piece): the same lines as one split of the region.
    for (let from = start; ; ) {
      let to = last;
      if (last - from > DECODE_BYTES) {
        const newline = bytes.lastIndexOf(0x0a, from + DECODE_BYTES);
        to = newline >= from ? newline : bytes.indexOf(0x0a, from + DECODE_BYTES);
      }
      const texts = bytes.toString('utf8', from, to).split('\n');
      for (let i = 0; i < texts.length; i++) {
        let text = texts[i]!;
        if (text.charCodeAt(text.length - 1) === 0x0d) text = text.slice(0, -1);
        out.push({ source, lineNumber: ++lineNumber, text });
      }
      if (to === last) break;
      from = to + 1;
    }
    this.lineNumber = lineNumber;
    return last + 1;
  }

  /** Holds part of an unfinished line, never more than the limit. */
  private keep(bytes: Buffer, start: number, end: number): void {
    if (this.overLimit) return;
    const room = this.maxLineBytes - this.partsBytes;
    if (end - start > room) {
      // Copy: the chunk behind `bytes` must not stay alive for the sake of one line.
      this.parts.push(Buffer.from(bytes.subarray(start, start + room)));
      this.partsBytes += room;
      this.overLimit = true;
      return;
    }
    this.parts.push(Buffer.from(bytes.subarray(start, end)));
    this.partsBytes += end - start;
  }

  /** Ends the current line with `bytes[start, end)` (no bytes when `bytes` is undefined). */
  private emit(bytes: Buffer | undefined, start: number, end: number, out: LogLine[]): void {
    let line: Buffer;
    let truncated = this.overLimit;
    if (bytes !== undefined && !this.overLimit && this.partsBytes + (end - start) > this.maxLineBytes) {
      end = start + (this.maxLineBytes - this.partsBytes);
      truncated = true;
    }
    if (this.partsBytes === 0) {
      line = bytes === undefined ? Buffer.alloc(0) : bytes.subarray(start, end);
    } else {
      if (bytes !== undefined && !this.overLimit && end > start) this.parts.push(bytes.subarray(start, end));
      line = Buffer.concat(this.parts);
    }
    this.parts = [];
    this.partsBytes = 0;
    this.overLimit = false;
    // NUL padding left by a crash (see looksBinary) runs into the first line written after the reboot.
    // Shorter runs are data: a journal export length prefix (`\0\1\0…`) starts a line with a few NULs.
    if (line.length >= NUL_PADDING_MIN && line[0] === 0) {
      let first = 0;
      while (first < line.length && line[first] === 0) first++;
      if (first >= NUL_PADDING_MIN) line = line.subarray(first);
    }
    if (truncated) {
      line = line.subarray(0, cutAtCharBoundary(line, line.length));
    } else if (line.length > 0 && line[line.length - 1] === 0x0d) {
      line = line.subarray(0, line.length - 1);
    }
    this.lineNumber++;
    this.marking?.marker.markLines(line, 0, line.length, this.lineNumber, this.marking.marks);
    const valid = isUtf8(line);
    const flags: LineFlags | undefined =
      truncated || !valid ? { ...(truncated ? { truncated: true } : {}), ...(valid ? {} : { invalidUtf8: true }) } : NO_FLAGS;
    const text = line.toString('utf8');
    out.push(flags ? { source: this.source, lineNumber: this.lineNumber, text, flags } : { source: this.source, lineNumber: this.lineNumber, text });
  }
}

/** Backs off a cut so it does not split a multi-byte UTF-8 character (which would read as invalid). */
function cutAtCharBoundary(line: Buffer, cut: number): number {
  let at = cut;
  if (at >= line.length) {
    // The cut is at the end of what was kept; check whether the last character is complete.
    let lead = at - 1;
    while (lead >= 0 && at - lead <= 4 && (line[lead] & 0xc0) === 0x80) lead--;
    if (lead < 0 || at - lead > 4) return at;
    const b = line[lead];
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return at - lead < need ? lead : at;
  }
  while (at > 0 && (line[at] & 0xc0) === 0x80) at--;
  return at;
}
