import type { DecodedJournalEntry } from '../../model/log-line.js';
import type { LineMarking } from '../line-marks.js';
import { decompressDataPayload, type PayloadResult } from './decompress-data-payload.js';
import { decodeField, decodeJournalEntry, renderJournalJsonLine, type DecodedField, type JournalEntryHeader } from './decode-journal-entry.js';
import { bufferedJournalBytes, type JournalBytes } from './journal-bytes.js';
import { JournalObjectReader } from './journal-object-reader.js';
import { type JournalHeader, parseJournalHeader, u64 } from './parse-journal-header.js';
import { isEnvelopeKey } from '../../patterns/is-envelope-key.js';

/*
 * Reads a binary journal file (at offsets: the format needs random access) and yields each entry decoded: its fields
 * as text, as the journal-json format would read them from `journalctl -o json`, and that JSON line on request.
 * Entries come in the order of the file's main entry-array chain (header.entry_array_offset), which is seqnum order.
 */

export interface JournalFileEntry {
  /** 1-based position of the entry in the file's entry list; it stands in for a line number in evidence. */
  readonly ordinal: number;
  readonly entry: DecodedJournalEntry;
  /** The entry as one `journalctl -o json` line, rendered when first read. */
  readonly text: string;
}

export interface JournalFileProblem {
  /** Byte offset of the object the problem is about. */
  readonly offset: number;
  /** Entry ordinal when the problem is inside one entry. */
  readonly ordinal?: number;
  readonly message: string;
}

export interface ReadJournalFileOptions {
  /** A field value larger than this is printed as `null` (journalctl's mark for a value it left out); default 16 MiB. */
  readonly maxFieldBytes?: number;
  /**
   * The raw-byte prefilter: each entry whose MESSAGE (and fields outside the journal envelope: what a signature's
   * match text holds) may hold a signature literal is marked under its ordinal, from the field bytes before any
   * string is made of them.
   */
  readonly marking?: LineMarking;
}

export type JournalFileRead =
  | { readonly ok: false; readonly kind: 'unsupported' | 'damaged'; readonly reason: string }
  | {
      readonly ok: true;
      readonly header: JournalHeader;
      readonly lines: AsyncIterable<JournalFileEntry>;
      /** The same entries, many per step (one promise per entry costs as much as decoding it). Iterate one of the two. */
      readonly batches: AsyncIterable<readonly JournalFileEntry[]>;
      /** Damage found while iterating `lines`: complete once iteration ended. */
      readonly problems: JournalFileProblem[];
      /** Problems beyond the ones kept in `problems`. */
      readonly droppedProblems: () => number;
    };

const DEFAULT_MAX_FIELD_BYTES = 16 * 1024 * 1024;
const MAX_KEPT_PROBLEMS = 20;
/** Entries handed over per step. */
const BATCH_ENTRIES = 256;
/** Fields kept by DATA offset: hostnames, units and boot ids recur in most entries. Cleared when full. */
const FIELD_CACHE_SIZE = 16384;
/** Larger values are decoded again when they recur, so the cache stays small. */
const CACHED_VALUE_CHARS = 4096;

/** The most of the file's start the header can need (its fields end at byte 184; newer headers only grow). */
const HEADER_READ_BYTES = 4096;

/**
 * Opens `source` (a whole file in memory, or read at offsets) as a journal file; refusal (not a journal, unknown
 * incompatible flags) comes back as a reason. Never throws for a buffer; a file read error is thrown while iterating.
 */
export function readJournalFile(source: Uint8Array | JournalBytes, options: ReadJournalFileOptions = {}): JournalFileRead {
  const bytes = source instanceof Uint8Array ? bufferedJournalBytes(source) : source;
  const parsed = parseJournalHeader(bytes.read(0, HEADER_READ_BYTES), bytes.length);
  if (!parsed.ok) return parsed;
  const header = parsed.header;
  const problems: JournalFileProblem[] = [];
  let dropped = 0;
  const report = (problem: JournalFileProblem): void => {
    if (problems.length < MAX_KEPT_PROBLEMS) problems.push(problem);
    else dropped++;
  };
  return {
    ok: true,
    header,
    lines: { [Symbol.asyncIterator]: () => oneByOne(entries(bytes, header, options, report)) },
    batches: { [Symbol.asyncIterator]: () => entries(bytes, header, options, report) },
    problems,
    droppedProblems: () => dropped,
  };
}

async function* oneByOne(batches: AsyncIterable<readonly JournalFileEntry[]>): AsyncGenerator<JournalFileEntry, void, undefined> {
  for await (const batch of batches) yield* batch;
}

