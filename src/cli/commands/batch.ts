import { existsSync, mkdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { discoverBundles } from '../../batch/discover-bundles.js';
import { mergeSummary, planBatch, runBatch } from '../../batch/run-batch.js';
import { runBundle } from '../../batch/run-bundle.js';
import { appendSummaryRow, readPreviousSummary, SUMMARY_MD, SUMMARY_NDJSON, writeSummaryFiles } from '../../batch/summary-files.js';
import type { SummaryRow } from '../../batch/summary-row.js';
import { severityRank, type Severity } from '../../model/log-event.js';
import { BatchProgress } from '../batch-progress.js';
import type { CommandIo } from '../command-io.js';
import { INPUT_OPTIONS, REPORT_FORMATS, SEVERITY_VALUES, severityOption } from '../common-options.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { commandHelp, parseCommandLine, type CommandSpec, type OptionSpecs } from '../option-specs.js';
import { BATCH_COMMAND, BATCH_OPTIONS } from './batch-spec.js';
import { indexFailure } from './index.js';
import { openIncidentIndex } from '../../known-incidents/index.js';
import { DEFAULT_QUEUE_NAME, QUEUE_KEY_PREFIX } from '../../batch/queue-connection.js';

/** analyze's options a batch hands to every bundle's analysis, as they were typed. */
const PASSED_ON = ['patterns', 'strict', 'min-severity', 'brief', 'tz-display', 'tz', 'include', 'exclude', 'max-depth', 'max-line-bytes', 'max-total-bytes', 'max-ratio', 'max-members', 'max-lines', 'max-input-bytes', 'max-hosts', 'max-files-per-host'] as const;


/** The built child entry each bundle runs in; under the test runner (sources in TypeScript) the build's copy. */
export function batchChildScript(): string | undefined {
  const here = fileURLToPath(import.meta.url);
  const candidate = here.endsWith('.ts')
    ? fileURLToPath(new URL('../../../dist/cli/batch-child.js', import.meta.url))
    : fileURLToPath(new URL('../batch-child.js', import.meta.url));
  return existsSync(candidate) ? candidate : undefined;
}

export type BatchValues = ReturnType<typeof parseCommandLine<typeof BATCH_OPTIONS>>['values'];

/** What a batch asks of each bundle, from its command line (shared with `--queue`). */
export interface BatchSettings {
  readonly source: string;
  readonly outDir: string;
  readonly formats: readonly string[];
  readonly concurrency: number;
  readonly timeoutMs: number;
  readonly maxMemoryMb?: number;
  readonly failOn?: Severity;
  readonly index?: string;
  readonly analyzeArgs: readonly string[];
}

export function batchSettings(values: BatchValues, positionals: readonly string[]): BatchSettings {
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'batch needs a folder of bundles or a manifest file' : `batch takes one folder or manifest (got ${positionals.length}); list several bundles in a manifest`);
  if (values.output === undefined || values.output.trim() === '') throw new UsageError('batch needs -o OUTDIR: the folder the reports and the summary go to');
  const formats = [...new Set((values.format ?? ['json,md']).flatMap((f) => f.split(',')).map((f) => f.trim().toLowerCase()).filter(Boolean).map((f) => (f === 'markdown' ? 'md' : f)))];
  for (const format of formats) if (!(REPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format "${format}": expected ${REPORT_FORMATS.join(', ')} (comma-separated)`);
  if (formats.length === 0) throw new UsageError('--format: name at least one of text, md, json, html');
  if (values.brief && !formats.includes('md')) throw new UsageError('--brief: only --format md has a brief form');
  const analyzeArgs: string[] = [];
  for (const name of PASSED_ON) {
    const value = (values as Record<string, unknown>)[name];
    if (value === undefined || value === false) continue;
    if (value === true) analyzeArgs.push(`--${name}`);
    else for (const item of Array.isArray(value) ? value : [value]) analyzeArgs.push(`--${name}=${String(item)}`);
  }
  if (values.index !== undefined && values.index.trim() === '') throw new UsageError('--index is empty: name the index');
  return {
    source: positionals[0]!,
    outDir: values.output,
    formats,
    concurrency: wholeNumber('--jobs', values.jobs, availableParallelism(), 1, 256),
    timeoutMs: wholeNumber('--timeout', values.timeout, 1800, 1, 7 * 24 * 3600) * 1000,
    maxMemoryMb: values['max-memory'] === undefined ? undefined : wholeNumber('--max-memory', values['max-memory'], 0, 64, 1024 * 1024),
    failOn: severityOption('--fail-on', values['fail-on']),
    index: values.index,
    analyzeArgs,
  };
}

function wholeNumber(flag: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const n = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag} "${text}": expected a whole number from ${min} to ${max}`);
  return n;
}

/** The exit status of a settled batch: failures first (they need a person), then --fail-on. */
export function batchStatus(rows: readonly SummaryRow[], failOn: Severity | undefined): number {
  if (rows.some((r) => r.status === 'failed')) return EXIT.bundlesFailed;
  if (failOn && rows.some((r) => r.severity !== null && severityRank(r.severity as Severity) <= severityRank(failOn))) return EXIT.incidentFound;
  return EXIT.ok;
}

/** `logsift batch DIR|MANIFEST -o OUTDIR`. */
export async function batchCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommandLine(args, BATCH_OPTIONS, 'batch');
  if (values.help) {
    io.stdout(commandHelp(BATCH_COMMAND));
    return EXIT.ok;
  }
  const settings = batchSettings(values, positionals);
  const found = findBundles(settings.source, io);
  if (typeof found === 'number') return found;
  const indexProblem = await checkIndex(settings.index, io);
  if (indexProblem !== undefined) return indexProblem;
  if (!prepareOutDir(settings.outDir, io)) return EXIT.usage;
  const plans = await planBatch(found);
  const previous = readPreviousSummary(settings.outDir);
  if (values.queue !== undefined) {
    // BullMQ and its Redis client load only for --queue: every other run would pay their start-up for nothing.
    const { queueBatch } = await import('./batch-queue.js');
    return queueBatch(settings, plans, previous, reportsStillThere(settings), values, io, (rows, skipped) => finishBatch(settings, rows, previous, skipped, values, io));
  }
  const childScript = batchChildScript();
  if (!childScript) throw new Error('the batch child script is missing (run `npm run build`)');
  const progress = new BatchProgress(plans.length, io.stderrIsTTY && !values.quiet ? io.stderr : undefined);
  progress.draw();
  let skipped = 0;
  const rows = await runBatch(plans, {
    concurrency: settings.concurrency,
    previous,
    reportsStillThere: reportsStillThere(settings),
    run: (plan) => runBundle(plan.bundle, {
      childScript,
      outDir: settings.outDir,
      name: plan.name,
      formats: settings.formats,
      analyzeArgs: settings.analyzeArgs,
      contentHash: plan.contentHash,
      timeoutMs: settings.timeoutMs,
      maxMemoryMb: settings.maxMemoryMb,
      index: settings.index,
    }),
    onRow: (row, wasDone) => {
      if (wasDone) skipped++;
      else appendSummaryRow(settings.outDir, row);
      progress.settle(row.status === 'failed', wasDone);
    },
  });
  progress.done();
  return finishBatch(settings, rows, previous, skipped, values, io);
}

