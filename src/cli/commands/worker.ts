import { DEFAULT_QUEUE_NAME, parseQueueUrl, QUEUE_KEY_PREFIX, unreachableReason } from '../../batch/queue-connection.js';
import { formatDuration } from '../../batch/render-summary.js';
import type { CommandIo } from '../command-io.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { commandHelp, parseCommandLine, type CommandSpec, type OptionSpecs } from '../option-specs.js';
import { batchChildScript } from './batch.js';
import { queueName } from './queue-name.js';

import { WORKER_COMMAND, WORKER_OPTIONS } from './worker-spec.js';

/** `logsift worker --queue URL`. */
export async function workerCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommandLine(args, WORKER_OPTIONS, 'worker');
  if (values.help) {
    io.stdout(commandHelp(WORKER_COMMAND));
    return EXIT.ok;
  }
  if (positionals.length) throw new UsageError(`worker takes no inputs (got ${positionals[0]}): the bundles come from the queue`);
  if (values.queue === undefined) throw new UsageError('worker needs --queue redis://HOST:PORT');
  const location = parseQueueUrl(values.queue);
  if (typeof location === 'string') throw new UsageError(location);
  const name = queueName(values['queue-name']);
  const concurrency = whole('--concurrency', values.concurrency, 1, 1, 64);
  const lockDurationMs = whole('--lock-duration', values['lock-duration'], 30, 2, 24 * 3600) * 1000;
  const childScript = batchChildScript();
  if (!childScript) throw new Error('the batch child script is missing (run `npm run build`)');
  const unreachable = await unreachableReason(location);
  if (unreachable) {
    io.stderr(`logsift: cannot reach the queue at ${location.shown}: ${unreachable}\n`);
    return EXIT.queueUnavailable;
  }

  const { startWorker } = await import('../../batch/queue.js');
  const say = (text: string) => {
    if (!values.quiet) io.stderr(`logsift worker: ${text}\n`);
  };
  const worker = startWorker({
    location,
    name,
    concurrency,
    lockDurationMs,
    childScript,
    onSettled: (job, row, willRetry) =>
      say(`${row.status === 'done' ? 'done' : willRetry ? 'try failed' : 'failed'}: ${job.bundle} (${formatDuration(row.durationMs)})${row.reason ? `: ${row.reason}` : row.rootCause ? `: ${row.rootCause}` : ''}`),
  });
  let lastError = '';
  worker.on('error', (error) => {
    // Connection trouble repeats while the client reconnects: once per kind of trouble.
    if (error.message !== lastError && values.verbose) io.stderr(`logsift worker: queue: ${error.message}\n`);
    lastError = error.message;
  });
  say(`taking bundles from ${name} at ${location.shown} (${concurrency} at a time)`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  say('stopping: finishing the bundles taken');
  await worker.close();
  return EXIT.ok;
}

function whole(flag: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const n = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag} "${text}": expected a whole number from ${min} to ${max}`);
  return n;
}
