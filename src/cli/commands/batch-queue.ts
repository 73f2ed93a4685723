import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { enqueueBundles, openQueue, settledRow } from '../../batch/queue.js';
import { parseQueueUrl, unreachableReason } from '../../batch/queue-connection.js';
import { queueName } from './queue-name.js';
import { alreadyDone, type PlannedBundle } from '../../batch/run-batch.js';
import { appendSummaryRow } from '../../batch/summary-files.js';
import { summaryRow, type SummaryRow } from '../../batch/summary-row.js';
import { BatchProgress } from '../batch-progress.js';
import type { CommandIo } from '../command-io.js';
import { EXIT, UsageError } from '../exit-codes.js';
import type { BatchSettings, BatchValues } from './batch.js';

/** How long the waiting batch keeps asking a queue server that stopped answering (a restart) before it gives up. */
const OUTAGE_LIMIT_MS = 5 * 60 * 1000;
const POLL_MS = 500;
/** Times a job may vanish from the queue and be enqueued again before its bundle is listed as failed. */
const MAX_LOSSES = 3;

/** `logsift batch … --queue URL`: the bundles as BullMQ jobs for `logsift worker`s; waits for them unless --no-wait. */
export async function queueBatch(
  settings: BatchSettings,
  plans: readonly PlannedBundle[],
  previous: readonly SummaryRow[],
  reportsStillThere: (row: SummaryRow) => boolean,
  values: BatchValues,
  io: CommandIo,
  finish: (rows: readonly SummaryRow[], skipped: number) => number,
): Promise<number> {
  const location = parseQueueUrl(values.queue!);
  if (typeof location === 'string') throw new UsageError(location);
  const attempts = values.attempts === undefined ? 3 : Number(values.attempts);
  if (!/^\d+$/.test(values.attempts ?? '3') || attempts < 1 || attempts > 100) throw new UsageError(`--attempts "${values.attempts}": expected a whole number from 1 to 100`);
  const name = queueName(values['queue-name']);
  const unreachable = await unreachableReason(location);
  if (unreachable) {
    io.stderr(`logsift: cannot reach the queue at ${location.shown}: ${unreachable}; nothing was enqueued\n`);
    return EXIT.queueUnavailable;
  }

  const queue = openQueue({ location, name });
  let lastError = '';
  queue.on('error', (error) => {
    // The client reconnects by itself; say so once per kind of trouble, not once per attempt.
    if (error.message !== lastError && values.verbose) io.stderr(`logsift: queue: ${error.message}\n`);
    lastError = error.message;
  });
  try {
    const rows = new Map<PlannedBundle, SummaryRow>();
    const pending: PlannedBundle[] = [];
    let skipped = 0;
    for (const plan of plans) {
      const done = alreadyDone(plan, previous, reportsStillThere);
      if (done) {
        rows.set(plan, done);
        skipped++;
      } else if (plan.unreadable) {
        rows.set(plan, summaryRow({ bundle: plan.bundle, status: 'failed', reason: plan.unreadable, contentHash: plan.contentHash, durationMs: 0 }));
      } else {
        pending.push(plan);
      }
    }
    const job = {
      outDir: resolve(settings.outDir),
      formats: settings.formats,
      analyzeArgs: settings.analyzeArgs,
      timeoutMs: settings.timeoutMs,
      ...(settings.maxMemoryMb ? { maxMemoryMb: settings.maxMemoryMb } : {}),
      // A file index is named so every worker finds it; a server's URL is passed on as it is.
      ...(settings.index ? { index: /^[a-z][a-z0-9+.-]*:\/\//i.test(settings.index) ? settings.index : resolve(settings.index) } : {}),
    };
    const enqueue = { location, name, attempts, backoffMs: 2000 };
    const ids = await enqueueBundles(queue, pending, job, enqueue);
    if (values['no-wait']) {
      if (!values.quiet) io.stderr(`logsift: ${pending.length} ${pending.length === 1 ? 'bundle' : 'bundles'} enqueued on ${name} at ${location.shown}; run the same command without --no-wait to collect the summary\n`);
      return EXIT.ok;
    }
    for (const row of rows.values()) if (row.status === 'failed') appendSummaryRow(settings.outDir, row);
    const progress = new BatchProgress(plans.length, io.stderrIsTTY && !values.quiet ? io.stderr : undefined);
    for (const row of rows.values()) progress.settle(row.status === 'failed', row.status === 'done');
    progress.draw();
    let outageSince: number | undefined;
    const losses = new Map<PlannedBundle, number>();
    while (pending.length > 0) {
      try {
        for (let i = 0; i < pending.length; ) {
          const plan = pending[i]!;
          let row = await settledRow(queue, ids.get(plan)!, plan);
          if (row === 'missing') {
            // The server lost the job (restarted without persistence, or the queue was emptied): the batch has all
            // it takes to enqueue it again, under the same id.
            const lost = (losses.get(plan) ?? 0) + 1;
            losses.set(plan, lost);
            if (lost <= MAX_LOSSES) {
              await enqueueBundles(queue, [plan], job, enqueue);
              if (!values.quiet) {
                progress.done();
                io.stderr(`logsift: the queue lost the job of ${plan.bundle} (a server restart?); enqueued again\n`);
                progress.draw();
              }
            }
            row = lost <= MAX_LOSSES ? 'pending' : summaryRow({ bundle: plan.bundle, status: 'failed', reason: `the queue lost its job ${MAX_LOSSES + 1} times`, contentHash: plan.contentHash, durationMs: 0 });
          }
          if (row === 'pending') {
            i++;
            continue;
          }
          rows.set(plan, row);
          pending.splice(i, 1);
          appendSummaryRow(settings.outDir, row);
          progress.settle(row.status === 'failed', false);
        }
        outageSince = undefined;
      } catch (error) {
        outageSince ??= Date.now();
        if (Date.now() - outageSince > OUTAGE_LIMIT_MS) {
          progress.done();
          io.stderr(`logsift: lost the queue at ${location.shown} for over ${OUTAGE_LIMIT_MS / 60000} min (${(error as Error).message}); ${pending.length} bundles unsettled, their jobs stay queued: run the same command again to collect them\n`);
          return EXIT.queueUnavailable;
        }
      }
      if (pending.length > 0) await sleep(POLL_MS);
    }
    progress.done();
    return finish(plans.map((p) => rows.get(p)!), skipped);
  } finally {
    // A server that is gone would keep a polite close waiting for it: past 5 s, drop the connection.
    const closed = await Promise.race([queue.close().then(() => true, () => false), sleep(5000).then(() => false)]);
    if (!closed) await queue.disconnect().catch(() => {});
  }
}
