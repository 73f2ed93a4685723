/*
 * A raw LZ4 block (not the frame format): systemd's compress_blob_lz4 stores an le64 size followed by the output of
 * LZ4_compress_default. Block layout: https://github.com/lz4/lz4/blob/dev/doc/lz4_Block_format.md
 */

export type Lz4Result = { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly reason: string };

/** Decodes `block` into exactly `size` bytes; any read or copy outside the buffers is a reason, never a throw. */
export function decodeLz4Block(block: Uint8Array, size: number): Lz4Result {
  const out = new Uint8Array(size);
  let ip = 0;
  let op = 0;
  while (ip < block.length) {
    const token = block[ip++];
    let literals = token >>> 4;
    if (literals === 15) {
      let more: number;
      do {
        if (ip >= block.length) return { ok: false, reason: `LZ4 literal length runs past the block at byte ${ip}` };
        more = block[ip++];
        literals += more;
      } while (more === 255);
    }
    if (ip + literals > block.length) return { ok: false, reason: `LZ4 literals run past the block at byte ${ip}` };
    if (op + literals > size) return { ok: false, reason: `LZ4 output exceeds the stored size ${size}` };
    out.set(block.subarray(ip, ip + literals), op);
    ip += literals;
    op += literals;
    // The last sequence carries literals only.
    if (ip === block.length) break;
    if (ip + 2 > block.length) return { ok: false, reason: `LZ4 match offset cut at byte ${ip}` };
    const distance = block[ip] | (block[ip + 1] << 8);
    ip += 2;
    if (distance === 0 || distance > op) return { ok: false, reason: `LZ4 match offset ${distance} points before the output start` };
    let length = token & 15;
    if (length === 15) {
      let more: number;
      do {
        if (ip >= block.length) return { ok: false, reason: `LZ4 match length runs past the block at byte ${ip}` };
        more = block[ip++];
        length += more;
      } while (more === 255);
    }
    length += 4;
    if (op + length > size) return { ok: false, reason: `LZ4 output exceeds the stored size ${size}` };
    // Byte by byte: a match may overlap the bytes it is producing (run-length style).
    for (let i = 0; i < length; i++, op++) out[op] = out[op - distance];
  }
  if (op !== size) return { ok: false, reason: `LZ4 block decoded to ${op} bytes, stored size says ${size}` };
  return { ok: true, bytes: out };
}
