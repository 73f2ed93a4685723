import { createGunzip } from 'node:zlib';
import type { DecompressionGuard } from './decompression-guard.js';
import { concatBytes } from '../peek-stream.js';

/**
 * Compressed bytes handed to zlib at a time. A corrupt slice loses its own output (zlib drops the output of the
 * write that fails), so slices stay small; but every slice is a round trip to the thread pool, and 16 KiB slices
 * cost a third of the decompression time.
 */
const INPUT_SLICE_BYTES = 64 * 1024;
/** zlib's output chunk: larger chunks mean fewer hops between the thread pool and the reader. */
const OUTPUT_CHUNK_BYTES = 256 * 1024;
/**
 * Decoded bytes zlib may run ahead of the reader: decompression (on the thread pool) overlaps the reader's work
 * instead of alternating with it, while memory stays bounded.
 */
const READ_AHEAD_BYTES = 2 * 1024 * 1024;
/** CRC32 and size: the gzip trailer, written on its own (see below). */
const TRAILER_BYTES = 8;

/**
 * Streams gzip data through zlib. zlib's gunzip continues into concatenated gzip members
 * (`cat a.gz b.gz`, what logrotate's `copytruncate` with delaycompress can leave), so all of them are read.
 *
 * Node's zlib drops the output of the write that also fails (a bad CRC is found together with the last
 * data), and a destroyed stream drops what it buffered. So the input goes in small slices, each only once
 * the reader has taken the output of the previous one, and the last 8 bytes (the trailer) go alone: a CRC
 * error then costs no line. Output is taken from 'data' events as they come, never left inside the stream.
 */
export async function* gunzipChunks(source: AsyncIterable<Uint8Array>, guard: DecompressionGuard): AsyncGenerator<Uint8Array, void, undefined> {
  const gunzip = createGunzip({ chunkSize: OUTPUT_CHUNK_BYTES });
  const queue: Uint8Array[] = [];
  let queuedBytes = 0;
  let failure: { readonly error: unknown } | undefined;
  let ended = false;
  let stopped = false;
  let wakeReader: (() => void) | undefined;
  let wakeFeeder: (() => void) | undefined;
  const signalReader = (): void => {
    const wake = wakeReader;
    wakeReader = undefined;
    wake?.();
  };
  const signalFeeder = (): void => {
    const wake = wakeFeeder;
    wakeFeeder = undefined;
    wake?.();
  };
  const fail = (error: unknown): void => {
    failure ??= { error };
    gunzip.destroy();
    signalReader();
    signalFeeder();
  };
  gunzip.on('data', (chunk: Buffer) => {
    if (failure) return;
    // Checked here, as the output appears, so a bomb is stopped before its output piles up.
    const { kept, error } = guard.admit(chunk);
    if (kept.length > 0) {
      queue.push(kept);
      queuedBytes += kept.length;
    }
    if (error) {
      fail(error);
      return;
    }
    signalReader();
  });
  gunzip.on('error', fail);
  gunzip.on('end', () => {
    ended = true;
    signalReader();
  });
  gunzip.on('close', () => {
    signalReader();
    signalFeeder();
  });

  const write = (bytes: Uint8Array): Promise<void> =>
    new Promise((resolve) => {
      if (gunzip.destroyed) {
        resolve();
        return;
      }
      const done = (): void => {
        gunzip.off('close', done);
        resolve();
      };
      gunzip.on('close', done);
      gunzip.write(bytes, done);
    });
  const readerCaughtUp = async (): Promise<void> => {
    while (queuedBytes > READ_AHEAD_BYTES && !stopped && !failure && !gunzip.destroyed) {
      await new Promise<void>((resolve) => {
        wakeFeeder = resolve;
      });
    }
  };
  const halted = (): boolean => stopped || failure !== undefined || gunzip.destroyed;

  const feeding = (async () => {
    let held = new Uint8Array(0);
    try {
      for await (const chunk of guard.countInput(source)) {
        if (halted()) return;
        const data = held.length > 0 ? concatBytes([held, chunk], held.length + chunk.length) : chunk;
        const bodyEnd = Math.max(0, data.length - TRAILER_BYTES);
        held = data.slice(bodyEnd);
        for (let at = 0; at < bodyEnd; at += INPUT_SLICE_BYTES) {
          await write(data.subarray(at, Math.min(bodyEnd, at + INPUT_SLICE_BYTES)));
          await readerCaughtUp();
          if (halted()) return;
        }
      }
      if (held.length > 0 && !halted()) {
        // Let zlib's last output reach the 'data' handler before the trailer can fail the stream.
        await new Promise<void>((resolve) => setImmediate(resolve));
        await write(held);
      }
      if (!halted()) gunzip.end();
    } catch (error) {
      fail(error);
    }
  })();

  try {
    while (true) {
      const chunk = queue.shift();
      if (chunk !== undefined) {
        queuedBytes -= chunk.length;
        if (queuedBytes <= READ_AHEAD_BYTES) signalFeeder();
        yield chunk;
        continue;
      }
      if (failure) throw failure.error;
      if (ended) return;
      if (gunzip.destroyed) throw new Error('gzip stream closed early');
      await new Promise<void>((resolve) => {
        wakeReader = resolve;
      });
    }
  } finally {
    stopped = true;
    gunzip.destroy();
    signalFeeder();
    await feeding;
  }
}
