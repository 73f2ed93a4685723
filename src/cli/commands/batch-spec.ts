import type { CommandSpec, OptionSpecs } from '../option-specs.js';
import { INPUT_OPTIONS, REPORT_FORMATS, SEVERITY_VALUES } from '../common-option-specs.js';
import { DEFAULT_QUEUE_NAME, QUEUE_KEY_PREFIX } from '../../batch/queue-names.js';
import { ANALYZE_OPTIONS } from './analyze-spec.js';

// What help, completion and the man page know of `logsift batch`: data only, loaded at start-up for every command
// (the command table imports batch.ts, which does the work, only when batch runs).

const { since: _since, until: _until, host: _host, ...BUNDLE_INPUT_OPTIONS } = INPUT_OPTIONS;

export const BATCH_OPTIONS = {
  output: { type: 'string', short: 'o', valueName: 'OUTDIR', completes: 'directory', group: 'Output', description: 'required: the folder for the reports (one per bundle and format), summary.ndjson and summary.md; created when missing' },
  format: {
    type: 'string', short: 'f', multiple: true, valueName: 'FORMATS', group: 'Output',
    description: `the report formats, comma-separated or repeated: ${REPORT_FORMATS.join(', ')} (default json,md)`,
  },
  brief: ANALYZE_OPTIONS.brief,
  'tz-display': ANALYZE_OPTIONS['tz-display'],
  jobs: { type: 'string', short: 'j', valueName: 'N', group: 'Batch', description: 'bundles analysed at once, each in its own process (default: one per core)' },
  timeout: { type: 'string', valueName: 'SECONDS', group: 'Batch', description: 'a bundle still analysing after this long is stopped and listed as failed (default 1800)' },
  'max-memory': { type: 'string', valueName: 'MB', group: 'Batch', description: 'heap limit of each bundle\'s process: a bundle that needs more is listed as failed (default: Node\'s own)' },
  'fail-on': { type: 'string', valueName: 'LEVEL', choices: SEVERITY_VALUES, group: 'Batch', description: 'exit 1 when a bundle has an incident at or above LEVEL' },
  index: {
    type: 'string', valueName: 'LOCATION', completes: 'file', group: 'Batch',
    description: 'file every analysed bundle\'s incidents in this known-incident index, under the bundle\'s report name as ticket (logsift index --help)',
  },
  queue: { type: 'string', valueName: 'URL', group: 'Queue', description: 'redis://HOST:PORT[/DB]: enqueue one job per bundle for `logsift worker` processes (a BullMQ queue) instead of analysing here, then wait for them and write the same summary' },
  'queue-name': { type: 'string', valueName: 'NAME', group: 'Queue', description: `the queue (default ${DEFAULT_QUEUE_NAME}); its Redis keys start with "${QUEUE_KEY_PREFIX}:"` },
  'no-wait': { type: 'boolean', group: 'Queue', description: 'with --queue: enqueue and exit; the same command without it collects the summary later (jobs already queued are not added again)' },
  attempts: { type: 'string', valueName: 'N', group: 'Queue', description: 'with --queue: tries per bundle before it is a dead letter (default 3; retries wait 2 s, 4 s, 8 s, …)' },
  patterns: ANALYZE_OPTIONS.patterns,
  strict: ANALYZE_OPTIONS.strict,
  'min-severity': ANALYZE_OPTIONS['min-severity'],
  ...BUNDLE_INPUT_OPTIONS,
} as const satisfies OptionSpecs;

export const BATCH_COMMAND: CommandSpec = {
  name: 'batch',
  summary: 'one report per bundle of a folder or manifest, and a summary table; resumable',
  usage: [
    'logsift batch <DIR|MANIFEST> -o OUTDIR [options]',
    'logsift batch <DIR|MANIFEST> -o OUTDIR [--format json,md,html,text] [--jobs N] [--index LOCATION]',
    'logsift batch <DIR|MANIFEST> -o OUTDIR --queue redis://HOST:PORT [--no-wait] [--attempts N]',
  ],
  description:
    'Analyses every bundle of DIR (archives, compressed files, binary journals, .log/.txt files, bundle folders a layout recognises) or of MANIFEST (a text file, one path a line, # comments, relative to its folder) on its own, each in a separate process, and writes OUTDIR/<bundle>.<ext> per format, OUTDIR/summary.ndjson (one row per bundle) and OUTDIR/summary.md. A bundle that cannot be read, hits a reading limit, crashes, runs out of memory or time is a failed row with the reason; the others go on. A re-run into the same OUTDIR skips the bundles already done (same path, same content hash, its reports there in every format asked for).',
  options: BATCH_OPTIONS,
  footer:
    'Exit status: 0 every bundle analysed; 1 a bundle has an incident at or above --fail-on (only with the flag); 2 usage error, or OUTDIR cannot be written; 3 DIR/MANIFEST is missing or names no bundle; 5 --index cannot be used (nothing analysed); 6 some bundles failed (each named in the summary with the reason); 69 --queue: the Redis server cannot be reached; 70 internal error.\n',
};
