import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { DecompressionGuard } from './decompression-guard.js';

/**
 * Streams gzip data through zlib. zlib's gunzip continues into concatenated gzip members
 * (`cat a.gz b.gz`, what logrotate's `copytruncate` with delaycompress can leave), so all of them are read.
 */
export async function* gunzipChunks(source: AsyncIterable<Uint8Array>, guard: DecompressionGuard): AsyncGenerator<Uint8Array, void, undefined> {
  const input = Readable.from(guard.countInput(source), { objectMode: false });
  const gunzip = createGunzip({ chunkSize: 64 * 1024 });
  input.on('error', (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      guard.output(chunk.length);
      yield chunk;
    }
  } finally {
    input.destroy();
    gunzip.destroy();
  }
}
