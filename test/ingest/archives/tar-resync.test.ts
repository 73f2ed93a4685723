import { describe, expect, it } from 'vitest';
import { pack } from 'tar-stream';
import { isTarHeader, tarEntriesResyncing, type TarResync } from '../../../src/ingest/archives/tar-resync.js';

async function tarOf(files: Record<string, string>): Promise<Buffer> {
  const p = pack();
  for (const [name, body] of Object.entries(files)) p.entry({ name, mtime: new Date(0) }, body);
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const c of p) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function* chunked(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function read(bytes: Buffer, chunk: number): Promise<{ names: string[]; bodies: string[]; resyncs: TarResync[] }> {
  const names: string[] = [];
  const bodies: string[] = [];
  const resyncs: TarResync[] = [];
  for await (const e of tarEntriesResyncing(chunked(bytes, chunk), (r) => resyncs.push(r))) {
    names.push(e.header.name);
    let body = '';
    for await (const c of e.body) body += Buffer.from(c).toString();
    bodies.push(body);
  }
  return { names, bodies, resyncs };
}

describe('tarEntriesResyncing', () => {
  it.each([7, 512, 4096, 1 << 20])('resumes at the next valid header after a corrupt one (chunks of %i bytes)', async (chunk) => {
    const tar = await tarOf({ 'a.log': 'first\n'.repeat(300), 'b.log': 'broken\n'.repeat(10), 'c.log': 'third\n' });
    const broken = Buffer.from(tar);
    const header = tar.indexOf(Buffer.from('b.log'));
    broken.write('zzzzzzzz', header + 148, 'latin1');
    const { names, bodies, resyncs } = await read(broken, chunk);
    expect(names).toEqual(['a.log', 'c.log']);
    expect(bodies[1]).toBe('third\n');
    expect(resyncs).toHaveLength(1);
    expect(resyncs[0]!.to).toBe(tar.indexOf(Buffer.from('c.log')));
  });

  it('reads an intact tar without any resync', async () => {
    const tar = await tarOf({ 'a.log': 'x\n', 'b.log': 'y\n' });
    expect(await read(tar, 100)).toMatchObject({ names: ['a.log', 'b.log'], resyncs: [] });
  });

  it('recognises real headers and rejects text, zeros and a broken checksum', async () => {
    const tar = await tarOf({ 'a.log': 'x\n' });
    expect(isTarHeader(tar.subarray(0, 512))).toBe(true);
    expect(isTarHeader(Buffer.alloc(512))).toBe(false);
    expect(isTarHeader(Buffer.from('Mar 14 14:25:15 host k3s[1]: ustar '.repeat(20)).subarray(0, 512))).toBe(false);
    const bad = Buffer.from(tar.subarray(0, 512));
    bad[0] = bad[0]! + 1;
    expect(isTarHeader(bad)).toBe(false);
  });
});