async function* entries(
  bytes: JournalBytes,
  header: JournalHeader,
  options: ReadJournalFileOptions,
  report: (p: JournalFileProblem) => void,
): AsyncGenerator<readonly JournalFileEntry[], void, undefined> {
  let problems = 0;
  const counted = (p: JournalFileProblem): void => {
    problems++;
    report(p);
  };
  const lost = cutBeforeTail(bytes, header);
  if (lost !== undefined) counted({ offset: header.tailObjectOffset, message: lost });
  let yielded = 0;
  for await (const batch of walkEntries(bytes, header, options, counted)) {
    yielded += batch.length;
    yield batch;
  }
  // Entries lost without damage seen on the way (a zeroed chain link): the header of a closed file still counts them.
  if (problems === 0 && header.state !== 'online' && yielded < header.nEntries) {
    report({ offset: 152, message: `the header counts ${header.nEntries} entries but the entry list holds only ${yielded}` });
  }
}

/** An entry whose JSON line is rendered only if someone reads `text`. */
class DecodedEntry implements JournalFileEntry {
  private json: string | undefined;
  constructor(
    readonly ordinal: number,
    readonly entry: DecodedJournalEntry,
    private readonly header: JournalEntryHeader,
    private readonly fields: readonly DecodedField[],
  ) {}

  get text(): string {
    return (this.json ??= renderJournalJsonLine(this.header, this.fields));
  }
}

async function* walkEntries(
  bytes: JournalBytes,
  header: JournalHeader,
  options: ReadJournalFileOptions,
  report: (p: JournalFileProblem) => void,
): AsyncGenerator<readonly JournalFileEntry[], void, undefined> {
  const maxFieldBytes = options.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES;
  const marker = options.marking === undefined ? undefined : new EntryMarker(options.marking);
  const reader = new JournalObjectReader(bytes, header);
  const cache = new Map<number, DecodedField | string>();
  // A never-closed file's tail may be half written: say so, since that is expected rather than corruption.
  const tail = header.state === 'online' ? ' (the file was never closed, so its tail may be torn)' : '';
  const visited = new Set<number>();
  let ordinal = 0;
  let lastEntry = 0;
  let arrayOffset = header.entryArrayOffset;
  let batch: JournalFileEntry[] = [];
  while (arrayOffset !== 0) {
    if (visited.has(arrayOffset)) {
      report({ offset: arrayOffset, message: `entry array chain loops back to offset ${arrayOffset}; stopped there` });
      break;
    }
    visited.add(arrayOffset);
    const array = reader.entryArray(arrayOffset);
    if (!array.ok) {
      report({ offset: arrayOffset, message: `entry list ends early: ${array.reason}${tail}` });
      break;
    }
    for (const entryOffset of array.value.entries) {
      ordinal++;
      // Entries are appended, so offsets grow; an offset that does not is damage, and refusing it bounds the work.
      if (entryOffset <= lastEntry) {
        report({ offset: entryOffset, ordinal, message: `entry #${ordinal} at offset ${entryOffset} is out of order (previous entry at ${lastEntry}); skipped` });
        continue;
      }
      const bad = reader.readEntry(entryOffset);
      if (bad !== undefined) {
        report({ offset: entryOffset, ordinal, message: `entry #${ordinal} skipped: ${bad}${tail}` });
        continue;
      }
      lastEntry = entryOffset;
      // Taken before the fields are read: the reader's entry is overwritten by the next one read.
      const entry = reader.lastEntry;
      const entryHeader: JournalEntryHeader = {
        seqnumId: header.seqnumId,
        seqnum: entry.seqnum,
        realtime: entry.realtime,
        monotonic: entry.monotonic,
        bootId: entry.bootId,
        xorHash: entry.xorHash,
      };
      const items = entry.items;
      const dataOffsets = entry.dataOffsets;
      marker?.begin(ordinal);
      const fields: DecodedField[] = new Array<DecodedField>(items);
      let kept = 0;
      for (let i = 0; i < items; i++) {
        const dataOffset = dataOffsets[i]!;
        let field = cache.get(dataOffset);
        if (field === undefined) {
          const read = readField(reader, dataOffset, maxFieldBytes, marker);
          // Only xz payloads decode asynchronously; every other field is read without a promise.
          const decoded = read instanceof Promise ? await read : read;
          field = decoded.field;
          // A field of this entry alone (most messages) is not kept: kept, it would outlive young garbage collection.
          if (decoded.shared) {
            if (cache.size >= FIELD_CACHE_SIZE) cache.clear();
            if (typeof field === 'string' || field.value === null || field.value.length <= CACHED_VALUE_CHARS) cache.set(dataOffset, field);
          }
        }
        if (typeof field === 'string') {
          report({ offset: dataOffset, ordinal, message: `entry #${ordinal}: field left out: ${field}${tail}` });
          continue;
        }
        marker?.add(field);
        fields[kept++] = field;
      }
      if (kept < items) fields.length = kept;
      marker?.end();
      batch.push(new DecodedEntry(ordinal, decodeJournalEntry(entryHeader, fields), entryHeader, fields));
      if (batch.length >= BATCH_ENTRIES) {
        marker?.flush();
        yield batch;
        batch = [];
      }
    }
    if (array.value.cutAt !== undefined) {
      report({ offset: arrayOffset, message: `entry list ends early: ENTRY_ARRAY object at offset ${arrayOffset} is cut by the end of the file at ${array.value.cutAt}${tail}` });
      break;
    }
    arrayOffset = array.value.next;
  }
  marker?.flush();
  if (batch.length > 0) yield batch;
}

