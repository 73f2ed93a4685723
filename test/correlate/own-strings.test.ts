import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { ownString, withOwnStrings } from '../../src/correlate/own-strings.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap bytes still used after keeping, from each of 64 fresh 256 KiB strings, what `keep` makes of a line of it. */
function heldAfterKeeping(keep: (line: string) => string): number {
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept: string[] = [];
  for (let i = 0; i < 64; i++) {
    const piece = `${i} `.padEnd(256 * 1024, `line ${i} of a decoded piece\n`);
    kept.push(keep(piece.split('\n')[3]!));
  }
  gc();
  const held = process.memoryUsage().heapUsed - before;
  expect(kept).toHaveLength(64);
  return held;
}

describe('own copies of strings', () => {
  it('keeps a line without the piece it was split from', () => {
    // 64 pieces of 256 KiB are 16 MB: held by slices, nearly all of it stays.
    expect(heldAfterKeeping((line) => line)).toBeGreaterThan(8 * 1024 * 1024);
    expect(heldAfterKeeping(ownString)).toBeLessThan(1024 * 1024);
  });

  it('changes no text', () => {
    for (const text of ['', 'short', 'exactly 13 ch', 'a line of some length with ünïcödé and \u{1F600}']) expect(ownString(text)).toBe(text);
  });

  it('copies the strings of a record and of the records it holds, keys in order, other values as they are', () => {
    const fields = { pod: 'kube-system/coredns-abcdef', n: '1' };
    const event = { timestamp: 5, message: 'a message of some length', fields, origin: { bundle: 'b.tgz', line: 3 }, tags: ['x'] };
    const copy = withOwnStrings(event);
    expect(copy).toEqual(event);
    expect(Object.keys(copy)).toEqual(Object.keys(event));
    expect(copy.fields).not.toBe(fields);
    expect(copy.tags).toBe(event.tags);
  });
});
