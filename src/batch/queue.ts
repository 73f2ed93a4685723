import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { Job, Queue, Worker } from 'bullmq';
import { connectionOptions, QUEUE_KEY_PREFIX, type QueueLocation } from './queue-connection.js';
import type { PlannedBundle } from './run-batch.js';
import { runBundleOutcome, type RunBundleOptions } from './run-bundle.js';
import { summaryRow, type SummaryRow } from './summary-row.js';


/** What a job carries: all a worker needs to analyse one bundle (paths absolute: the worker sees them on a shared mount). */
export interface BundleJob extends Omit<RunBundleOptions, 'childScript'> {
  readonly bundle: string;
}

export interface QueueSettings {
  readonly location: QueueLocation;
  readonly name: string;
}

export interface EnqueueSettings extends QueueSettings {
  /** Tries a job gets before it is a dead letter. */
  readonly attempts: number;
  /** The first retry's delay; each next one doubles it (BullMQ's exponential backoff). */
  readonly backoffMs: number;
}

/**
 * A job's id: the bundle's content hash with its name and the batch's OUTDIR (the name is read by the analysis, e.g.
 * a collection date; OUTDIR is where the reports go). Enqueueing the same bundle for the same batch again — a re-run, a
 * retried `batch --queue` — finds the job already there instead of adding a second one, so delivery at least once
 * never analyses a bundle twice for one summary.
 */
export function jobId(job: Pick<BundleJob, 'contentHash' | 'name' | 'outDir'>): string {
  const digest = createHash('sha256').update(`${job.contentHash}\0${job.name}\0${resolve(job.outDir)}`).digest('hex');
  return `bundle-${digest.slice(0, 40)}`;
}

export function openQueue(settings: QueueSettings): Queue {
  return new Queue(settings.name, { connection: connectionOptions(settings.location, `logsift:${settings.name}:batch`), prefix: QUEUE_KEY_PREFIX });
}

/** Adds one job per bundle (a bundle already queued for this batch is left as it is); returns the job id of each plan. */
export async function enqueueBundles(queue: Queue, plans: readonly PlannedBundle[], job: Omit<BundleJob, 'bundle' | 'name' | 'contentHash'>, settings: EnqueueSettings): Promise<Map<PlannedBundle, string>> {
  const ids = new Map<PlannedBundle, string>();
  const jobs = [];
  const seen = new Set<string>();
  for (const plan of plans) {
    const data: BundleJob = { ...job, bundle: resolve(plan.bundle), name: plan.name, contentHash: plan.contentHash };
    const id = jobId(data);
    ids.set(plan, id);
    if (seen.has(id)) continue;
    seen.add(id);
    jobs.push({
      name: 'bundle',
      data,
      opts: {
        jobId: id,
        attempts: settings.attempts,
        backoff: { type: 'exponential', delay: settings.backoffMs },
        // Kept a week, so a batch that stopped waiting (--no-wait, a lost terminal) can collect them later.
        removeOnComplete: { age: 7 * 24 * 3600 },
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    });
  }
  for (let i = 0; i < jobs.length; i += 500) await queue.addBulk(jobs.slice(i, i + 500));
  return ids;
}

/**
 * A job's row once it is settled (completed, or failed after its last try); 'pending' while it is waiting, running or
 * to be retried; 'missing' when the queue no longer holds it (a Redis restarted without persistence loses every job).
 */
export async function settledRow(queue: Queue, id: string, plan: PlannedBundle): Promise<SummaryRow | 'pending' | 'missing'> {
  const job = await Job.fromId<BundleJob, SummaryRow>(queue, id);
  if (!job) return 'missing';
  const state = await job.getState();
  if (state === 'completed' && job.returnvalue) return summaryRow({ ...job.returnvalue, bundle: plan.bundle, attempts: job.attemptsMade });
  if (state === 'failed') {
    const tries = Math.max(job.attemptsMade, 1);
    return summaryRow({
      bundle: plan.bundle,
      status: 'failed',
      reason: `${job.failedReason || 'failed'} (dead letter after ${tries} ${tries === 1 ? 'try' : 'tries'})`,
      contentHash: plan.contentHash,
      durationMs: job.finishedOn && job.processedOn ? job.finishedOn - job.processedOn : 0,
      attempts: tries,
    });
  }
  return 'pending';
}

export interface WorkerSettings extends QueueSettings {
  readonly concurrency: number;
  /** How long a job stays taken without its worker renewing the lock: past it, a dead worker's job is taken again. */
  readonly lockDurationMs: number;
  /** The built child entry each bundle runs in. */
  readonly childScript: string;
  readonly onSettled?: (job: BundleJob, row: SummaryRow, willRetry: boolean) => void;
}

/**
 * A worker taking bundle jobs: each bundle analysed in a child process (as a local batch does), its reports written
 * under the job's OUTDIR, its summary row the job's result. An outcome another try could change (the process was
 * killed, crashed, ran out of time) fails the try, so BullMQ retries it with backoff; an input that cannot be read
 * completes with its failed row. A worker that dies mid-job stops renewing the job's lock; after `lockDurationMs`
 * another worker's stalled-job check puts it back in the queue.
 */
export function startWorker(settings: WorkerSettings): Worker<BundleJob, SummaryRow> {
  return new Worker<BundleJob, SummaryRow>(
    settings.name,
    async (job) => {
      const data = job.data;
      const { row, retryable } = await runBundleOutcome(data.bundle, {
        childScript: settings.childScript,
        outDir: data.outDir,
        name: data.name,
        formats: data.formats,
        analyzeArgs: data.analyzeArgs,
        contentHash: data.contentHash,
        timeoutMs: data.timeoutMs,
        maxMemoryMb: data.maxMemoryMb,
        index: data.index,
      });
      settings.onSettled?.(data, row, retryable);
      if (retryable) throw new Error(row.reason ?? 'failed');
      return summaryRow({ ...row, attempts: job.attemptsMade + 1 });
    },
    {
      connection: connectionOptions(settings.location, `logsift:${settings.name}:worker`),
      prefix: QUEUE_KEY_PREFIX,
      concurrency: settings.concurrency,
      lockDuration: settings.lockDurationMs,
      stalledInterval: settings.lockDurationMs,
      // A job whose worker died is taken again, up to this many times, before it is failed as stalled.
      maxStalledCount: 3,
    },
  );
}