/**
 * Marks an entry when the bytes its events' match text is made of hold a signature literal: its MESSAGE values and
 * `NAME=value` of fields outside the journal envelope, joined by spaces into one line (a regex may match across the
 * lines of a MESSAGE, so newlines become spaces: no literal piece holds either). An entry with such a field binary
 * or left out is always marked, as the prefilter cannot read it.
 *
 * The lines of a batch of entries (one per ordinal, empty for an entry skipped or without such bytes) are marked in
 * one call (`flush`): a call per entry cost more than its scan.
 */
class EntryMarker {
  private line = Buffer.alloc(64 * 1024);
  private length = 0;
  /** Ordinal of the batch's first line; 0 while the batch is empty. */
  private first = 0;
  /** Ordinal of the line being written. */
  private current = 0;
  /** Where the current entry's line starts. */
  private lineStart = 0;
  private always = false;

  constructor(private readonly marking: LineMarking) {}

  begin(ordinal: number): void {
    if (this.first === 0) {
      this.first = this.current = ordinal;
    } else {
      this.room(ordinal - this.current);
      for (; this.current < ordinal; this.current++) this.line[this.length++] = 0x0a;
    }
    this.lineStart = this.length;
    this.always = false;
  }

  add(field: DecodedField): void {
    if (field.alwaysMatchable) this.always = true;
    const bytes = field.matchBytes;
    if (bytes === undefined || this.always) return;
    this.room(bytes.length + 1);
    const line = this.line;
    let at = this.length;
    if (at > this.lineStart) line[at++] = 0x20;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      line[at++] = b === 0x0a ? 0x20 : b;
    }
    this.length = at;
  }

  /** `bytes[from, to)`, a field's bytes read where they lie (see `add`). */
  addBytes(bytes: Uint8Array, from: number, to: number): void {
    if (this.always) return;
    this.room(to - from + 1);
    const line = this.line;
    let at = this.length;
    if (at > this.lineStart) line[at++] = 0x20;
    for (let i = from; i < to; i++) {
      const b = bytes[i]!;
      line[at++] = b === 0x0a ? 0x20 : b;
    }
    this.length = at;
  }

  end(): void {
    if (!this.always) return;
    this.marking.marks.mark(this.current);
    this.length = this.lineStart; // nothing left to scan on a marked line
  }

  /** Marks the batch's lines; call before its entries are handed on. */
  flush(): void {
    if (this.first === 0) return;
    if (this.length > 0) this.marking.marker.markLines(this.line, 0, this.length, this.first, this.marking.marks);
    this.first = 0;
    this.length = 0;
  }

  private room(bytes: number): void {
    const needed = this.length + bytes;
    if (needed <= this.line.length) return;
    const grown = Buffer.alloc(Math.max(needed, this.line.length * 2));
    grown.set(this.line.subarray(0, this.length));
    this.line = grown;
  }
}

/** Why the file is shorter than its last object reaches, if it is (a cut copy or a truncated archive member). */
function cutBeforeTail(bytes: JournalBytes, header: JournalHeader): string | undefined {
  const tail = header.tailObjectOffset;
  if (tail === 0 || !Number.isFinite(tail)) return undefined;
  let end = tail + 16;
  if (end <= bytes.length) {
    const size = bytes.read(tail + 8, 8);
    end = tail + u64(new DataView(size.buffer, size.byteOffset, size.byteLength), 0);
  }
  if (end <= bytes.length) return undefined;
  return `file is cut at ${bytes.length} bytes, before the end of its last object (offset ${tail})`;
}

