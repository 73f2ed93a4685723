import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { decompressDataPayload, OBJECT_COMPRESSED_LZ4, OBJECT_COMPRESSED_XZ, OBJECT_COMPRESSED_ZSTD } from '../../../src/ingest/journal-file/decompress-data-payload.js';
import { hasTool, systemdLz4, xzStream } from './compress-with-tools.js';

// The containerd wording reported in https://github.com/containerd/containerd/issues/10848 (as in test/fixtures/journal).
const FIELD = Buffer.from('MESSAGE=time="2025-03-14T14:25:16Z" level=fatal msg="Failed to run CRI service" error="failed to recover state"');

function zstd(data: Uint8Array): Uint8Array {
  const out = spawnSync('zstd', ['-c', '-q'], { input: data, maxBuffer: 1 << 30 });
  if (out.status !== 0) throw new Error(`zstd failed: ${out.stderr}`);
  return new Uint8Array(out.stdout);
}

describe('decompressDataPayload', () => {
  it('passes an uncompressed payload through', async () => {
    expect(await decompressDataPayload(0, FIELD, 1024)).toEqual({ ok: true, bytes: FIELD, complete: true });
  });

  it.skipIf(!hasTool('zstd'))('stops a zstd bomb at maxBytes and keeps the head with the field name', async () => {
    const bomb = zstd(Buffer.concat([Buffer.from('COREDUMP='), Buffer.alloc(64 * 1024 * 1024)]));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const result = await decompressDataPayload(OBJECT_COMPRESSED_ZSTD, bomb, 1024 * 1024);
    expect(result).toMatchObject({ ok: true, complete: false });
    expect(result.ok && result.bytes.length).toBe(1024 * 1024);
    expect(result.ok && Buffer.from(result.bytes.subarray(0, 9)).toString()).toBe('COREDUMP=');
  });

  it.skipIf(!hasTool('xz'))('decodes an xz stream and reports a corrupt one without throwing', async () => {
    const packed = xzStream(FIELD);
    expect(await decompressDataPayload(OBJECT_COMPRESSED_XZ, packed, 1024)).toEqual({ ok: true, bytes: new Uint8Array(FIELD), complete: true });
    const broken = packed.slice();
    broken.fill(0x55, 20, 40);
    expect(await decompressDataPayload(OBJECT_COMPRESSED_XZ, broken, 1024)).toMatchObject({ ok: false, reason: expect.stringMatching(/^xz data is corrupt/) });
  });

  it.skipIf(!hasTool('lz4'))('decodes systemd LZ4 (le64 size + block) and refuses an oversized claimed size', async () => {
    const text = Buffer.from(`${FIELD.toString()} ${FIELD.toString()} ${FIELD.toString()}`);
    const packed = systemdLz4(text);
    expect(await decompressDataPayload(OBJECT_COMPRESSED_LZ4, packed, 4096)).toEqual({ ok: true, bytes: new Uint8Array(text), complete: true });
    new DataView(packed.buffer).setUint32(4, 1, true);
    expect(await decompressDataPayload(OBJECT_COMPRESSED_LZ4, packed, 4096)).toMatchObject({ ok: false, reason: expect.stringMatching(/larger than the 4096-byte limit/) });
  });

  it('reports corrupt zstd and unknown compression flags as reasons', async () => {
    expect(await decompressDataPayload(OBJECT_COMPRESSED_ZSTD, new Uint8Array([0x28, 0xb5, 0x2f, 0xfd, 1, 2, 3]), 1024)).toMatchObject({ ok: false, reason: expect.stringMatching(/^zstd data is corrupt/) });
    expect(await decompressDataPayload(6, FIELD, 1024)).toEqual({ ok: false, reason: 'unknown compression flags 6' });
  });
});
