import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { EventAnalysis } from '../event-analysis.js';
import type { LogLine, MemberInfo, MemberLines } from '../../model/log-line.js';
import type { LifecycleRules } from '../../model/lifecycle.js';
import type { SystemFactRules } from '../../model/system-facts.js';
import type { Signature } from '../../model/signature.js';
import { readBundle, type MemberByteSource } from '../../ingest/index.js';
import { batchSourceOf } from '../../formats/index.js';
import { PipelineLedger, type PipelineOptions, type PipelineResult } from '../run-pipeline.js';
import { zoneToWire } from '../parse-member.js';
import type { EarlierFilesAnswer, FromWorker, MemberWorkerData, ToWorker } from './worker-messages.js';
import { cloneableJournalEntry } from '../../ingest/journal-file/decode-journal-entry.js';

/**
 * Bytes (or characters, for members handed over as lines) a worker may have waiting. The archive is read member
 * after member, so this thread moves on to the next member (for another worker) only once the current one is
 * handed over: the window lets it run ahead of a busy worker by a typical member. Bytes wait off the JavaScript
 * heap; 8 MiB was as fast as 24 MiB on the bench bundle and 26 MB smaller.
 */
const MAX_UNITS_IN_FLIGHT = 8 * 1024 * 1024;
/** Lines per message for members whose lines come one by one (the binary journal reader). */
const LINES_PER_MESSAGE = 2048;
/**
 * Each worker's young generation: V8 makes it three semi-spaces' worth (two semi-spaces and the new large object
 * space), so 8 MiB semi-spaces, where V8 alone grows them to 16 MiB (32 MiB of pages per worker). The one-thread
 * analysis keeps the same size (`capYoungGeneration`, bench/README.md "Peak RSS of an analysis"). Only the young
 * generation is set: the old generation's limit stays V8's default, as in a worker without limits.
 */
const WORKER_YOUNG_GENERATION_MB = 3 * 8;

export interface WorkerPipelineOptions extends Omit<PipelineOptions, 'onEvent'> {
  /** Started with `startMemberWorkers`; closed when the run ends. */
  readonly workers: MemberWorkers;
  /** The loaded library's signatures; each worker builds its matcher from them. */
  readonly signatures: readonly Signature[];
  /** The loaded lifecycle table; each worker's context collector reads boots and services with it. */
  readonly lifecycle: LifecycleRules;
  /** The loaded system facts table; each worker reads version lines with it. */
  readonly systemFacts?: SystemFactRules;
  readonly filter: { readonly since?: number; readonly until?: number; readonly hosts?: ReadonlySet<string> };
  /** Receives each member's analysis, in the order ingest produced the members. */
  readonly analysis: EventAnalysis;
}

/** The compiled worker script; under the test runner (sources in TypeScript) the build's copy. */
export function memberWorkerScript(): string | undefined {
  const here = fileURLToPath(import.meta.url);
  const candidates = here.endsWith('.ts')
    ? [fileURLToPath(new URL('../../../dist/pipeline/workers/member-worker.js', import.meta.url))]
    : [fileURLToPath(new URL('./member-worker.js', import.meta.url))];
  return candidates.find((path) => existsSync(path));
}

interface Ask {
  readonly seq: number;
  readonly what: 'sibling-zone' | 'latest-year';
  readonly from: PoolWorker;
}

interface PoolWorker {
  readonly worker: Worker;
  readonly answers: MessagePort;
  readonly answerReady: Int32Array;
  /** Bytes or characters sent and not yet parsed, per message in sending order. */
  readonly inFlight: number[];
  inFlightUnits: number;
  members: number;
  wakeSender: (() => void) | undefined;
}

/** Worker threads started ahead of the run, so they load their code while this thread loads the library. */
export interface MemberWorkers {
  readonly threads: readonly PoolWorker[];
  /** Stops the threads (a run ends with it too); safe to call twice. */
  close(): Promise<void>;
}

