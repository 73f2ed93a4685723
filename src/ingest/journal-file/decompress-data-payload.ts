import { concatBytes } from '../peek-stream.js';
import { Decompress } from 'fzstd';
import { loadXzDecompress } from '../archives/load-xz-decompress.js';
import { decodeLz4Block } from './decode-lz4-block.js';

/** DATA object flags (journal-def.h `OBJECT_COMPRESSED_*`). */
export const OBJECT_COMPRESSED_XZ = 1;
export const OBJECT_COMPRESSED_LZ4 = 2;
export const OBJECT_COMPRESSED_ZSTD = 4;

export type PayloadResult =
  /** `complete` is false when the output passed `maxBytes`: `bytes` then holds only its first `maxBytes` bytes. */
  | { readonly ok: true; readonly bytes: Uint8Array; readonly complete: boolean }
  | { readonly ok: false; readonly reason: string };

/** Thrown inside a decoder callback to stop it; never leaves this file. */
class TooLarge extends Error {
  constructor(readonly head: Uint8Array) {
    super('too large');
  }
}

/**
 * Decompresses one DATA payload (systemd src/basic/compress.c: xz stream, le64 size + LZ4 block, or zstd frame).
 * Decoding stops at `maxBytes` so a crafted object cannot expand without bound; the head is kept so the caller
 * still learns the field name. Never throws, nor rejects. Synchronous but for xz, whose decoder is a stream: a
 * journal reads hundreds of thousands of payloads, and a promise for each would cost more than decoding it.
 */
export function decompressDataPayload(compression: number, payload: Uint8Array, maxBytes: number): PayloadResult | Promise<PayloadResult> {
  if (compression === 0) return { ok: true, bytes: payload, complete: true };
  try {
    if (compression === OBJECT_COMPRESSED_ZSTD) return unzstd(payload, maxBytes);
    if (compression === OBJECT_COMPRESSED_LZ4) return unlz4(payload, maxBytes);
    if (compression === OBJECT_COMPRESSED_XZ) return unxz(payload, maxBytes).catch((error: unknown) => failed(compression, error));
    return { ok: false, reason: `unknown compression flags ${compression}` };
  } catch (error) {
    return failed(compression, error);
  }
}

function failed(compression: number, error: unknown): PayloadResult {
  if (error instanceof TooLarge) return { ok: true, bytes: error.head, complete: false };
  return { ok: false, reason: `${NAMES[compression] ?? 'compressed'} data is corrupt: ${error instanceof Error ? error.message : String(error)}` };
}

const NAMES: Record<number, string> = { [OBJECT_COMPRESSED_XZ]: 'xz', [OBJECT_COMPRESSED_LZ4]: 'LZ4', [OBJECT_COMPRESSED_ZSTD]: 'zstd' };

function unzstd(payload: Uint8Array, maxBytes: number): PayloadResult {
  const parts: Uint8Array[] = [];
  let total = 0;
  // The streaming decoder, not `decompress`: that one allocates whatever content size the frame header claims.
  const decoder = new Decompress((data) => {
    // fzstd may reuse its window buffer for the next block.
    parts.push(data.slice());
    total += data.length;
    if (total > maxBytes) throw new TooLarge(concatBytes(parts, total).subarray(0, maxBytes));
  });
  decoder.push(payload, true);
  return { ok: true, bytes: concatBytes(parts, total), complete: true };
}

function unlz4(payload: Uint8Array, maxBytes: number): PayloadResult {
  if (payload.length < 8) return { ok: false, reason: 'LZ4 payload shorter than its 8-byte size prefix' };
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const size = view.getUint32(4, true) === 0 ? view.getUint32(0, true) : Number.POSITIVE_INFINITY;
  // A raw block cannot be decoded partway into a smaller buffer, so an oversized one is not decoded at all.
  if (size > maxBytes) return { ok: false, reason: `LZ4 payload of ${size} bytes is larger than the ${maxBytes}-byte limit` };
  const decoded = decodeLz4Block(payload.subarray(8), size);
  return decoded.ok ? { ok: true, bytes: decoded.bytes, complete: true } : decoded;
}

async function unxz(payload: Uint8Array, maxBytes: number): Promise<PayloadResult> {
  const { XzReadableStream } = await loadXzDecompress();
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(payload.slice());
      controller.close();
    },
  });
  const reader = new XzReadableStream(source).getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  try {
    while (true) {
      const step = await reader.read();
      if (step.done) break;
      parts.push(step.value);
      total += step.value.length;
      if (total > maxBytes) throw new TooLarge(concatBytes(parts, total).subarray(0, maxBytes));
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    throw error;
  }
  return { ok: true, bytes: concatBytes(parts, total), complete: true };
}

