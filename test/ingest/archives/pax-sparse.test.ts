import { describe, expect, it } from 'vitest';
import { paxSparse, SparseMapError, withoutSparseMap } from '../../../src/ingest/archives/pax-sparse.js';

async function collect(chunks: readonly Uint8Array[]): Promise<string> {
  async function* source() {
    yield* chunks;
  }
  const out: Uint8Array[] = [];
  for await (const chunk of withoutSparseMap(source())) out.push(chunk);
  return Buffer.concat(out).toString('latin1');
}

function sparseBody(map: string, data: string): Buffer {
  const head = Buffer.from(map);
  return Buffer.concat([head, Buffer.alloc((512 - (head.length % 512)) % 512), Buffer.from(data)]);
}

describe('GNU PAX sparse members', () => {
  it('knows format 1.0 (map in the data) from 0.x (map in the records) and takes the real name', () => {
    const base = { name: 'GNUSparseFile.1/app.log', size: 0 };
    expect(paxSparse({ ...base, pax: { 'GNU.sparse.major': '1', 'GNU.sparse.minor': '0', 'GNU.sparse.name': 'var/log/app.log' } } as never)).toEqual({ name: 'var/log/app.log', mapInData: true });
    expect(paxSparse({ ...base, pax: { 'GNU.sparse.map': '0,10', 'GNU.sparse.name': 'app.log' } } as never)).toEqual({ name: 'app.log', mapInData: false });
    expect(paxSparse({ ...base, pax: { path: 'long/name.log' } } as never)).toBeUndefined();
    expect(paxSparse(base as never)).toBeUndefined();
  });

  it('drops the map and its padding, whatever the chunk boundaries', async () => {
    const body = sparseBody('2\n0\n5\n4096\n6\n', 'first\nsecond\n');
    expect(await collect([body])).toBe('first\nsecond\n');
    const bytes = [...body].map((b) => Uint8Array.of(b));
    expect(await collect(bytes)).toBe('first\nsecond\n');
    expect(await collect([body.subarray(0, 3), body.subarray(3, 700), body.subarray(700)])).toBe('first\nsecond\n');
  });

  it('handles a map longer than one block', async () => {
    const pairs = Array.from({ length: 200 }, (_, k) => `${k * 8192}\n10\n`).join('');
    expect(await collect([sparseBody(`200\n${pairs}`, 'payload\n')])).toBe('payload\n');
  });

  it('refuses a map that is not decimal lines, or that ends early', async () => {
    await expect(collect([Buffer.from('2\n0\nxx\n')])).rejects.toBeInstanceOf(SparseMapError);
    await expect(collect([Buffer.from('3\n0\n4096\n')])).rejects.toThrow(/ends before its last entry/);
    await expect(collect([Buffer.from(`${'9'.repeat(40)}\n`)])).rejects.toThrow(/damaged/);
  });
});
