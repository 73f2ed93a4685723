import { spawnSync } from 'node:child_process';

/*
 * systemd 252 on Debian writes zstd only (test/fixtures/journal/README.md), so xz and LZ4 journal objects are made
 * here: a real uncompressed journal's long DATA payloads are recompressed in place with the xz and lz4 tools.
 */

export function hasTool(tool: string): boolean {
  return spawnSync(tool, ['--version']).status === 0;
}

/** The raw block inside an lz4 frame (https://github.com/lz4/lz4/blob/dev/doc/lz4_Frame_format.md), as systemd stores it. */
export function lz4Block(data: Uint8Array): Uint8Array {
  const out = spawnSync('lz4', ['-c', '-q', '-9', '--no-frame-crc'], { input: data });
  if (out.status !== 0) throw new Error(`lz4 failed: ${out.stderr}`);
  const frame = out.stdout;
  const flg = frame[4];
  let at = 7 + (flg & 0x08 ? 8 : 0) + (flg & 0x01 ? 4 : 0);
  const size = frame.readUInt32LE(at);
  if (size & 0x80000000) throw new Error('lz4 stored the block uncompressed; use more compressible input');
  at += 4;
  return new Uint8Array(frame.subarray(at, at + size));
}

/** systemd's compress_blob_lz4 layout: le64 uncompressed size, then the block. */
export function systemdLz4(data: Uint8Array): Uint8Array {
  const block = lz4Block(data);
  const out = new Uint8Array(8 + block.length);
  new DataView(out.buffer).setUint32(0, data.length, true);
  out.set(block, 8);
  return out;
}

/** A complete xz stream, as compress_blob_xz writes (it uses no integrity check; crc32 is what the tool can do). */
export function xzStream(data: Uint8Array): Uint8Array {
  const out = spawnSync('xz', ['-c', '-q', '--format=xz', '--check=crc32'], { input: data });
  if (out.status !== 0) throw new Error(`xz failed: ${out.stderr}`);
  return new Uint8Array(out.stdout);
}

/**
 * Recompresses every uncompressed DATA payload longer than `minPayload` in a compact journal, in place: the object
 * shrinks (its size field is rewritten), the freed bytes stay as orphan padding, and the header gains the file flag.
 * Returns how many objects were rewritten.
 */
export function recompressDataObjects(bytes: Uint8Array, kind: 'xz' | 'lz4', minPayload = 512): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const compact = (view.getUint32(12, true) & 16) !== 0;
  const payloadAt = compact ? 72 : 64;
  let offset = Number(view.getBigUint64(88, true));
  let rewritten = 0;
  while (offset + 16 <= bytes.length) {
    const type = bytes[offset];
    const size = Number(view.getBigUint64(offset + 8, true));
    if (type === 0 || size === 0) break;
    if (type === 1 && bytes[offset + 1] === 0 && size - payloadAt > minPayload) {
      const payload = bytes.slice(offset + payloadAt, offset + size);
      const packed = kind === 'xz' ? xzStream(payload) : systemdLz4(payload);
      if (packed.length < payload.length) {
        bytes.set(packed, offset + payloadAt);
        view.setBigUint64(offset + 8, BigInt(payloadAt + packed.length), true);
        bytes[offset + 1] = kind === 'xz' ? 1 : 2;
        rewritten++;
      }
    }
    offset += Math.ceil(size / 8) * 8;
  }
  view.setUint32(12, view.getUint32(12, true) | (kind === 'xz' ? 1 : 2), true);
  return rewritten;
}
