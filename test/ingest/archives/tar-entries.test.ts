import { describe, expect, it } from 'vitest';
import { TarDamageError, tarEntries } from '../../../src/ingest/archives/tar-entries.js';
import { buildTar } from '../ingest-harness.js';

async function* chunked(data: Uint8Array, size: number) {
  for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size);
}

async function readAll(body: AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Uint8Array[] = [];
  for await (const c of body) parts.push(c);
  return Buffer.concat(parts).toString();
}

describe('tarEntries', () => {
  it('streams entries in order with their headers, from tiny chunks', async () => {
    const tar = await buildTar([
      { name: 'a.log', data: 'A'.repeat(700) },
      { name: 'link', type: 'symlink', linkname: 'a.log' },
      { name: 'b.log', data: 'b\n' },
    ]);
    const seen: [string, string | undefined, string][] = [];
    for await (const e of tarEntries(chunked(tar, 7))) seen.push([e.header.name, e.header.type, await readAll(e.body)]);
    expect(seen).toEqual([
      ['a.log', 'file', 'A'.repeat(700)],
      ['link', 'symlink', ''],
      ['b.log', 'file', 'b\n'],
    ]);
  });

  it('drains an entry the caller did not read, to reach the next one', async () => {
    const tar = await buildTar([
      { name: 'big.log', data: 'x'.repeat(200_000) },
      { name: 'small.log', data: 's' },
    ]);
    const names: string[] = [];
    for await (const e of tarEntries(chunked(tar, 4096))) {
      names.push(e.header.name);
      if (e.header.name === 'small.log') expect(await readAll(e.body)).toBe('s');
    }
    expect(names).toEqual(['big.log', 'small.log']);
  });

  it('throws a TarDamageError naming the offset for a broken header', async () => {
    const tar = Buffer.from(await buildTar([{ name: 'a.log', data: 'a' }, { name: 'b.log', data: 'b' }]));
    tar.fill(0x7a, 1024, 1100);
    const names: string[] = [];
    await expect(async () => {
      for await (const e of tarEntries(chunked(tar, 512))) names.push(e.header.name);
    }).rejects.toThrow(TarDamageError);
    expect(names).toEqual(['a.log']);
  });

  it('passes a failure of its source through unchanged', async () => {
    const tar = await buildTar([{ name: 'a.log', data: 'a'.repeat(5000) }]);
    const boom = new Error('gzip cut');
    async function* failing() {
      yield tar.subarray(0, 1000);
      throw boom;
    }
    await expect(async () => {
      for await (const e of tarEntries(failing())) await readAll(e.body);
    }).rejects.toBe(boom);
  });
});
