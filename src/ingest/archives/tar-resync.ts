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

/** The tar stream with its most recent bytes kept, so reading can restart at an earlier absolute offset. */
class ByteWindow {
  private readonly chunks: { start: number; bytes: Uint8Array }[] = [];
  private end = 0;
  failed = false;

  constructor(private readonly source: AsyncIterator<Uint8Array>) {}

  /** Absolute offset of the oldest byte still kept. */
  get start(): number {
    return this.chunks[0]?.start ?? this.end;
  }

  private async pull(): Promise<boolean> {
    let step: IteratorResult<Uint8Array>;
    try {
      step = await this.source.next();
    } catch (error) {
      this.failed = true;
      throw error;
    }
    if (step.done) return false;
    this.chunks.push({ start: this.end, bytes: step.value });
    this.end += step.value.length;
    while (this.chunks.length > 1 && this.end - this.chunks[1]!.start >= WINDOW_BYTES) this.chunks.shift();
    return true;
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
              if (!(await self.pull())) return { done: true, value: undefined };
            }
            const chunk = self.chunks.find((c) => position >= c.start && position < c.start + c.bytes.length);
            if (!chunk) return { done: true, value: undefined };
            const bytes = chunk.bytes.subarray(position - chunk.start);
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
        if (!(await this.pull().catch(() => false))) return undefined;
      }
      if (offset < this.start) offset = Math.ceil(this.start / BLOCK) * BLOCK;
      if (isTarHeader(this.block(offset))) return offset;
      offset += BLOCK;
    }
    return undefined;
  }

  private block(offset: number): Uint8Array {
    const out = new Uint8Array(BLOCK);
    let filled = 0;
    for (const chunk of this.chunks) {
      const chunkEnd = chunk.start + chunk.bytes.length;
      if (chunkEnd <= offset + filled || chunk.start >= offset + BLOCK) continue;
      const from = offset + filled - chunk.start;
      const piece = chunk.bytes.subarray(from, Math.min(chunk.bytes.length, from + BLOCK - filled));
      out.set(piece, filled);
      filled += piece.length;
      if (filled === BLOCK) break;
    }
    return out;
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