/** A done row counts as done again only with a report in every format asked for now, still in OUTDIR. */
export function reportsStillThere(settings: Pick<BatchSettings, 'formats' | 'outDir'>): (row: SummaryRow) => boolean {
  return (row) => settings.formats.every((format) => row.reports[format] !== undefined && existsSync(join(settings.outDir, row.reports[format]!)));
}

/**
 * `--index`: opened (created or migrated) once before any bundle is analysed, so an index that cannot be used — a
 * file that is no index, a PostgreSQL server that does not answer — is one line and exit 5 (75 when locked), with
 * nothing analysed and no row written, rather than a batch of failed rows. The exit status, or undefined when usable.
 */
async function checkIndex(location: string | undefined, io: CommandIo): Promise<number | undefined> {
  if (location === undefined) return undefined;
  try {
    const index = await openIncidentIndex(location, { mode: 'write' });
    await index.close();
    return undefined;
  } catch (error) {
    const status = indexFailure(error, io);
    io.stderr('logsift: nothing analysed\n');
    return status;
  }
}

/** The bundles of DIR or MANIFEST, or the exit status (line on stderr) when there are none. */
export function findBundles(source: string, io: CommandIo): string[] | number {
  if (!existsSync(source)) {
    io.stderr(`logsift: ${source}: no such file or directory\n`);
    return EXIT.noInput;
  }
  let discovered;
  try {
    discovered = discoverBundles(source);
  } catch (error) {
    io.stderr(`logsift: ${source}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})\n`);
    return EXIT.noInput;
  }
  if (discovered.bundles.length === 0) {
    const kind = statSync(source).isDirectory() ? 'folder' : 'manifest';
    io.stderr(`logsift: ${source}: the ${kind} names no bundle${discovered.passedOver.length ? ` (passed over: ${discovered.passedOver.map((p) => `${p.path}: ${p.reason}`).join('; ')})` : ''}\n`);
    return EXIT.noInput;
  }
  return [...discovered.bundles];
}

export function prepareOutDir(outDir: string, io: CommandIo): boolean {
  try {
    mkdirSync(outDir, { recursive: true });
    if (!statSync(outDir).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    return true;
  } catch (error) {
    io.stderr(`logsift: cannot write ${outDir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
    return false;
  }
}

/** Writes summary.ndjson and summary.md, says what happened in one line (unless --quiet), returns the exit status. */
export function finishBatch(settings: BatchSettings, rows: readonly SummaryRow[], previous: readonly SummaryRow[], skipped: number, values: { quiet?: boolean }, io: CommandIo): number {
  writeSummaryFiles(settings.outDir, mergeSummary(rows, previous));
  const failed = rows.filter((r) => r.status === 'failed');
  if (!values.quiet) {
    const incidents = rows.filter((r) => r.status === 'done' && r.incidents > 0).length;
    io.stderr(
      `logsift: ${rows.length} ${rows.length === 1 ? 'bundle' : 'bundles'}: ${rows.length - failed.length} done (${incidents} with incidents), ${failed.length} failed${skipped ? ` (${skipped} done in an earlier run, not run again)` : ''}; ` +
        `summary in ${settings.outDir}/${SUMMARY_NDJSON} and ${SUMMARY_MD}\n`,
    );
    for (const row of failed) io.stderr(`logsift: failed: ${row.bundle}: ${row.reason ?? 'no reason given'}\n`);
  }
  return batchStatus(rows, settings.failOn);
}
