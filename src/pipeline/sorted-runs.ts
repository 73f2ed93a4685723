import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

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
    let readers: Generator<string, void, undefined>[] = [];
    try {
      if (this.runs.length === 0) {
        const items = this.buffer.sort(this.compare);
        this.buffer = [];
        yield* items;
        return;
      }
      this.spill();
      readers = this.runs.map((file) => runLines(file));
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
      const next = (run: number) => {
        const line = readers[run]!.next();
        if (!line.done) push({ item: JSON.parse(line.value) as T, run });
      };
      for (let run = 0; run < readers.length; run++) next(run);
      while (heap.length > 0) {
        const { item, run } = pop();
        yield item;
        next(run);
      }
    } finally {
      // An abandoned merge closes the run files it still has open before they are removed.
      for (const reader of readers) reader.return();
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

/** Bytes read from a run at a time: memory during a merge is this per run, whatever the runs' sizes. */
const RUN_READ_BYTES = 64 * 1024;

/**
 * The lines of one run file, read a block at a time only when the merge asks for the next line. (readline's async
 * iterator reads ahead without bound: with hundreds of runs open at once, the whole spilled timeline ended up in
 * memory — 1.2 GB on the 1 GB bench bundle.) A run is written by `spill` in whole lines, so a line never ends inside
 * a multi-byte character at EOF; splitting happens on the bytes, before decoding.
 */
function* runLines(file: string): Generator<string, void, undefined> {
  const fd = openSync(file, 'r');
  try {
    const block = Buffer.allocUnsafe(RUN_READ_BYTES);
    let pending: Buffer[] = [];
    for (let read = readSync(fd, block, 0, RUN_READ_BYTES, null); read > 0; read = readSync(fd, block, 0, RUN_READ_BYTES, null)) {
      let start = 0;
      for (let end = block.indexOf(0x0a, start); end !== -1 && end < read; end = block.indexOf(0x0a, start)) {
        const piece = block.subarray(start, end);
        const line = pending.length === 0 ? piece.toString('utf8') : Buffer.concat([...pending, piece]).toString('utf8');
        pending = [];
        start = end + 1;
        if (line.length > 0) yield line;
      }
      if (start < read) pending.push(Buffer.from(block.subarray(start, read)));
    }
    if (pending.length > 0) {
      const line = Buffer.concat(pending).toString('utf8');
      if (line.length > 0) yield line;
    }
  } finally {
    closeSync(fd);
  }
}
