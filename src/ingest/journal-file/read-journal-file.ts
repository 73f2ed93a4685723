import { decompressDataPayload } from './decompress-data-payload.js';
import { formatJournalJsonLine, journalJsonValue } from './format-journal-json-line.js';
import { bufferedJournalBytes, type JournalBytes } from './journal-bytes.js';
import { JournalObjectReader } from './journal-object-reader.js';
import { type JournalHeader, parseJournalHeader, u64 } from './parse-journal-header.js';

/*
 * Reads a binary journal file (at offsets: the format needs random access) and yields each entry as one
 * `journalctl -o json` line, so the journal-json format parses it like an exported journal. Entries come in the
 * order of the file's main entry-array chain (header.entry_array_offset), which is seqnum order.
 */

export interface JournalJsonLine {
  /** 1-based position of the entry in the file's entry list; it stands in for a line number in evidence. */
  readonly ordinal: number;
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
}

export type JournalFileRead =
  | { readonly ok: false; readonly kind: 'unsupported' | 'damaged'; readonly reason: string }
  | {
      readonly ok: true;
      readonly header: JournalHeader;
      readonly lines: AsyncIterable<JournalJsonLine>;
      /** Damage found while iterating `lines`: complete once iteration ended. */
      readonly problems: JournalFileProblem[];
      /** Problems beyond the ones kept in `problems`. */
      readonly droppedProblems: () => number;
    };

const DEFAULT_MAX_FIELD_BYTES = 16 * 1024 * 1024;
const MAX_KEPT_PROBLEMS = 20;
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
    lines: { [Symbol.asyncIterator]: () => entries(bytes, header, options.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES, report) },
    problems,
    droppedProblems: () => dropped,
  };
}

async function* entries(
  bytes: JournalBytes,
  header: JournalHeader,
  maxFieldBytes: number,
  report: (p: JournalFileProblem) => void,
): AsyncGenerator<JournalJsonLine, void, undefined> {
  let problems = 0;
  const counted = (p: JournalFileProblem): void => {
    problems++;
    report(p);
  };
  const lost = cutBeforeTail(bytes, header);
  if (lost !== undefined) counted({ offset: header.tailObjectOffset, message: lost });
  let yielded = 0;
  for await (const line of walkEntries(bytes, header, maxFieldBytes, counted)) {
    yielded++;
    yield line;
  }
  // Entries lost without damage seen on the way (a zeroed chain link): the header of a closed file still counts them.
  if (problems === 0 && header.state !== 'online' && yielded < header.nEntries) {
    report({ offset: 152, message: `the header counts ${header.nEntries} entries but the entry list holds only ${yielded}` });
  }
}

async function* walkEntries(
  bytes: JournalBytes,
  header: JournalHeader,
  maxFieldBytes: number,
  report: (p: JournalFileProblem) => void,
): AsyncGenerator<JournalJsonLine, void, undefined> {
  const reader = new JournalObjectReader(bytes, header);
  const cache = new Map<number, readonly [string, string] | string>();
  // A never-closed file's tail may be half written: say so, since that is expected rather than corruption.
  const tail = header.state === 'online' ? ' (the file was never closed, so its tail may be torn)' : '';
  const visited = new Set<number>();
  let ordinal = 0;
  let lastEntry = 0;
  let arrayOffset = header.entryArrayOffset;
  while (arrayOffset !== 0) {
    if (visited.has(arrayOffset)) {
      report({ offset: arrayOffset, message: `entry array chain loops back to offset ${arrayOffset}; stopped there` });
      return;
    }
    visited.add(arrayOffset);
    const array = reader.entryArray(arrayOffset);
    if (!array.ok) {
      report({ offset: arrayOffset, message: `entry list ends early: ${array.reason}${tail}` });
      return;
    }
    for (const entryOffset of array.value.entries) {
      ordinal++;
      // Entries are appended, so offsets grow; an offset that does not is damage, and refusing it bounds the work.
      if (entryOffset <= lastEntry) {
        report({ offset: entryOffset, ordinal, message: `entry #${ordinal} at offset ${entryOffset} is out of order (previous entry at ${lastEntry}); skipped` });
        continue;
      }
      const entry = reader.entry(entryOffset);
      if (!entry.ok) {
        report({ offset: entryOffset, ordinal, message: `entry #${ordinal} skipped: ${entry.reason}${tail}` });
        continue;
      }
      lastEntry = entryOffset;
      const fields: (readonly [string, string])[] = [];
      for (const dataOffset of entry.value.dataOffsets) {
        let field = cache.get(dataOffset);
        if (field === undefined) {
          field = await readField(reader, dataOffset, maxFieldBytes);
          if (cache.size >= FIELD_CACHE_SIZE) cache.clear();
          if (typeof field === 'string' || field[1].length <= CACHED_VALUE_CHARS) cache.set(dataOffset, field);
        }
        if (typeof field === 'string') {
          report({ offset: dataOffset, ordinal, message: `entry #${ordinal}: field left out: ${field}${tail}` });
          continue;
        }
        fields.push(field);
      }
      yield { ordinal, text: formatJournalJsonLine({ seqnumId: header.seqnumId, ...entry.value, fields }) };
    }
    if (array.value.cutAt !== undefined) {
      report({ offset: arrayOffset, message: `entry list ends early: ENTRY_ARRAY object at offset ${arrayOffset} is cut by the end of the file at ${array.value.cutAt}${tail}` });
      return;
    }
    arrayOffset = array.value.next;
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

/** `[name, JSON value text]`, or a reason the field could not be read. */
async function readField(reader: JournalObjectReader, offset: number, maxFieldBytes: number): Promise<readonly [string, string] | string> {
  const data = reader.data(offset);
  if (!data.ok) return data.reason;
  const result = await decompressDataPayload(data.value.compression, data.value.payload, maxFieldBytes);
  if (!result.ok) return `DATA object at offset ${offset}: ${result.reason}`;
  const payload = result.bytes;
  const equals = payload.indexOf(0x3d);
  if (equals <= 0) return `DATA object at offset ${offset}: payload has no FIELD= name`;
  const name = latin1(payload.subarray(0, equals));
  // Like journalctl without --all, an oversized value (a coredump stored in the journal) is printed as null.
  if (!result.complete || payload.length - equals - 1 > maxFieldBytes) return [name, journalJsonValue(null)];
  return [name, journalJsonValue(payload.subarray(equals + 1))];
}

function latin1(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += String.fromCharCode(b);
  return out;
}
