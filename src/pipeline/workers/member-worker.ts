import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
// Modules by file, not by index: a worker needs no archive readers, YAML or schema code (start-up time).
import { MemberAnalysis } from '../event-analysis.js';
import type { LogLine, MemberInfo, MemberLines } from '../../model/log-line.js';
import { createLibrary, type Library } from '../../patterns/create-library.js';
import { reviveSignatures } from '../../patterns/linear-regex.js';
import { LineSplitter } from '../../ingest/split-lines.js';
import { LineMarks, type RawLineMarker } from '../../ingest/line-marks.js';
import { analysisLineMarker } from '../analysis-line-marker.js';
import { parseMember, zoneFromWire, type EarlierFiles, type MemberClockSetup } from '../parse-member.js';
import type { EarlierFilesAnswer, FromWorker, MemberWorkerData, ToWorker, WorkerSetup } from './worker-messages.js';

/**
 * A worker thread that parses, classifies and observes whole members for the main thread: lines come in, and
 * per member only its accounting and plain-data analysis part go back (matches, coverage, context).
 */

const data = workerData as MemberWorkerData;
const port = parentPort!;
const answerReady = new Int32Array(data.answerReady);

/**
 * The lines of one member as they arrive, offered in batches to the parser (an async queue). Bytes are split only
 * when the parser asks for them, so what waits in the queue is off the JavaScript heap.
 */
class ArrivingLines implements AsyncIterable<LogLine> {
  private readonly queue: (LogLine[] | Uint8Array)[] = [];
  private splitter: LineSplitter | undefined;
  private ended = false;
  private cut = false;
  private wake: (() => void) | undefined;
  /** Marks of the raw-byte prefilter, when the main thread asked for them (the marker comes with the setup). */
  readonly marks: LineMarks | undefined;
  marker: RawLineMarker | undefined;

  constructor(readonly seq: number, private readonly info: MemberInfo, private readonly maxLineBytes: number | undefined, marked: boolean) {
    this.marks = marked && maxLineBytes !== undefined ? new LineMarks() : undefined;
  }

  private splitterOf(): LineSplitter | undefined {
    if (this.splitter === undefined && this.maxLineBytes !== undefined) {
      const marking = this.marks && this.marker ? { marker: this.marker, marks: this.marks } : undefined;
      this.splitter = new LineSplitter({ source: this.info.source, maxLineBytes: this.maxLineBytes, ...(marking ? { marking } : {}) });
    }
    return this.splitter;
  }

  push(item: LogLine[] | Uint8Array): void {
    this.queue.push(item);
    this.signal();
  }

