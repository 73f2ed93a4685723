import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Runs merged at once. With more, the shortest are first merged into one run on disk, just enough of them to leave
 * FAN_IN (a bundle's files in time order make a run each: a few hundred files cost one extra pass over a few runs).
 */
const FAN_IN = 128;
/** Bytes read from a run at a time: a merge holds FAN_IN of these, whatever the runs' sizes. */
const RUN_READ_BYTES = 16 * 1024;
/** Characters gathered before a run file is written to. */
const RUN_WRITE_CHARS = 64 * 1024;

/** How items are written to a run file, one line each (no line break inside): JSON unless told. */
export interface RunCodec<T> {
  encode(item: T): string;
  decode(line: string): T;
}

/**
 * Run directories not yet removed, whoever made them: removed when the process exits however it exits (an early
 * return that never merged, a broken pipe's exit, a command's signal handler calling `process.exit`), so no run of
 * a large bundle is left in the temporary directory.
 */
const liveRunDirs = new Set<string>();
let removedAtExit = false;

function trackRunDir(dir: string): void {
  liveRunDirs.add(dir);
  if (removedAtExit) return;
  removedAtExit = true;
  process.once('exit', () => {
    for (const left of liveRunDirs) rmSync(left, { recursive: true, force: true });
  });
}

const JSON_CODEC: RunCodec<never> = { encode: (item) => JSON.stringify(item), decode: (line) => JSON.parse(line) as never };

interface RunFile {
  readonly file: string;
  /** Its writer, closed once the run is complete; it counts the run's length. */
  readonly writer: RunWriter;
}

interface Pending<T> {
  readonly item: T;
  /** The run the item goes out in: items smaller than what the current run already holds wait for the next. */
  readonly run: number;
}

/**
 * Items sorted in bounded memory, an external sort. Runs are formed by replacement selection: at most
 * `itemsInMemory` items wait in a heap, and once it is full each new item pushes the smallest out to the current
 * run file; an item smaller than the last one written waits for the next run. Input already in order (a log file)
 * thus becomes one run whatever its length, shuffled input runs of about twice the heap. `merged()` k-way merges
 * the runs, at most FAN_IN at once. Memory holds the heap, one write buffer and, while merging, one read block and
 * one item per run merged, whatever the number of items. The temporary directory is removed once merged or closed.
 *
 * `compare` must tell any two different items apart (end it with an insertion counter): items it calls equal come
 * out in no set order.
 */
export class SortedRuns<T> {
  private heap: Pending<T>[] = [];
  private runs: RunFile[] = [];
  private dir: string | undefined;
  private writer: RunWriter | undefined;
  private writingRun = -1;
  private last: Pending<T> | undefined;
  private filesMade = 0;

  constructor(
    private readonly compare: (a: T, b: T) => number,
    private readonly itemsInMemory: number,
    private readonly codec: RunCodec<T> = JSON_CODEC,
  ) {}

  add(item: T): void {
    if (this.heap.length >= Math.max(1, this.itemsInMemory)) this.writeSmallest();
    const last = this.last;
    const run = last === undefined ? 0 : this.compare(item, last.item) >= 0 ? last.run : last.run + 1;
    this.push({ item, run });
  }

  /** Every item added, in order. */
  async *merged(): AsyncGenerator<T> {
    try {
      if (this.runs.length === 0) {
        // Everything fitted in memory: one sort, no file.
        const items = this.heap.map((pending) => pending.item).sort(this.compare);
        this.heap = [];
        yield* items;
        return;
      }
      while (this.heap.length > 0) this.writeSmallest();
      this.writer?.close();
      this.writer = undefined;
      this.last = undefined;
      // Too many runs: the shortest are merged into one (as lines, never re-encoded) until FAN_IN are left.
      while (this.runs.length > FAN_IN) {
        const byLength = [...this.runs].sort((a, b) => a.writer.written - b.writer.written);
        const group = byLength.slice(0, Math.min(FAN_IN, this.runs.length - FAN_IN + 1));
        this.runs = this.runs.filter((run) => !group.includes(run));
        const writer = this.openRun();
        try {
          for (const { line } of this.mergeFiles(group.map((run) => run.file))) writer.write(line);
        } finally {
          writer.close();
        }
        for (const run of group) rmSync(run.file, { force: true });
      }
      for (const { item } of this.mergeFiles(this.runs.map((run) => run.file))) yield item;
    } finally {
      this.close();
    }
  }

  /** Removes the temporary runs (also when the merge is abandoned early). */
  close(): void {
    this.heap = [];
    this.last = undefined;
    this.writer?.close();
    this.writer = undefined;
    if (this.dir) {
      rmSync(this.dir, { recursive: true, force: true });
      liveRunDirs.delete(this.dir);
    }
    this.dir = undefined;
  }

  private writeSmallest(): void {
    const pending = this.pop();
    if (pending.run !== this.writingRun) {
      this.writer?.close();
      this.writer = this.openRun();
      this.writingRun = pending.run;
    }
    this.writer!.write(this.codec.encode(pending.item));
    this.last = pending;
  }

  private openRun(): RunWriter {
    if (this.dir === undefined) {
      this.dir = mkdtempSync(path.join(tmpdir(), 'logsift-runs-'));
      trackRunDir(this.dir);
    }
    const file = path.join(this.dir, `run-${this.filesMade++}.ndjson`);
    const writer = new RunWriter(file);
    this.runs.push({ file, writer });
    return writer;
  }

  /** The items of sorted run files in order, each with its line as written. */
  private *mergeFiles(files: readonly string[]): Generator<{ item: T; line: string }> {
    const readers = files.map((file) => runLines(file));
    const heap: { item: T; line: string; source: number }[] = [];
    const before = (a: { item: T }, b: { item: T }) => this.compare(a.item, b.item) < 0;
    const next = (source: number) => {
      const line = readers[source]!.next();
      if (!line.done) siftUp(heap, { item: this.codec.decode(line.value), line: line.value, source }, before);
    };
    try {
      for (let source = 0; source < readers.length; source++) next(source);
      while (heap.length > 0) {
        const top = popTop(heap, before);
        yield top;
        next(top.source);
      }
    } finally {
      // An abandoned merge closes the run files it still has open before they are removed.
      for (const reader of readers) reader.return();
    }
  }

  private push(pending: Pending<T>): void {
    siftUp(this.heap, pending, this.beforePending);
  }

  private pop(): Pending<T> {
    return popTop(this.heap, this.beforePending);
  }

  private readonly beforePending = (a: Pending<T>, b: Pending<T>): boolean => a.run < b.run || (a.run === b.run && this.compare(a.item, b.item) < 0);
}

function siftUp<E>(heap: E[], entry: E, before: (a: E, b: E) => boolean): void {
  heap.push(entry);
  for (let i = heap.length - 1; i > 0;) {
    const parent = (i - 1) >> 1;
    if (!before(heap[i]!, heap[parent]!)) break;
    [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
    i = parent;
  }
}

function popTop<E>(heap: E[], before: (a: E, b: E) => boolean): E {
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
}

/** One run file being written: a line per item, gathered and written in blocks. */
class RunWriter {
  private readonly fd: number;
  private pending: string[] = [];
  private chars = 0;
  /** Characters written so far (the run's length, near enough for choosing the shortest runs). */
  written = 0;

  constructor(file: string) {
    this.fd = openSync(file, 'w');
  }

  write(line: string): void {
    this.pending.push(line);
    this.chars += line.length + 1;
    if (this.chars >= RUN_WRITE_CHARS) this.flush();
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    writeSync(this.fd, this.pending.join('\n') + '\n');
    this.written += this.chars;
    this.pending = [];
    this.chars = 0;
  }
}

/**
 * The lines of one run file, read a block at a time only when the merge asks for the next line. (readline's async
 * iterator reads ahead without bound: with hundreds of runs open at once, the whole spilled timeline ended up in
 * memory — 1.2 GB on the 1 GB bench bundle.) A run is written in whole lines, so a line never ends inside a
 * multi-byte character at EOF; splitting happens on the bytes, before decoding.
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
