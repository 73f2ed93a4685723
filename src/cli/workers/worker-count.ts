import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { UsageError } from '../exit-codes.js';
import { memberWorkerScript } from '../../pipeline/workers/run-pipeline-in-workers.js';
import { isJournalFile } from '../../ingest/journal-file/is-journal-file.js';

/** Below this much input, starting workers (each compiles the parsers anew) costs more than it saves. */
const PARALLEL_FROM_BYTES = 8 * 1024 * 1024;
/**
 * Workers start only with more cores than this. On two cores the one-thread run already keeps the second core partly
 * busy (decompression on libuv's thread pool, V8's garbage collector and compiler threads), and two workers bought
 * little time for much more CPU and memory: on the 1 GB bench bundle, idle, 18.5 s against 19.8 s wall but 24.9 s
 * against 22.8 s of CPU, and a peak of 300-400 MB against 150-170 MB (each worker is a V8 heap of its own).
 */
const IN_THREAD_UP_TO_CORES = 2;
const MAX_DEFAULT_WORKERS = 4;

/**
 * Worker threads for an analysis: `--jobs` when given (0 = all in this thread); else, for inputs over 8 MB on a
 * machine of more than two cores, one per core but one (at most 4). Standard input, whose size is unknown, is read
 * in one thread.
 */
export async function workerCount(jobs: string | undefined, inputs: readonly string[]): Promise<number> {
  if (jobs !== undefined) {
    const n = /^\d+$/.test(jobs.trim()) ? Number(jobs) : NaN;
    if (!Number.isInteger(n) || n > 64) throw new UsageError(`--jobs "${jobs}": expected a whole number from 0 to 64`);
    if (n > 0 && !memberWorkerScript()) throw new UsageError('--jobs: the worker thread script is missing (run `npm run build`)');
    return n;
  }
  return defaultWorkers(availableParallelism(), inputs);
}

/** The default for `cores` cores: see `workerCount`. */
export async function defaultWorkers(cores: number, inputs: readonly string[]): Promise<number> {
  if (cores <= IN_THREAD_UP_TO_CORES || !memberWorkerScript()) return 0;
  // One binary journal is one member: a worker would only receive its decoded entries (measured slower than none).
  if (inputs.length === 1 && (await isJournalFile(inputs[0]!))) return 0;
  let bytes = 0;
  for (const input of inputs) {
    if (input === '-') return 0;
    bytes += await inputBytes(input, PARALLEL_FROM_BYTES);
    if (bytes >= PARALLEL_FROM_BYTES) return Math.min(cores - 1, MAX_DEFAULT_WORKERS);
  }
  return 0;
}

async function inputBytes(input: string, enough: number): Promise<number> {
  try {
    const info = await stat(input);
    if (info.isFile()) return info.size;
    if (!info.isDirectory()) return 0;
    let total = 0;
    const { default: fg } = await import('fast-glob');
    for await (const entry of fg.stream('**/*', { cwd: input, onlyFiles: true, stats: true, dot: true, suppressErrors: true })) {
      total += (entry as unknown as { stats?: { size: number } }).stats?.size ?? 0;
      if (total >= enough) break;
    }
    return total;
  } catch {
    // A missing input is reported by ingest; here it only means no size to count.
    return 0;
  }
}
