import type { JournalBytes } from './journal-bytes.js';
import { hexId, type JournalHeader, u64 } from './parse-journal-header.js';

/*
 * Objects of a binary journal file, read by offset with every offset checked against the file, the arena and
 * the 8-byte alignment systemd keeps (docs/JOURNAL_FILE_FORMAT.md, journal-def.h). A bad offset is a result,
 * not an exception: a live-copied ONLINE file ends in objects that were being written.
 */

export const OBJECT_DATA = 1;
export const OBJECT_ENTRY = 3;
export const OBJECT_ENTRY_ARRAY = 6;
const OBJECT_NAMES = ['UNUSED', 'DATA', 'FIELD', 'ENTRY', 'DATA_HASH_TABLE', 'FIELD_HASH_TABLE', 'ENTRY_ARRAY', 'TAG'];

const OBJECT_HEADER_SIZE = 16;
/** ENTRY: header, seqnum, realtime, monotonic, boot_id[16], xor_hash; items from here. */
const ENTRY_ITEMS_AT = 64;
/** ENTRY_ARRAY: header, next_entry_array_offset; items from here. */
const ENTRY_ARRAY_ITEMS_AT = 24;
/** DATA: header, hash, next_hash, next_field, entry_offset, entry_array_offset, n_entries (+ two u32 in compact files). */
const DATA_PAYLOAD_AT = 64;
const DATA_N_ENTRIES_AT = 56;
const COMPACT_DATA_PAYLOAD_AT = 72;

export type ObjectResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** The entry `readEntry` read last (one object, overwritten by each read). */
export interface JournalEntryObject {
  offset: number;
  /** u64 values as bigint: xor_hash uses all 64 bits, and the cursor prints them exactly. */
  seqnum: bigint;
  realtime: bigint;
  monotonic: bigint;
  xorHash: bigint;
  bootId: string;
  /** Offsets of the entry's DATA objects, in item order (zero items are kept out): the first `items` of them. */
  readonly dataOffsets: number[];
  items: number;
}

export interface JournalEntryArray {
  readonly next: number;
  /** Entry offsets; trailing zero slots (not yet used) are left out. */
  readonly entries: readonly number[];
  /** Set when the file ends inside this array: only the items before this offset were read. */
  readonly cutAt?: number;
}

/** The DATA object `readData` read last (one object, overwritten by each read). */
export interface JournalDataObject {
  /** OBJECT_COMPRESSED_XZ=1, _LZ4=2, _ZSTD=4. */
  compression: number;
  /** `FIELD=value`, still compressed when `compression` is set: `bytes` from `payloadStart` to `payloadEnd`. */
  bytes: Buffer;
  payloadStart: number;
  payloadEnd: number;
  /** How many entries refer to this object (n_entries): 1 for most messages, thousands for a host name. */
  entries: number;
}

export class JournalObjectReader {
  /** Objects live between the header and the end of the arena, cut at what was actually copied. */
  private readonly end: number;
  private lastBootId: { readonly bytes: Uint8Array; readonly hex: string } | undefined;
  /** Size and flags of the object `object` last checked. */
  private objectSize = 0;
  private objectFlags = 0;
  private viewBytes: Buffer | undefined;
  private view: DataView | undefined;
  readonly lastEntry: JournalEntryObject = { offset: 0, seqnum: 0n, realtime: 0n, monotonic: 0n, xorHash: 0n, bootId: '', dataOffsets: [], items: 0 };
  readonly lastData: JournalDataObject = { compression: 0, bytes: Buffer.alloc(0), payloadStart: 0, payloadEnd: 0, entries: 0 };

  constructor(
    private readonly bytes: JournalBytes,
    private readonly header: JournalHeader,
  ) {
    this.end = Math.min(bytes.length, header.headerSize + header.arenaSize);
  }

  entryArray(offset: number): ObjectResult<JournalEntryArray> {
    // An array is allocated whole and filled later, so a copy cut inside it still holds the items before the cut.
    const bad = this.object(offset, OBJECT_ENTRY_ARRAY, ENTRY_ARRAY_ITEMS_AT, true);
    if (bad !== undefined) return { ok: false, reason: bad };
    const objectSize = this.objectSize;
    const itemSize = this.header.compact ? 4 : 8;
    const available = Math.min(objectSize, this.end - offset);
    const count = Math.floor((available - ENTRY_ARRAY_ITEMS_AT) / itemSize);
    const { view } = this.body(offset, ENTRY_ARRAY_ITEMS_AT + count * itemSize);
    const entries: number[] = [];
    for (let i = 0; i < count; i++) {
      const at = ENTRY_ARRAY_ITEMS_AT + i * itemSize;
      const item = itemSize === 4 ? view.getUint32(at, true) : u64(view, at);
      if (item !== 0) entries.push(item);
    }
    const cut = available < objectSize;
    return { ok: true, value: { next: cut ? 0 : u64(view, 16), entries, ...(cut ? { cutAt: this.end } : {}) } };
  }