interface ReadField {
  /** The field, or a reason it could not be read. */
  readonly field: DecodedField | string;
  /** True unless the object says only one entry refers to it (then no later entry asks for it again). */
  readonly shared: boolean;
}

/**
 * The field at `offset`; a promise only for an xz payload. A field of this entry alone that the prefilter reads is
 * handed to `marker` here, from the bytes where they lie (it keeps no copy of them: see `plainField`).
 */
function readField(reader: JournalObjectReader, offset: number, maxFieldBytes: number, marker: EntryMarker | undefined): ReadField | Promise<ReadField> {
  const bad = reader.readData(offset);
  if (bad !== undefined) return { field: bad, shared: true };
  const data = reader.lastData;
  const shared = data.entries !== 1;
  if (data.compression === 0) {
    const field = plainField(data.bytes, data.payloadStart, data.payloadEnd, maxFieldBytes, shared, marker);
    if (field !== undefined) return { field, shared };
  }
  const result = decompressDataPayload(data.compression, data.bytes.subarray(data.payloadStart, data.payloadEnd), maxFieldBytes);
  return result instanceof Promise
    ? result.then((r) => ({ field: fieldOf(r, offset, maxFieldBytes), shared }))
    : { field: fieldOf(result, offset, maxFieldBytes), shared };
}

/**
 * An uncompressed `NAME=value` whose value is printable ASCII (most fields), decoded where it lies: the same field
 * `decodeField` gives, but for the prefilter's bytes, which are handed to `marker` at once unless the field is
 * shared (then kept on the field, as later entries read it from the cache). Undefined for any other payload.
 */
function plainField(bytes: Buffer, start: number, end: number, maxFieldBytes: number, shared: boolean, marker: EntryMarker | undefined): DecodedField | undefined {
  let equals = -1;
  for (let i = start; i < end; i++) {
    if (bytes[i] === 0x3d) {
      equals = i;
      break;
    }
  }
  if (equals <= start || end - equals - 1 > maxFieldBytes) return undefined;
  for (let i = equals + 1; i < end; i++) {
    const b = bytes[i]!;
    if (b >= 0x7f || (b < 0x20 && b !== 0x09 && b !== 0x0a)) return undefined;
  }
  const name = fieldName(bytes, start, equals - start);
  if (name.includes(' ')) return undefined;
  const value = bytes.toString('latin1', equals + 1, end);
  if (name !== 'MESSAGE' && isEnvelopeKey(name)) return { name, value };
  const from = name === 'MESSAGE' ? equals + 1 : start;
  if (shared) return { name, value, matchBytes: new Uint8Array(bytes.subarray(from, end)) };
  marker?.addBytes(bytes, from, end);
  return { name, value };
}

function fieldOf(result: PayloadResult, offset: number, maxFieldBytes: number): DecodedField | string {
  if (!result.ok) return `DATA object at offset ${offset}: ${result.reason}`;
  const payload = result.bytes;
  const equals = payload.indexOf(0x3d);
  if (equals <= 0) return `DATA object at offset ${offset}: payload has no FIELD= name`;
  const name = fieldName(payload, 0, equals);
  // Like journalctl without --all, an oversized value (a coredump stored in the journal) is printed as null.
  if (!result.complete || payload.length - equals - 1 > maxFieldBytes) return decodeField(name, null);
  return decodeField(name, payload.subarray(equals + 1), payload);
}

/** Names read lately: a journal has a few dozen, so the same string serves every DATA object of a name. */
const RECENT_NAMES: string[] = [];
const MAX_RECENT_NAMES = 64;

/** The field name in `length` bytes of `bytes` from `start`, as latin1 (a name is ASCII in any journal systemd wrote). */
function fieldName(bytes: Uint8Array, start: number, length: number): string {
  for (let n = 0; n < RECENT_NAMES.length; n++) {
    const name = RECENT_NAMES[n]!;
    if (name.length !== length) continue;
    let same = true;
    for (let i = 0; same && i < length; i++) same = name.charCodeAt(i) === bytes[start + i];
    if (same) return name;
  }
  let built = '';
  for (let i = 0; i < length; i++) built += String.fromCharCode(bytes[start + i]!);
  // Internalized (as a property key is): the decoder's switch and the maps of field names compare such strings by
  // pointer instead of by their characters, tens of times per entry.
  const name = Object.keys({ [built]: 0 })[0] ?? built;
  if (RECENT_NAMES.length >= MAX_RECENT_NAMES) RECENT_NAMES.shift();
  RECENT_NAMES.push(name);
  return name;
}
