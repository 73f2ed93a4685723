import { Decompress } from 'fzstd';
import type { DecompressionGuard } from './decompression-guard.js';
import { concatBytes } from '../peek-stream.js';

/**
 * fzstd decodes synchronously inside `push`, so one compressed chunk can expand enormously before
 * control returns; input is fed in small slices and the guard throws from the data handler.
 */
const SLICE_BYTES = 16 * 1024;

export async function* unzstdChunks(source: AsyncIterable<Uint8Array>, guard: DecompressionGuard): AsyncGenerator<Uint8Array, void, undefined> {
  let ready: Uint8Array[] = [];
  const decoder = new Decompress((data) => {
    const { kept, error } = guard.admit(data);
    // fzstd may reuse its window buffer for the next block, so keep a copy.
    if (kept.length > 0) ready.push(kept.slice());
    if (error) throw error;
  });
  let pending: Uint8Array | undefined;
  for await (const chunk of guard.countInput(source)) {
    // Hold back one slice so the last one can be pushed with `final`, which checks the frame is complete.
    const data = pending ? concatBytes([pending, chunk], pending.length + chunk.length) : chunk;
    let at = 0;
    while (data.length - at > SLICE_BYTES) {
      const failed = pushSlice(decoder, data.subarray(at, at + SLICE_BYTES), false);
      at += SLICE_BYTES;
      if (ready.length > 0) {
        const out = ready;
        ready = [];
        for (const piece of out) yield piece;
      }
      if (failed) throw failed.error;
    }
    pending = data.slice(at);
  }
  const failed = pushSlice(decoder, pending ?? new Uint8Array(0), true);
  for (const piece of ready) yield piece;
  if (failed) throw failed.error;
}

/**
 * A limit or a corrupt block throws from inside `push`, after earlier blocks of the same slice were
 * decoded: those are handed out before the error, so the lines before a bomb or damage are still read.
 */
function pushSlice(decoder: Decompress, slice: Uint8Array, final: boolean): { readonly error: unknown } | undefined {
  try {
    decoder.push(slice, final);
    return undefined;
  } catch (error) {
    return { error };
  }
}