  /**
   * Reads the ENTRY object at `offset` into `lastEntry` (reused: the entry read before is overwritten); undefined
   * when it holds, else why not. No result object, view or array per entry: a journal is millions of objects.
   */
  readEntry(offset: number): string | undefined {
    const bad = this.object(offset, OBJECT_ENTRY, ENTRY_ITEMS_AT);
    if (bad !== undefined) return bad;
    const itemSize = this.header.compact ? 4 : 16;
    const count = Math.floor((this.objectSize - ENTRY_ITEMS_AT) / itemSize);
    const bytes = this.bytes.window(offset, ENTRY_ITEMS_AT + count * itemSize);
    const base = this.bytes.windowStart;
    const entry = this.lastEntry;
    const dataOffsets = entry.dataOffsets;
    let n = 0;
    for (let i = 0; i < count; i++) {
      const at = base + ENTRY_ITEMS_AT + i * itemSize;
      const item = itemSize === 4 ? u32At(bytes, at) : u64At(bytes, at);
      if (item !== 0) dataOffsets[n++] = item;
    }
    entry.items = n;
    const view = this.viewOf(bytes);
    entry.offset = offset;
    entry.seqnum = view.getBigUint64(base + 16, true);
    entry.realtime = view.getBigUint64(base + 24, true);
    entry.monotonic = view.getBigUint64(base + 32, true);
    entry.bootId = this.bootIdAt(bytes, base + 40);
    entry.xorHash = view.getBigUint64(base + 56, true);
    return undefined;
  }

  /** A DataView over `bytes`, kept while the same buffer (a cached block) comes back. */
  private viewOf(bytes: Buffer): DataView {
    if (bytes !== this.viewBytes) {
      this.viewBytes = bytes;
      this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    return this.view!;
  }

  /**
   * The boot id at `at`, as hex: the same string object while it repeats (every entry of a boot), so entries share
   * one flat string instead of each holding its own.
   */
  private bootIdAt(bytes: Uint8Array, at: number): string {
    const last = this.lastBootId;
    let same = last !== undefined;
    for (let i = 0; same && i < 16; i++) same = bytes[at + i] === last!.bytes[i];
    if (same) return last!.hex;
    const hex = hexId(bytes, at);
    hex.charCodeAt(0); // flattens the string built by concatenation
    this.lastBootId = { bytes: new Uint8Array(bytes.subarray(at, at + 16)), hex }; // a copy: not the block
    return hex;
  }

  /**
   * Reads the DATA object at `offset` into `lastData` (reused), its payload left where it lies (`lastData.bytes`
   * from `payloadStart` to `payloadEnd`, valid until the next read); undefined when it holds, else why not.
   */
  readData(offset: number): string | undefined {
    const payloadAt = this.header.compact ? COMPACT_DATA_PAYLOAD_AT : DATA_PAYLOAD_AT;
    const bad = this.object(offset, OBJECT_DATA, payloadAt);
    if (bad !== undefined) return bad;
    const bytes = this.bytes.window(offset, this.objectSize);
    const base = this.bytes.windowStart;
    const data = this.lastData;
    data.compression = this.objectFlags;
    data.entries = u64At(bytes, base + DATA_N_ENTRIES_AT);
    data.bytes = bytes;
    data.payloadStart = base + payloadAt;
    data.payloadEnd = base + this.objectSize;
    return undefined;
  }

  /** `size` bytes of the object at `offset` (checked to lie in the file) and a view over them, both from 0 at the object. */
  private body(offset: number, size: number): { readonly bytes: Uint8Array; readonly view: DataView } {
    const bytes = this.bytes.read(offset, size);
    return { bytes, view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  }

  /**
   * Checks the object header at `offset`: undefined when it holds, with its size and flags left in `objectSize` and
   * `objectFlags` (no result object per read: a journal is millions of objects), else why not.
   */
  private object(offset: number, type: number, minSize: number, allowCut = false): string | undefined {
    if (!Number.isFinite(offset) || offset < this.header.headerSize || offset % 8 !== 0) {
      return `${OBJECT_NAMES[type]} object at offset ${offset}: offset is outside the arena or not 8-byte aligned`;
    }
    if (offset + OBJECT_HEADER_SIZE > this.end) return `${OBJECT_NAMES[type]} object at offset ${offset}: past the end of the file (${this.end} bytes)`;
    const head = this.bytes.window(offset, OBJECT_HEADER_SIZE);
    const at = this.bytes.windowStart;
    const actual = head[at]!;
    if (actual !== type) return `${OBJECT_NAMES[type]} object at offset ${offset}: found object type ${OBJECT_NAMES[actual] ?? actual} instead`;
    const size = u64At(head, at + 8);
    if (size < minSize) return `${OBJECT_NAMES[type]} object at offset ${offset}: size ${size} is too small`;
    if (offset + size > this.end && !(allowCut && offset + minSize <= this.end)) {
      return `${OBJECT_NAMES[type]} object at offset ${offset}: size ${size} runs past the end of the file (${this.end} bytes)`;
    }
    this.objectSize = size;
    this.objectFlags = head[at + 1]!;
    return undefined;
  }
}

function u32At(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16)) + bytes[at + 3]! * 0x100_0000;
}

/** A u64 as a number, past 2^53 as Infinity (as `u64`), read from the bytes without a DataView. */
function u64At(bytes: Uint8Array, at: number): number {
  const hi = u32At(bytes, at + 4);
  if (hi >= 0x200000) return Number.POSITIVE_INFINITY;
  return hi * 0x1_0000_0000 + u32At(bytes, at);
}
