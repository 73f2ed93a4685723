import type { CommandSpec, OptionSpecs } from '../option-specs.js';
import { DEFAULT_QUEUE_NAME, QUEUE_KEY_PREFIX } from '../../batch/queue-names.js';

// What help, completion and the man page know of `logsift worker`: data only, loaded at start-up for every command
// (the command table imports worker.ts, which does the work, only when worker runs).

export const WORKER_OPTIONS = {
  queue: { type: 'string', valueName: 'URL', group: 'Queue', description: 'required: redis://HOST:PORT[/DB], the queue `logsift batch --queue` fills' },
  'queue-name': { type: 'string', valueName: 'NAME', group: 'Queue', description: `the queue (default ${DEFAULT_QUEUE_NAME}); its Redis keys start with "${QUEUE_KEY_PREFIX}:"` },
  concurrency: { type: 'string', short: 'c', valueName: 'N', group: 'Queue', description: 'bundles analysed at once, each in its own process (default 1)' },
  'lock-duration': {
    type: 'string', valueName: 'SECONDS', group: 'Queue',
    description: 'how long a taken job stays locked without this worker renewing it: a job whose worker died is taken again after about this long (default 30)',
  },
  quiet: { type: 'boolean', short: 'q', group: 'Other', description: 'no line per bundle on stderr' },
  verbose: { type: 'boolean', short: 'v', group: 'Other', description: 'also the queue client\'s connection errors on stderr' },
  help: { type: 'boolean', short: 'h', group: 'Other', description: 'this help' },
} as const satisfies OptionSpecs;

export const WORKER_COMMAND: CommandSpec = {
  name: 'worker',
  summary: 'take bundle jobs from a batch queue (logsift batch --queue) until stopped',
  usage: ['logsift worker --queue URL [options]', 'logsift worker --queue redis://HOST:PORT [--concurrency N] [--queue-name NAME] [--lock-duration SECONDS]'],
  description:
    'Takes the jobs `logsift batch --queue` enqueues, one bundle each: reads the bundle at the path the job names (a mount every worker and the batch share), analyses it in a process of its own, writes its reports under the batch\'s OUTDIR and hands back its summary row. A try that was killed, crashed or ran out of time is retried with backoff; a worker that dies mid-job has its job taken again by another. Runs until SIGINT or SIGTERM, then finishes the bundles it holds.',
  options: WORKER_OPTIONS,
  footer: 'Exit status: 0 stopped by a signal; 2 usage error; 69 the Redis server cannot be reached at start; 70 internal error. Once started, a worker rides out a Redis restart (it reconnects).\n',
};
