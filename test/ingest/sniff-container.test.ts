import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sniffContainer } from '../../src/ingest/index.js';
import { buildTar } from './ingest-harness.js';

describe('sniffContainer', () => {
  it('recognises compressors, zip and the binary journal by magic bytes', () => {
    expect(sniffContainer(gzipSync(Buffer.from('x')))).toBe('gzip');
    expect(sniffContainer(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0, 4]))).toBe('xz');
    expect(sniffContainer(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x24]))).toBe('zstd');
    expect(sniffContainer(Buffer.from('PK\x03\x04\x14\x00'))).toBe('zip');
    expect(sniffContainer(Buffer.from('LPKSHHRH\x00\x00'))).toBe('systemd-journal');
  });

  it('recognises a ustar header and a v7 header by its checksum', async () => {
    const tar = await buildTar([{ name: 'var/log/syslog', data: 'x\n' }]);
    expect(sniffContainer(tar)).toBe('tar');
    const v7 = Buffer.from(tar.subarray(0, 512));
    v7.fill(0, 257, 265); // no "ustar" magic and version
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : v7[i];
    v7.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
    expect(sniffContainer(v7)).toBe('tar');
    const badChecksum = Buffer.from(tar.subarray(0, 512));
    badChecksum[0] ^= 1;
    expect(sniffContainer(badChecksum)).toBe('data');
  });

  it('calls text and short input data', () => {
    expect(sniffContainer(Buffer.from('Oct 29 13:16:06 centos02 kubelet[4919]: hi\n'.repeat(20)))).toBe('data');
    expect(sniffContainer(new Uint8Array(0))).toBe('data');
    expect(sniffContainer(Buffer.from([0x1f]))).toBe('data');
  });
});