/** Starts `count` (at least one) member workers; they wait for a run's setup. */
export function startMemberWorkers(count: number): MemberWorkers {
  const script = memberWorkerScript();
  if (!script) throw new Error('the worker thread script is missing (run `npm run build`)');
  const threads: PoolWorker[] = [];
  for (let i = 0; i < Math.max(1, count); i++) {
    const channel = new MessageChannel();
    const answerReady = new SharedArrayBuffer(4);
    const workerData: MemberWorkerData = { answerReady, answers: channel.port2 };
    const worker = new Worker(script, { workerData, transferList: [channel.port2], resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
    threads.push({ worker, answers: channel.port1, answerReady: new Int32Array(answerReady), inFlight: [], inFlightUnits: 0, members: 0, wakeSender: undefined });
  }
  let closing: Promise<void> | undefined;
  return {
    threads,
    close: () => (closing ??= Promise.all(threads.map((pool) => {
      pool.answers.close();
      return pool.worker.terminate();
    })).then(() => undefined)),
  };
}

/**
 * `runPipeline` with the parsing, matching and observing of members spread over worker threads, while this thread
 * reads the archive. Members are committed (accounting, analysis) strictly in ingest order and the only
 * cross-member knowledge (a sibling's zone, the last year seen) is answered as of that order, so the report is
 * byte-identical to a one-thread run.
 */
export async function runPipelineInWorkers(options: WorkerPipelineOptions): Promise<PipelineResult> {
  const ledger = new PipelineLedger(options);
  const infos = new Map<number, MemberInfo>();
  const finished = new Map<number, Extract<FromWorker, { type: 'done' }>>();
  const asks = new Set<Ask>();
  let nextCommit = 0;
  let failure: Error | undefined;
  let wakeMain: (() => void) | undefined;
  const signalMain = () => {
    const wake = wakeMain;
    wakeMain = undefined;
    wake?.();
  };

  const answer = (ask: Ask) => {
    const earlier = ledger.earlierFiles(infos.get(ask.seq)!);
    let reply: EarlierFilesAnswer;
    if (ask.what === 'sibling-zone') {
      const zone = earlier.siblingZone();
      reply = { siblingZone: zone ? zoneToWire(zone) : undefined };
    } else {
      // Both are certain once every earlier member is committed, so one question answers both.
      reply = { latestYear: earlier.latestYear(), siblingNewest: earlier.siblingNewest() };
    }
    ask.from.answers.postMessage(reply);
    Atomics.store(ask.from.answerReady, 0, 1);
    Atomics.notify(ask.from.answerReady, 0);
  };
  // The first zone an input's files reveal is the one its siblings get: once a committed member gave one, later
  // commits cannot change the answer. Everything else is certain only when all earlier members are committed.
  const certain = (ask: Ask) =>
    ledger.settledAnswers || ask.seq <= nextCommit || (ask.what === 'sibling-zone' && ledger.earlierFiles(infos.get(ask.seq)!).siblingZone() !== undefined);
  const commitReady = () => {
    for (let done = finished.get(nextCommit); done; done = finished.get(nextCommit)) {
      finished.delete(nextCommit);
      ledger.commit(infos.get(nextCommit)!, done.outcome);
      options.analysis.absorb(done.part);
      infos.delete(nextCommit);
      nextCommit++;
    }
    for (const ask of [...asks]) {
      if (!certain(ask)) continue;
      asks.delete(ask);
      answer(ask);
    }
    signalMain();
  };
  const fail = (error: Error) => {
    failure ??= error;
    signalMain();
    for (const pool of workers) pool.wakeSender?.();
  };

  const workers = options.workers.threads;
  let finishedRun = false;
  for (const pool of workers) {
    pool.worker.postMessage({
      type: 'setup',
      signatures: options.signatures,
      lifecycle: options.lifecycle,
      systemFacts: options.systemFacts,
      since: options.filter.since,
      until: options.filter.until,
      hosts: options.filter.hosts ? [...options.filter.hosts] : undefined,
      ...(options.ingest.lineMarker ? { rawPrefilter: true } : {}),
      ...(options.skim ? { skim: true } : {}),
    } satisfies ToWorker);
    pool.worker.on('message', (message: FromWorker) => {
      switch (message.type) {
        case 'taken': {
          pool.inFlightUnits -= pool.inFlight.shift() ?? 0;
          const wake = pool.wakeSender;
          pool.wakeSender = undefined;
          wake?.();
          break;
        }
        case 'ask': {
          const ask: Ask = { seq: message.seq, what: message.what, from: pool };
          if (certain(ask)) answer(ask);
          else asks.add(ask);
          break;
        }
        case 'done':
          pool.members--;
          finished.set(message.seq, message);
          // Inside an event handler a throw would escape the run: it fails the run instead.
          try {
            commitReady();
          } catch (error) {
            fail(error instanceof Error ? error : new Error(String(error)));
          }
          break;
        case 'failed':
          fail(new Error(`${infos.get(message.seq)?.source.member ?? 'a member'}: ${message.message}`));
          break;
      }
    });
    pool.worker.on('error', (error) => fail(error instanceof Error ? error : new Error(String(error))));
    pool.worker.on('exit', (code) => {
      if (!finishedRun) fail(new Error(`a worker thread stopped (exit ${code})`));
    });
  }

  const send = async (pool: PoolWorker, message: ToWorker) => {
    while (pool.inFlightUnits >= MAX_UNITS_IN_FLIGHT && !failure) {
      await new Promise<void>((resolve) => {
        pool.wakeSender = resolve;
      });
    }
    if (failure) throw failure;
    if (message.type === 'lines') {
      let chars = 0;
      for (const text of message.texts) chars += text.length;
      pool.inFlight.push(chars);
      pool.inFlightUnits += chars;
      pool.worker.postMessage(message);
    } else if (message.type === 'bytes') {
      pool.inFlight.push(message.chunk.length);
      pool.inFlightUnits += message.chunk.length;
      pool.worker.postMessage(message, [message.chunk.buffer as ArrayBuffer]);
    } else {
      pool.worker.postMessage(message);
    }
  };

  let seq = 0;
  try {
    for await (const member of readBundle(options.inputs, options.ingest, ledger.observer)) {
      if (failure) throw failure;
      const pool = workers.reduce((best, w) => (w.members < best.members ? w : best));
      const memberSeq = seq++;
      infos.set(memberSeq, member.member);
      pool.members++;
      const setup = ledger.setupFor(member.member);
      const bytes = byteSourceOf(member);
      if (bytes) {
        // The worker splits the lines: this thread only copies each chunk out of the archive's buffers and hands it over.
        const marked = bytes.splitOptions.marking !== undefined;
        await send(pool, { type: 'begin', seq: memberSeq, info: member.member, setup, maxLineBytes: bytes.splitOptions.maxLineBytes, ...(marked ? { marked } : {}) });
        for await (const chunk of bytes.byteChunks()) await send(pool, { type: 'bytes', seq: memberSeq, chunk: new Uint8Array(chunk) });
        await send(pool, { type: 'end', seq: memberSeq, cut: bytes.cut });
      } else {
        await send(pool, { type: 'begin', seq: memberSeq, info: member.member, setup });
        for await (const batch of lineBatches(member)) await send(pool, linesMessage(memberSeq, batch));
        await send(pool, { type: 'end', seq: memberSeq });
      }
    }
    while (nextCommit < seq && !failure) {
      await new Promise<void>((resolve) => {
        wakeMain = resolve;
      });
    }
    if (failure) throw failure;
    return ledger.result();
  } finally {
    finishedRun = true;
    await options.workers.close();
  }
}

function byteSourceOf(member: MemberLines): MemberByteSource | undefined {
  const source = member.lines as Partial<MemberByteSource>;
  return typeof source.byteChunks === 'function' && source.splitOptions ? (member.lines as unknown as MemberByteSource) : undefined;
}

function lineBatches(member: MemberLines): AsyncIterable<readonly LogLine[]> {
  const source = batchSourceOf(member.lines);
  if (source) return source.batches();
  return (async function* () {
    let batch: LogLine[] = [];
    for await (const line of member.lines) {
      batch.push(line);
      if (batch.length >= LINES_PER_MESSAGE) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  })();
}

function linesMessage(seq: number, batch: readonly LogLine[]): ToWorker {
  if (batch.length > 0 && batch.every((line) => line.journalEntry !== undefined)) return journalEntriesMessage(seq, batch);
  const texts: string[] = new Array(batch.length);
  const first = batch[0]?.lineNumber ?? 1;
  let consecutive = true;
  let flags: [number, boolean, boolean][] | undefined;
  for (let i = 0; i < batch.length; i++) {
    const line = batch[i]!;
    texts[i] = line.text;
    if (line.lineNumber !== first + i) consecutive = false;
    if (line.flags && (line.flags.truncated || line.flags.invalidUtf8)) (flags ??= []).push([i, Boolean(line.flags.truncated), Boolean(line.flags.invalidUtf8)]);
  }
  return { type: 'lines', seq, texts, first, numbers: consecutive ? undefined : batch.map((line) => line.lineNumber), flags };
}

/**
 * Binary journal entries go over decoded, with empty texts: rendering each as its JSON line for the worker to parse
 * again would cost more than decoding it. (The worker's format detection then goes by the member's journal-json hint.)
 */
function journalEntriesMessage(seq: number, batch: readonly LogLine[]): ToWorker {
  const first = batch[0]!.lineNumber;
  let consecutive = true;
  for (let i = 0; i < batch.length; i++) if (batch[i]!.lineNumber !== first + i) consecutive = false;
  return {
    type: 'lines',
    seq,
    texts: batch.map(() => ''),
    first,
    numbers: consecutive ? undefined : batch.map((line) => line.lineNumber),
    journalEntries: batch.map((line) => cloneableJournalEntry(line.journalEntry!)),
  };
}
