/*
 * The header of a binary systemd journal file. Offsets follow the `Header` struct of systemd
 * src/libsystemd/sd-journal/journal-def.h (https://github.com/systemd/systemd/blob/main/docs/JOURNAL_FILE_FORMAT.md).
 * All integers are little-endian; offsets and sizes are u64 but a buffered file is below 2^53 bytes,
 * so they are read as numbers and anything above the buffer is rejected as damage.
 */

export const JOURNAL_SIGNATURE = 'LPKSHHRH';

/** Incompatible flags: a reader that does not know one of them must not read the file. */
export const INCOMPATIBLE_COMPRESSED_XZ = 1;
export const INCOMPATIBLE_COMPRESSED_LZ4 = 2;
/** siphash24 instead of Jenkins lookup3: only matters for hash lookups, which a sequential reader does not do. */
export const INCOMPATIBLE_KEYED_HASH = 4;
export const INCOMPATIBLE_COMPRESSED_ZSTD = 8;
/** 32-bit entry items and entry-array items, DATA payload at +72 (systemd ≥ 252). */
export const INCOMPATIBLE_COMPACT = 16;
const KNOWN_INCOMPATIBLE =
  INCOMPATIBLE_COMPRESSED_XZ | INCOMPATIBLE_COMPRESSED_LZ4 | INCOMPATIBLE_KEYED_HASH | INCOMPATIBLE_COMPRESSED_ZSTD | INCOMPATIBLE_COMPACT;
const INCOMPATIBLE_NAMES: readonly [number, string][] = [
  [INCOMPATIBLE_COMPRESSED_XZ, 'COMPRESSED-XZ'],
  [INCOMPATIBLE_COMPRESSED_LZ4, 'COMPRESSED-LZ4'],
  [INCOMPATIBLE_KEYED_HASH, 'KEYED-HASH'],
  [INCOMPATIBLE_COMPRESSED_ZSTD, 'COMPRESSED-ZSTD'],
  [INCOMPATIBLE_COMPACT, 'COMPACT'],
];

export type JournalState = 'offline' | 'online' | 'archived';
const STATES: readonly JournalState[] = ['offline', 'online', 'archived'];

export interface JournalHeader {
  readonly incompatibleFlags: number;
  readonly compatibleFlags: number;
  readonly state: JournalState;
  readonly compact: boolean;
  /** 32 lower-case hex digits, as journalctl prints ids. */
  readonly fileId: string;
  readonly machineId: string;
  readonly seqnumId: string;
  readonly headerSize: number;
  readonly arenaSize: number;
  readonly tailObjectOffset: number;
  readonly nObjects: number;
  readonly nEntries: number;
  /** First ENTRY_ARRAY object of the chain that lists every entry in seqnum order; 0 when there are none. */
  readonly entryArrayOffset: number;
  /** Names of the incompatible flags, for diagnostics (`COMPRESSED-ZSTD KEYED-HASH COMPACT`). */
  readonly flagNames: readonly string[];
}

export type HeaderResult =
  | { readonly ok: true; readonly header: JournalHeader }
  /** unsupported: a valid file this reader must not read (unknown incompatible flags); damaged: not a readable header. */
  | { readonly ok: false; readonly kind: 'unsupported' | 'damaged'; readonly reason: string };

/** The smallest header any systemd ever wrote: everything up to `tail_entry_monotonic` (ends at 208). */
const MIN_HEADER_SIZE = 208;

export function hexId(bytes: Uint8Array, at: number): string {
  let out = '';
  for (let i = at; i < at + 16; i++) out += bytes[i].toString(16).padStart(2, '0');
  return out;
}

/** Reads a u64 as a number; values past 2^53 come back as Infinity so every bounds check fails on them. */
export function u64(view: DataView, at: number): number {
  const lo = view.getUint32(at, true);
  const hi = view.getUint32(at + 4, true);
  if (hi >= 0x200000) return Number.POSITIVE_INFINITY;
  return hi * 0x1_0000_0000 + lo;
}

/**
 * Parses and checks the header in `bytes` (the start of a file of `fileLength` bytes, the whole file by default); the
 * reason names what is wrong and at which byte. Never throws.
 */
export function parseJournalHeader(bytes: Uint8Array, fileLength: number = bytes.length): HeaderResult {
  if (fileLength < MIN_HEADER_SIZE || bytes.length < MIN_HEADER_SIZE) return { ok: false, kind: 'damaged', reason: `file is ${fileLength} bytes, shorter than a journal header (${MIN_HEADER_SIZE})` };
  for (let i = 0; i < JOURNAL_SIGNATURE.length; i++) {
    if (bytes[i] !== JOURNAL_SIGNATURE.charCodeAt(i)) return { ok: false, kind: 'damaged', reason: 'no LPKSHHRH signature at byte 0' };
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const compatibleFlags = view.getUint32(8, true);
  const incompatibleFlags = view.getUint32(12, true);
  const unknown = incompatibleFlags & ~KNOWN_INCOMPATIBLE;
  if (unknown !== 0) {
    return { ok: false, kind: 'unsupported', reason: `unknown incompatible header flags 0x${(unknown >>> 0).toString(16)} (byte 12): written by a newer systemd than this reader understands` };
  }
  const stateByte = bytes[16];
  const state = STATES[stateByte];
  if (state === undefined) return { ok: false, kind: 'damaged', reason: `unknown file state ${stateByte} at byte 16` };
  const headerSize = u64(view, 88);
  if (headerSize < MIN_HEADER_SIZE || headerSize > fileLength || headerSize % 8 !== 0) {
    return { ok: false, kind: 'damaged', reason: `header_size ${headerSize} (byte 88) is not a valid header size for a ${fileLength}-byte file` };
  }
  const arenaSize = u64(view, 96);
  const entryArrayOffset = u64(view, 176);
  return {
    ok: true,
    header: {
      incompatibleFlags,
      compatibleFlags,
      state,
      compact: (incompatibleFlags & INCOMPATIBLE_COMPACT) !== 0,
      fileId: hexId(bytes, 24),
      machineId: hexId(bytes, 40),
      seqnumId: hexId(bytes, 72),
      headerSize,
      arenaSize,
      tailObjectOffset: u64(view, 136),
      nObjects: u64(view, 144),
      nEntries: u64(view, 152),
      entryArrayOffset,
      flagNames: INCOMPATIBLE_NAMES.filter(([bit]) => (incompatibleFlags & bit) !== 0).map(([, name]) => name),
    },
  };
}
