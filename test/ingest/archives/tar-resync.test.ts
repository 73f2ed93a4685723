import { describe, expect, it } from 'vitest';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
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

describe('tarEntriesResyncing on a long stream', () => {
  /** A tar of `count` files of `bytes` bytes each, lines of text numbered per file. */
  function fileBody(f: number, bytes: number): string {
    const line = `file ${f} line of text padded to some length ..........................................\n`;
    return line.repeat(Math.ceil(bytes / line.length)).slice(0, bytes);
  }
  async function longTar(count: number, bytes: number): Promise<Buffer> {
    const files: Record<string, string> = {};
    for (let f = 0; f < count; f++) files[`f${f}.log`] = fileBody(f, bytes);
    return tarOf(files);
  }

  it.each([7 * 1024, 256 * 1024, 3 * 1024 * 1024])('resumes from the last 4 MiB after a corrupt header deep in the stream (chunks of %i bytes)', async (chunk) => {
    // 6 MiB files: the recent bytes kept for the search wrap around the window several times before the damage.
    const tar = await longTar(4, 6 * 1024 * 1024);
    const broken = Buffer.from(tar);
    const damaged = tar.indexOf(Buffer.from('f2.log'));
    broken.write('zzzzzzzz', damaged + 148, 'latin1');
    const { names, bodies, resyncs } = await read(broken, chunk);
    expect(names).toEqual(['f0.log', 'f1.log', 'f3.log']);
    expect(bodies[2]).toBe(fileBody(3, 6 * 1024 * 1024));
    expect(resyncs).toHaveLength(1);
    expect(resyncs[0]!.to).toBe(tar.indexOf(Buffer.from('f3.log')));
  });

  it('does not hold on to the chunks it has passed on', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const tar = await longTar(2, 12 * 1024 * 1024);
    const buffers: WeakRef<ArrayBuffer>[] = [];
    async function* ownBuffers(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < tar.length; i += 64 * 1024) {
        const chunk = new Uint8Array(tar.subarray(i, i + 64 * 1024));
        buffers.push(new WeakRef(chunk.buffer));
        yield chunk;
      }
    }
    let alive = Infinity;
    for await (const entry of tarEntriesResyncing(ownBuffers(), () => undefined)) {
      let seen = 0;
      for await (const piece of entry.body) {
        seen += piece.length;
        if (entry.header.name === 'f1.log' && seen > 8 * 1024 * 1024 && alive === Infinity) {
          // Midway through the second file: what is still reachable is what the reader holds, not 4 MiB of history.
          await new Promise((resolve) => setImmediate(resolve));
          gc();
          alive = buffers.filter((ref) => ref.deref() !== undefined).length;
        }
      }
    }
    expect(buffers.length).toBeGreaterThan(300);
    expect(alive).toBeLessThan(16);
  });
});
