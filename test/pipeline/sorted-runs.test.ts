import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SortedRuns } from '../../src/pipeline/sorted-runs.js';

interface Item {
  readonly key?: number;
  readonly order: number;
  readonly text: string;
}

const compare = (a: Item, b: Item) => (a.key ?? -Infinity) - (b.key ?? -Infinity) || a.order - b.order;

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('SortedRuns', () => {
  it('merges runs spilled to disk into the order one in-memory sort gives, with keyless items first', async () => {
    let state = 20261202;
    // A fixed linear congruential sequence: the same items on every run.
    const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    const items: Item[] = Array.from({ length: 1000 }, (_, order) => ({
      key: random() < 0.05 ? undefined : Math.floor(random() * 200), order, text: `line "${order}" ünïcode\ttab`,
    }));
    const runs = new SortedRuns<Item>(compare, 64);
    for (const item of items) runs.add(item);
    const merged = await all(runs.merged());
    expect(merged).toEqual([...items].sort(compare));
  });

  it('keeps a small input in memory and removes its temporary files once merged or closed', async () => {
    const small = new SortedRuns<Item>(compare, 100);
    small.add({ key: 2, order: 0, text: 'b' });
    small.add({ key: 1, order: 1, text: 'a' });
    expect((await all(small.merged())).map((i) => i.text)).toEqual(['a', 'b']);
    const spilled = new SortedRuns<Item>(compare, 1);
    for (let i = 0; i < 5; i++) spilled.add({ key: 5 - i, order: i, text: String(i) });
    const dir = (spilled as unknown as { dir?: string }).dir!;
    expect(existsSync(dir)).toBe(true);
    spilled.close();
    expect(existsSync(dir)).toBe(false);
  });

  it('merges items whose lines run across read blocks, multi-byte characters cut at a block edge included', async () => {
    // Run files are read 64 KiB at a time: lines of 30–200 KiB of 1-, 2-, 3- and 4-byte characters cross every edge.
    const alphabet = ['a', 'é', '€', '𝄞'];
    const items: Item[] = Array.from({ length: 40 }, (_, order) => ({
      key: (order * 7) % 13, order, text: alphabet[order % 4]!.repeat(15_000 + order * 977) + `#${order}`,
    }));
    const runs = new SortedRuns<Item>(compare, 3);
    for (const item of items) runs.add(item);
    const merged = await all(runs.merged());
    expect(merged.map((m) => m.order)).toEqual([...items].sort(compare).map((m) => m.order));
    expect(merged).toEqual([...items].sort(compare));
  });

  it('an abandoned merge still removes its temporary files', async () => {
    const runs = new SortedRuns<Item>(compare, 2);
    for (let i = 0; i < 10; i++) runs.add({ key: i, order: i, text: String(i) });
    const dir = (runs as unknown as { dir?: string }).dir!;
    for await (const item of runs.merged()) if (item.order === 3) break;
    expect(existsSync(dir)).toBe(false);
  });

  it('merges more runs than it opens at once (runs merged into longer runs on disk first)', async () => {
    let state = 7;
    const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    // A heap of 2 over shuffled items makes runs of 2–4 items: hundreds of runs, more than one merge opens.
    const items: Item[] = Array.from({ length: 2000 }, (_, order) => ({ key: Math.floor(random() * 500), order, text: `#${order}` }));
    const runs = new SortedRuns<Item>(compare, 2);
    for (const item of items) runs.add(item);
    const dir = (runs as unknown as { dir?: string }).dir!;
    expect(readdirSync(dir).length).toBeGreaterThan(200);
    expect(await all(runs.merged())).toEqual([...items].sort(compare));
    expect(existsSync(dir)).toBe(false);
  });

  it('writes each stretch of input already in order as one run, however long: two files over the same hour make two', async () => {
    const runs = new SortedRuns<Item>(compare, 10);
    // Two files of 500 lines each, one after the other, each in time order over the same hour.
    const items: Item[] = [...Array.from({ length: 500 }, (_, i) => i), ...Array.from({ length: 500 }, (_, i) => i)]
      .map((key, order) => ({ key, order, text: String(order) }));
    for (const item of items) runs.add(item);
    const dir = (runs as unknown as { dir?: string }).dir!;
    expect(readdirSync(dir)).toHaveLength(2);
    expect(await all(runs.merged())).toEqual([...items].sort(compare));
  });
});
