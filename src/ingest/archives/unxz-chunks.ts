import type { DecompressionGuard } from './decompression-guard.js';
import { loadXzDecompress, loadedXzDecompress } from './load-xz-decompress.js';

/**
 * Whether an xz stream is being decoded right now. xz-decompress decodes one stream at a time (a lock around its
 * single WebAssembly instance, `XzReadableStream._contextMutex` in 0.2.x): a second stream waits for the first to
 * end, so an `.xz` file met inside a `.tar.xz` that is still being read would wait forever, and the run would end
 * without a word. Such a member is reported as not read instead.
 */
export function xzDecoderBusy(): boolean {
  const xzDecompress = loadedXzDecompress();
  // Not loaded yet: no stream has been decoded.
  if (xzDecompress === undefined) return false;
  const lock = (xzDecompress.XzReadableStream as unknown as { _contextMutex?: { locked?: boolean } })._contextMutex;
  return lock?.locked === true;
}

/** Streams xz data (sos reports default to `.tar.xz`) through the WebAssembly decoder of xz-decompress. */
export async function* unxzChunks(source: AsyncIterable<Uint8Array>, guard: DecompressionGuard): AsyncGenerator<Uint8Array, void, undefined> {
  const { XzReadableStream } = await loadXzDecompress();
  const iterator = guard.countInput(source);
  const compressed = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const step = await iterator.next();
        if (step.done) controller.close();
        else controller.enqueue(step.value);
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await iterator.return();
    },
  });
  const reader = new XzReadableStream(compressed).getReader();
  let finished = false;
  try {
    while (true) {
      const step = await reader.read();
      if (step.done) {
        finished = true;
        return;
      }
      const { kept, error } = guard.admit(step.value);
      if (kept.length > 0) yield kept;
      if (error) throw error;
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
  }
}
