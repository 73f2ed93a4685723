import { describe, expect, it } from 'vitest';
import { PeekStream } from '../../src/ingest/peek-stream.js';

async function collect(s: AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Uint8Array[] = [];
  for await (const c of s) parts.push(c);
  return Buffer.concat(parts).toString();
}

describe('PeekStream', () => {
  it('peeks across chunks and then replays every byte', async () => {
    async function* src() {
      yield Buffer.from('ab');
      yield Buffer.from('cd');
      yield Buffer.from('ef');
    }
    const p = new PeekStream(src());
    expect(Buffer.from(await p.peek(3)).toString()).toBe('abc');
    expect(await collect(p)).toBe('abcdef');
  });

  it('holds a source error until the bytes before it were read', async () => {
    const boom = new Error('cut');
    async function* src() {
      yield Buffer.from('head');
      throw boom;
    }
    const p = new PeekStream(src());
    expect(Buffer.from(await p.peek(100)).toString()).toBe('head');
    expect(p.error).toBe(boom);
    const got: string[] = [];
    await expect(async () => {
      for await (const c of p) got.push(Buffer.from(c).toString());
    }).rejects.toBe(boom);
    expect(got).toEqual(['head']);
  });
});
