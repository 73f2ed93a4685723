import { TarDamageError, tarEntries, type TarEntry } from './tar-entries.js';

const BLOCK = 512;
/** Bytes of recent tar data kept so the reader can look for the next header after a corrupt one. */
const WINDOW_BYTES = 4 * 1024 * 1024;
/** How far past a corrupt header the reader searches for the next valid one before giving up. */
const MAX_SCAN_BYTES = 64 * 1024 * 1024;

/** A corrupt header was skipped: the bytes from `from` to `to` (the next valid header) were not read. */
export interface TarResync {
  readonly from: number;
  readonly to: number;
  readonly reason: string;
}

/**
 * `tarEntries` that survives a corrupt header: it looks for the next block that is a valid tar header (checksum
 * and `ustar` magic) and goes on from there, reporting the skipped range. A failing source (a truncated gzip under
 * the tar) is not a corrupt header and still ends the archive.
 */
export async function* tarEntriesResyncing(
  source: AsyncIterable<Uint8Array>,
  onResync: (resync: TarResync) => void,
): AsyncGenerator<TarEntry, void, undefined> {
  const window = new ByteWindow(source[Symbol.asyncIterator]());
  let base = 0;
  try {
    while (true) {
      const segment = window.readFrom(base);
      try {
        for await (const entry of tarEntries(segment)) yield { ...entry, offset: entry.offset + base };
        return;
      } catch (error) {
        if (!(error instanceof TarDamageError) || window.failed) throw error;
        const after = Math.max(base + error.offset + BLOCK, window.start);
        const next = await window.findHeader(after, after + MAX_SCAN_BYTES);
        if (next === undefined) throw error;
        onResync({ from: base + error.offset, to: next, reason: error.message });
        base = next;
      }
    }
  } finally {
    await window.close();
  }
}

/**
 * The tar stream with its most recent bytes kept, so reading can restart at an earlier absolute offset.
 *
 * The kept bytes are copies in one ring buffer, not the source's chunks: a chunk held for the last 4 MiB of the stream
 * outlived two young-generation collections, so V8 promoted it and freed it only with a full collection; every
 * decompressed chunk of every tar took that path and dead buffers piled up to V8's external memory limit (~64 MB).
 * A chunk is handed on as the source gave it and dies young; only a restart reads copies out of the ring.
 */
class ByteWindow {
  /** Where each kept chunk starts and how long it is (the window is trimmed a whole chunk at a time). */
  private readonly chunks: { start: number; length: number }[] = [];
  /** The kept bytes: absolute offset `o` sits at `o % ring.length`. */
  private ring = new Uint8Array(0);
  private end = 0;
  failed = false;

  constructor(private readonly source: AsyncIterator<Uint8Array>) {}

  /** Absolute offset of the oldest byte still kept. */
  get start(): number {
    return this.chunks[0]?.start ?? this.end;
  }

  /** The next chunk of the source (kept in the window too), or undefined at its end. */
  private async pull(): Promise<Uint8Array | undefined> {
    let step: IteratorResult<Uint8Array>;
    do {
      try {
        step = await this.source.next();
      } catch (error) {
        this.failed = true;
        throw error;
      }
      if (step.done) return undefined;
    } while (step.value.length === 0);
    const bytes = step.value;
    this.chunks.push({ start: this.end, length: bytes.length });
    this.end += bytes.length;
    while (this.chunks.length > 1 && this.end - this.chunks[1]!.start >= WINDOW_BYTES) this.chunks.shift();
    this.keep(bytes, this.end - bytes.length);
    return bytes;
  }

  /** Copies `bytes` (at absolute offset `at`) into the ring, growing it first when the kept bytes would not fit. */
  private keep(bytes: Uint8Array, at: number): void {
    const kept = this.end - this.start;
    if (kept > this.ring.length) {
      // A quarter to spare: the window settles at 4 MiB and one chunk, so the ring stops growing soon.
      const size = Math.max(64 * 1024, Math.ceil(kept * 1.25));
      const grown = new Uint8Array(size);
      // The bytes kept from before this chunk move to their places in the larger ring.
      for (let offset = this.start; offset < at; ) {
        const piece = this.read(offset, at);
        grown.set(piece, offset % size);
        offset += piece.length;
      }
      this.ring = grown;
    }
    const size = this.ring.length;
    for (let done = 0; done < bytes.length; ) {
      const to = (at + done) % size;
      const n = Math.min(bytes.length - done, size - to);
      this.ring.set(bytes.subarray(done, done + n), to);
      done += n;
    }
  }

  /** A view of kept bytes from `offset` up to `limit`, or to the ring's wrap-around point if that comes first. */
  private read(offset: number, limit: number): Uint8Array {
    const size = this.ring.length;
    const from = offset % size;
    return this.ring.subarray(from, from + Math.min(limit - offset, size - from));
  }

  /** A copy of kept bytes `[from, to)`. */
  private copy(from: number, to: number): Uint8Array {
    const out = new Uint8Array(to - from);
    for (let offset = from; offset < to; ) {
      const piece = this.read(offset, to);
      out.set(piece, offset - from);
      offset += piece.length;
    }
    return out;
  }

  /** The stream from `offset` on: kept bytes first, then fresh ones. Ending it early does not end the source. */
  readFrom(offset: number): AsyncIterable<Uint8Array> {
    const self = this;
    return {
      [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
        let position = offset;
        let stopped = false;
        return {
          async next(): Promise<IteratorResult<Uint8Array>> {
            if (stopped) return { done: true, value: undefined };
            while (position >= self.end) {
              const fresh = await self.pull();
              if (fresh === undefined) return { done: true, value: undefined };
              if (position === self.end - fresh.length) {
                position = self.end;
                return { done: false, value: fresh };
              }
            }
            const chunk = self.chunks.find((c) => position >= c.start && position < c.start + c.length);
            if (!chunk) return { done: true, value: undefined };
            const bytes = self.copy(position, chunk.start + chunk.length);
            position += bytes.length;
            return { done: false, value: bytes };
          },
          async return(): Promise<IteratorResult<Uint8Array>> {
            stopped = true;
            return { done: true, value: undefined };
          },
        };
      },
    };
  }

  /** The first block-aligned offset in [from, limit) that holds a valid tar header, reading on as needed. */
  async findHeader(from: number, limit: number): Promise<number | undefined> {
    let offset = Math.ceil(from / BLOCK) * BLOCK;
    while (offset < limit) {
      while (offset + BLOCK > this.end) {
        if ((await this.pull().catch(() => undefined)) === undefined) return undefined;
      }
      if (offset < this.start) offset = Math.ceil(this.start / BLOCK) * BLOCK;
      if (isTarHeader(this.copy(offset, offset + BLOCK))) return offset;
      offset += BLOCK;
    }
    return undefined;
  }

  async close(): Promise<void> {
    await this.source.return?.().catch(() => undefined);
  }
}

/** A ustar/GNU header: `ustar` magic at 257 and a checksum (field at 148, read as spaces) that adds up. */
export function isTarHeader(block: Uint8Array): boolean {
  if (block.length < BLOCK || block[0] === 0) return false;
  if (!(block[257] === 0x75 && block[258] === 0x73 && block[259] === 0x74 && block[260] === 0x61 && block[261] === 0x72)) return false;
  const field = new TextDecoder('latin1').decode(block.subarray(148, 156)).replace(/\0.*$/, '').trim();
  if (!/^[0-7]+$/.test(field)) return false;
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!;
  return sum === parseInt(field, 8);
}
