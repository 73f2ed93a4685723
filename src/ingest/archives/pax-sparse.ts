import type { Header } from 'tar-stream';

/**
 * GNU tar stores a sparse file (a log truncated by copytruncate, a preallocated file) in a PAX archive under a
 * made-up name (`GNUSparseFile.<pid>/<name>`) with the real name in the PAX record `GNU.sparse.name`. Format 1.0
 * (GNU tar's default with --sparse --format=pax) also puts the sparse map in front of the data, as decimal lines
 * padded to a 512-byte block; formats 0.0/0.1 keep the map in the PAX records and store only the data. tar-stream
 * knows none of this, so without this the map's numbers would be read as log lines under the made-up name.
 */
export interface PaxSparse {
  /** The file's real name. */
  readonly name?: string;
  /** Whether the data starts with a sparse map that must be taken off (format 1.0). */
  readonly mapInData: boolean;
}

export function paxSparse(header: Header): PaxSparse | undefined {
  const pax = (header as Header & { pax?: Record<string, string> }).pax;
  if (!pax) return undefined;
  const major = pax['GNU.sparse.major'];
  const isSparse = major !== undefined || pax['GNU.sparse.map'] !== undefined || pax['GNU.sparse.numblocks'] !== undefined || pax['GNU.sparse.size'] !== undefined;
  if (!isSparse) return undefined;
  const name = pax['GNU.sparse.name'];
  return { ...(name ? { name } : {}), mapInData: major === '1' };
}

const BLOCK = 512;
/** A map line is a decimal number; anything longer is not a sparse map. */
const MAX_NUMBER_DIGITS = 20;

/** Thrown when a format 1.0 sparse map is not what GNU tar writes; the member is then reported as damaged. */
export class SparseMapError extends Error {
  override name = 'SparseMapError';
}

/**
 * The data of a format 1.0 sparse member without its map: the stored segments, one after the other. Holes are not
 * filled in (they are NUL bytes, which hold no lines, and may be gigabytes long).
 */
export async function* withoutSparseMap(body: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array, void, undefined> {
  let numbersWanted: number | undefined;
  let numbersRead = 0;
  let digits = '';
  let mapBytes = 0;
  let mapDone = false;
  let padding = 0;
  for await (const chunk of body) {
    let start = 0;
    if (!mapDone) {
      for (; start < chunk.length && !mapDone; start++) {
        const byte = chunk[start]!;
        mapBytes++;
        if (byte >= 0x30 && byte <= 0x39 && digits.length < MAX_NUMBER_DIGITS) {
          digits += String.fromCharCode(byte);
          continue;
        }
        if (byte !== 0x0a || digits === '') throw new SparseMapError(`GNU sparse map (PAX format 1.0) is damaged at byte ${mapBytes - 1}`);
        const value = Number(digits);
        digits = '';
        if (numbersWanted === undefined) numbersWanted = 1 + 2 * value;
        numbersRead++;
        if (numbersRead === numbersWanted) {
          mapDone = true;
          padding = (BLOCK - (mapBytes % BLOCK)) % BLOCK;
        }
      }
    }
    if (!mapDone) continue;
    const skip = Math.min(padding, chunk.length - start);
    padding -= skip;
    start += skip;
    if (start < chunk.length) yield start === 0 ? chunk : chunk.subarray(start);
  }
  if (!mapDone) throw new SparseMapError('GNU sparse map (PAX format 1.0) ends before its last entry');
}
