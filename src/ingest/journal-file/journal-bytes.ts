import { readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/**
 * The bytes of a binary journal file, read by offset: the format is a web of offsets (entry arrays → entries → data
 * objects shared by many entries), so a reader jumps around the whole file. A file on disk is read at offsets
 * through a small cache instead of being held whole; a member inside an archive arrives as a stream and is buffered.
 */
export interface JournalBytes {
  /** Bytes in the file (what was copied, for a cut file). */
  readonly length: number;
  /**
   * Up to `length` bytes from `offset`, fewer at the end of the file. Valid until the next call of `read` or `window`
   * (a file on disk reuses the memory of the blocks it drops): copy what is kept.
   */
  read(offset: number, length: number): Uint8Array;
  /**
   * The bytes [offset, offset + length), which must lie in the file, without a new view where possible: a buffer
   * holding them from index `windowStart` on (a cached block, or the whole file). Valid until the next call of
   * `read` or `window`. A journal is millions of objects, and a view per read cost as much as decoding them.
   */
  window(offset: number, length: number): Buffer;
  /** Where `window`'s bytes start in the buffer it returned last. */
  windowStart: number;
}

/** A journal already in memory (an archive member). */
export function bufferedJournalBytes(bytes: Uint8Array): JournalBytes {
  const whole = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const buffered: JournalBytes = {
    length: bytes.length,
    read: (offset, length) => bytes.subarray(offset, offset + length),
    windowStart: 0,
    window(offset) {
      this.windowStart = offset;
      return whole;
    },
  };
  return buffered;
}

/** Reads are served from blocks of this size; objects are small and mostly close to the last one read. */
const BLOCK_BYTES = 64 * 1024;
/**
 * At most this many blocks are kept (2 MiB): a file of any size is read in bounded memory. Entries sit next to the
 * DATA objects written with them, and the fields entries share are kept decoded by the reader, so more blocks save
 * no reads (an 80 MiB journal: 981 reads with 256 blocks or 32).
 */
const MAX_BLOCKS = 32;

export interface OpenJournalFile extends JournalBytes {
  close(): Promise<void>;
}

/**
 * Opens a journal file on disk for reads at offsets. Reads are synchronous `pread`s on the open handle: each is a
 * block from the page cache, and the decoder above them stays synchronous. `onRead` counts bytes for progress.
 */
export async function openJournalFile(path: string, onRead: (bytes: number) => void = () => undefined): Promise<OpenJournalFile> {
  const handle: FileHandle = await open(path, 'r');
  let length: number;
  try {
    length = (await handle.stat()).size;
  } catch (error) {
    await handle.close();
    throw error;
  }
  const blocks = new Map<number, Buffer>();
  const readAt = (offset: number, size: number, into?: Buffer): Buffer => {
    const wanted = Math.max(0, Math.min(size, length - offset));
    const out = into !== undefined && into.length === wanted ? into : Buffer.allocUnsafe(wanted);
    let done = 0;
    while (done < out.length) {
      const n = readSync(handle.fd, out, done, out.length - done, offset + done);
      if (n === 0) break;
      done += n;
    }
    onRead(done);
    return done === out.length ? out : out.subarray(0, done);
  };
  let lastIndex = -1;
  let lastBlock: Buffer | undefined;
  const block = (index: number): Buffer => {
    // Most reads fall in the block of the read before: no reordering of the cache for those.
    if (index === lastIndex) return lastBlock!;
    let found = blocks.get(index);
    if (found !== undefined) {
      // Most recently used last: the first key is the one to drop.
      blocks.delete(index);
      blocks.set(index, found);
    } else {
      // The block dropped lends its memory to the one read: 64 KiB garbage per read would grow the heap's
      // external memory by tens of MiB between collections.
      let spare: Buffer | undefined;
      if (blocks.size >= MAX_BLOCKS) {
        const oldest = blocks.keys().next().value!;
        spare = blocks.get(oldest);
        blocks.delete(oldest);
      }
      found = readAt(index * BLOCK_BYTES, BLOCK_BYTES, spare);
      blocks.set(index, found);
    }
    lastIndex = index;
    lastBlock = found;
    return found;
  };
  const read = (offset: number, size: number): Uint8Array => {
    if (offset >= length || size <= 0) return new Uint8Array(0);
    const first = Math.floor(offset / BLOCK_BYTES);
    const last = Math.floor((Math.min(offset + size, length) - 1) / BLOCK_BYTES);
    // A large object (an entry array, a big field) is read on its own rather than through the cache.
    if (last - first > 1) return readAt(offset, size);
    const head = block(first);
    const start = offset - first * BLOCK_BYTES;
    if (first === last) return head.subarray(start, start + size);
    const tail = block(last);
    const out = new Uint8Array(Math.min(size, length - offset));
    out.set(head.subarray(start));
    out.set(tail.subarray(0, out.length - (head.length - start)), head.length - start);
    return out;
  };
  const file: OpenJournalFile = {
    length,
    read,
    windowStart: 0,
    window(offset, size) {
      const first = Math.floor(offset / BLOCK_BYTES);
      if (Math.floor((offset + size - 1) / BLOCK_BYTES) === first) {
        this.windowStart = offset - first * BLOCK_BYTES;
        return block(first);
      }
      const bytes = read(offset, size);
      this.windowStart = 0;
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
    close: () => handle.close(),
  };
  return file;
}