  end(cut: boolean): void {
    this.ended = true;
    this.cut = cut;
    this.signal();
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  async *batches(): AsyncGenerator<readonly LogLine[]> {
    while (true) {
      const next = this.queue.shift();
      if (next) {
        const lines = next instanceof Uint8Array ? this.splitterOf()?.push(next) ?? [] : next;
        if (lines.length > 0) yield lines;
        post({ type: 'taken', seq: this.seq });
        continue;
      }
      if (this.ended) break;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
    const last = this.splitterOf()?.end(this.cut) ?? [];
    if (last.length > 0) yield last;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<LogLine> {
    for await (const batch of this.batches()) yield* batch;
  }
}

interface Job {
  readonly seq: number;
  readonly info: MemberInfo;
  readonly setup: MemberClockSetup;
  readonly lines: ArrivingLines;
}

function post(message: FromWorker): void {
  port.postMessage(message);
}

/**
 * Asks the main thread what earlier files revealed, and waits (blocking this thread only) for the answer: the
 * main thread gives it once every earlier member is committed, so it is what a one-by-one run would have known.
 */
function askEarlierFiles(seq: number, what: 'sibling-zone' | 'latest-year'): EarlierFilesAnswer {
  Atomics.store(answerReady, 0, 0);
  post({ type: 'ask', seq, what });
  Atomics.wait(answerReady, 0, 0);
  return (receiveMessageOnPort(data.answers)?.message as EarlierFilesAnswer | undefined) ?? {};
}

function earlierFilesFor(seq: number): EarlierFiles {
  let zone: EarlierFilesAnswer | undefined;
  let year: EarlierFilesAnswer | undefined;
  return {
    siblingZone: () => zoneFromWire((zone ??= askEarlierFiles(seq, 'sibling-zone')).siblingZone),
    latestYear: () => (year ??= askEarlierFiles(seq, 'latest-year')).latestYear,
    siblingNewest: () => (year ??= askEarlierFiles(seq, 'latest-year')).siblingNewest,
  };
}

async function run(setup: WorkerSetup, jobs: AsyncIterable<Job>): Promise<void> {
  const library: Library = createLibrary(reviveSignatures(setup.signatures));
  const marker = setup.rawPrefilter ? analysisLineMarker(library.signatures, setup.systemFacts) : undefined;
  const filter = { since: setup.since, until: setup.until, hosts: setup.hosts ? new Set(setup.hosts) : undefined };
  for await (const job of jobs) {
    try {
      const analysis = new MemberAnalysis(library, filter, setup.lifecycle, setup.systemFacts);
      job.lines.marker = marker;
      // Marks only with a marker: without one the lines are not prefiltered and every event may match.
      const marks = marker ? job.lines.marks : undefined;
      const member: MemberLines = marks ? { member: job.info, lines: job.lines, marks } : { member: job.info, lines: job.lines };
      const outcome = await parseMember(member, job.setup, earlierFilesFor(job.seq), (event, mayMatch) => analysis.observe(event, mayMatch), setup.skim === true, analysis);
      post({ type: 'done', seq: job.seq, outcome, part: analysis.part() });
    } catch (error) {
      post({ type: 'failed', seq: job.seq, message: error instanceof Error ? error.message : String(error) });
    }
  }
}

/** Members in the order the main thread sent them. */
function jobQueue(): { jobs: AsyncIterable<Job>; setup: Promise<WorkerSetup>; handle: (message: ToWorker) => void } {
  let settle: (setup: WorkerSetup) => void = () => {};
  const setup = new Promise<WorkerSetup>((resolve) => {
    settle = resolve;
  });
  const pending: Job[] = [];
  const open = new Map<number, Job>();
  let wake: (() => void) | undefined;
  const handle = (message: ToWorker): void => {
    switch (message.type) {
      case 'setup':
        settle(message);
        break;
      case 'begin': {
        const job: Job = { seq: message.seq, info: message.info, setup: message.setup, lines: new ArrivingLines(message.seq, message.info, message.maxLineBytes, Boolean(message.marked)) };
        open.set(message.seq, job);
        pending.push(job);
        const w = wake;
        wake = undefined;
        w?.();
        break;
      }
      case 'lines': {
        const job = open.get(message.seq);
        if (job) job.lines.push(toLogLines(job.info, message));
        break;
      }
      case 'bytes':
        open.get(message.seq)?.lines.push(message.chunk);
        break;
      case 'end':
        open.get(message.seq)?.lines.end(Boolean(message.cut));
        open.delete(message.seq);
        break;
    }
  };
  const jobs = {
    async *[Symbol.asyncIterator](): AsyncGenerator<Job> {
      while (true) {
        const job = pending.shift();
        if (job) {
          yield job;
          continue;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    },
  };
  return { jobs, setup, handle };
}

function toLogLines(info: MemberInfo, message: Extract<ToWorker, { type: 'lines' }>): LogLine[] {
  const { texts, first, numbers, flags, journalEntries } = message;
  const source = info.source;
  const lines: LogLine[] = new Array(texts.length);
  for (let i = 0; i < texts.length; i++) {
    const lineNumber = numbers ? numbers[i]! : first + i;
    const journalEntry = journalEntries?.[i];
    lines[i] = journalEntry === undefined ? { source, lineNumber, text: texts[i]! } : { source, lineNumber, text: texts[i]!, journalEntry };
  }
  if (flags) {
    for (const [index, truncated, invalidUtf8] of flags) {
      const line = lines[index]!;
      lines[index] = { ...line, flags: { ...(truncated ? { truncated } : {}), ...(invalidUtf8 ? { invalidUtf8 } : {}) } };
    }
  }
  return lines;
}

// The worker starts while the main thread still loads the library; members queue up until the setup arrives.
const { jobs, setup, handle } = jobQueue();
port.on('message', handle);
await run(await setup, jobs);
