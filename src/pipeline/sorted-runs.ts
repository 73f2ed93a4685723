import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

/**
 * Items sorted in bounded memory: they are gathered in a buffer, each full buffer is sorted and written to a
 * temporary file as one run (a line of JSON per item), and `merged()` k-way merges the runs. Memory holds one buffer
 * and one item per run, whatever the number of items. The temporary directory is removed once merged or closed.
 */
export class SortedRuns<T> {
  private buffer: T[] = [];
  private readonly runs: string[] = [];
  private dir: string | undefined;

  constructor(private readonly compare: (a: T, b: T) => number, private readonly itemsPerRun: number) {}

  add(item: T): void {
    this.buffer.push(item);
    if (this.buffer.length >= this.itemsPerRun) this.spill();
  }

  private spill(): void {
    if (this.buffer.length === 0) return;
    this.dir ??= mkdtempSync(path.join(tmpdir(), 'logsift-runs-'));
    const file = path.join(this.dir, `run-${this.runs.length}.ndjson`);
    const fd = openSync(file, 'w');
    try {
      const items = this.buffer.sort(this.compare);
      const CHUNK = 1024;
      for (let i = 0; i < items.length; i += CHUNK) {
        writeSync(fd, items.slice(i, i + CHUNK).map((item) => JSON.stringify(item)).join('\n') + '\n');
      }
    } finally {
      closeSync(fd);
    }
    this.runs.push(file);
    this.buffer = [];
  }

  /** Every item added, in order (stable across runs: equal items come in run order). */
  async *merged(): AsyncGenerator<T> {
    try {
      if (this.runs.length === 0) {
        const items = this.buffer.sort(this.compare);
        this.buffer = [];
        yield* items;
        return;
      }
      this.spill();
      const readers = this.runs.map((file) => createInterface({ input: createReadStream(file), crlfDelay: Infinity })[Symbol.asyncIterator]());
      const heap: { item: T; run: number }[] = [];
      const before = (a: { item: T; run: number }, b: { item: T; run: number }) => {
        const order = this.compare(a.item, b.item);
        return order < 0 || (order === 0 && a.run < b.run);
      };
      const push = (entry: { item: T; run: number }) => {
        heap.push(entry);
        for (let i = heap.length - 1; i > 0;) {
          const parent = (i - 1) >> 1;
          if (!before(heap[i]!, heap[parent]!)) break;
          [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
          i = parent;
        }
      };
      const pop = (): { item: T; run: number } => {
        const top = heap[0]!;
        const last = heap.pop()!;
        if (heap.length > 0) {
          heap[0] = last;
          for (let i = 0; ;) {
            const left = 2 * i + 1;
            const right = left + 1;
            let least = i;
            if (left < heap.length && before(heap[left]!, heap[least]!)) least = left;
            if (right < heap.length && before(heap[right]!, heap[least]!)) least = right;
            if (least === i) break;
            [heap[i], heap[least]] = [heap[least]!, heap[i]!];
            i = least;
          }
        }
        return top;
      };
      const next = async (run: number) => {
        const line = await readers[run]!.next();
        if (!line.done) push({ item: JSON.parse(line.value) as T, run });
      };
      for (let run = 0; run < readers.length; run++) await next(run);
      while (heap.length > 0) {
        const { item, run } = pop();
        yield item;
        await next(run);
      }
    } finally {
      this.close();
    }
  }

  /** Removes the temporary runs (also when the merge is abandoned early). */
  close(): void {
    this.buffer = [];
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }
}
