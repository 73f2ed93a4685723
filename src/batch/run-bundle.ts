import { fork } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { REPORT_EXTENSIONS } from './report-names.js';
import { formatDuration } from './render-summary.js';
import { summaryRow, type ReportFacts, type SummaryRow } from './summary-row.js';

/** What the parent asks the child process for one bundle (sent over IPC, so plain JSON). */
export interface BundleRequest {
  readonly bundle: string;
  /** Report files to write: format → absolute path. */
  readonly outputs: readonly { readonly format: string; readonly file: string }[];
  /** analyze's options, as command-line words (`--patterns DIR`, `--max-ratio 100`, …). */
  readonly analyzeArgs: readonly string[];
  /** `--index`: where to file the bundle's incidents (under `ticket`), after its reports are written. */
  readonly index?: { readonly location: string; readonly ticket: string; readonly contentHash: string };
}

/** What the child answers before it exits. */
export interface BundleAnswer {
  /** analyze's exit status. */
  readonly status: number;
  /** Set when the analysis produced a report. */
  readonly facts?: ReportFacts;
  /** A reading limit the analysis hit (its warning's title): the bundle was read in part only. */
  readonly limit?: string;
  /** Why filing in the index failed, when it did. */
  readonly indexProblem?: string;
}

export interface RunBundleOptions {
  /** The built child entry (dist/cli/batch-child.js). */
  readonly childScript: string;
  readonly outDir: string;
  /** The bundle's report name in OUTDIR (report-names.ts). */
  readonly name: string;
  readonly formats: readonly string[];
  readonly analyzeArgs: readonly string[];
  readonly contentHash: string;
  /** A bundle still running after this long is killed and becomes a failed row. */
  readonly timeoutMs: number;
  /** The child's V8 heap limit, MiB: a bundle that needs more fails alone instead of swapping the machine. */
  readonly maxMemoryMb?: number;
  readonly index?: string;
}

/**
 * Analyses one bundle in a child process of its own and returns its summary row. Whatever happens to the child — an
 * input it cannot read, an internal error, a crash, running out of memory, a kill, the time limit — becomes a failed
 * row with the reason; this never throws for the bundle's sake.
 */
export async function runBundle(bundle: string, options: RunBundleOptions): Promise<SummaryRow> {
  return (await runBundleOutcome(bundle, options)).row;
}

/**
 * The row, and whether trying again could end otherwise: a process that was killed, crashed, ran out of time or
 * memory, hit an internal error or could not file in the index may do better on another try (or another machine);
 * an input that cannot be read, or a reading limit, will not.
 */
export async function runBundleOutcome(bundle: string, options: RunBundleOptions): Promise<{ readonly row: SummaryRow; readonly retryable: boolean }> {
  const started = Date.now();
  const outputs = options.formats.map((format) => ({ format, file: join(options.outDir, `${options.name}.${REPORT_EXTENSIONS[format] ?? format}`) }));
  const reports = Object.fromEntries(options.formats.map((format) => [format, `${options.name}.${REPORT_EXTENSIONS[format] ?? format}`]));
  const request: BundleRequest = {
    bundle,
    outputs,
    analyzeArgs: options.analyzeArgs,
    ...(options.index ? { index: { location: options.index, ticket: options.name, contentHash: options.contentHash } } : {}),
  };
  mkdirSync(options.outDir, { recursive: true });
  const outcome = await runChild(options.childScript, request, options.timeoutMs, options.maxMemoryMb);
  const base = { bundle, contentHash: options.contentHash, durationMs: Date.now() - started };
  const failed = (reason: string, retryable: boolean) => ({ row: summaryRow({ ...base, status: 'failed', reason }), retryable });
  if (outcome.timedOut) return failed(`still running after ${formatDuration(options.timeoutMs)}: stopped (--timeout)`, true);
  const answer = outcome.answer;
  if (answer?.limit) return { row: summaryRow({ ...base, ...answer.facts, status: 'failed', reason: `read in part only: ${answer.limit}`, ...(answer.facts ? { reports } : {}) }), retryable: false };
  if (answer?.status === 0 && answer.facts) {
    if (answer.indexProblem) return { row: summaryRow({ ...base, ...answer.facts, status: 'failed', reason: `reports written, not filed in the index: ${answer.indexProblem}`, reports }), retryable: true };
    return { row: summaryRow({ ...base, ...answer.facts, status: 'done', reports }), retryable: false };
  }
  const said = lastLine(outcome.stderr);
  if (answer) return failed(said ?? `analysis ended with status ${answer.status}`, answer.status === INTERNAL_ERROR_STATUS);
  if (/heap out of memory|Allocation failed/i.test(outcome.stderr)) return failed(`ran out of memory${options.maxMemoryMb ? ` (limit ${options.maxMemoryMb} MiB, --max-memory)` : ''}`, true);
  if (outcome.signal) return failed(`the analysis was killed by ${outcome.signal}${said ? `: ${said}` : ''}`, true);
  return failed(`the analysis exited with status ${outcome.code ?? 'unknown'}${said ? `: ${said}` : ''} (${basename(bundle)})`, true);
}

/** analyze's exit status for a bug in logsift (README "Exit status"): worth another try, unlike bad input. */
const INTERNAL_ERROR_STATUS = 70;

interface ChildOutcome {
  readonly answer?: BundleAnswer;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
  readonly timedOut: boolean;
}

/** At most this much of a child's stderr is kept: its last line is the reason, and a runaway child must not fill the parent. */
const STDERR_KEEP = 64 * 1024;

function runChild(script: string, request: BundleRequest, timeoutMs: number, maxMemoryMb: number | undefined): Promise<ChildOutcome> {
  return new Promise((resolve) => {
    const child = fork(script, [], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      execArgv: maxMemoryMb ? [`--max-old-space-size=${maxMemoryMb}`] : [],
      serialization: 'json',
    });
    let stderr = '';
    let answer: BundleAnswer | undefined;
    let timedOut = false;
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_KEEP);
    });
    child.on('message', (message) => {
      answer = message as BundleAnswer;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    let settled = false;
    const settle = (code: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ answer, code, signal, stderr, timedOut });
    };
    child.on('error', (error) => {
      stderr += `\n${error.message}`;
      settle(null, null);
    });
    child.on('exit', (code, signal) => {
      // stderr may still be draining: the pipe's end says it is all there.
      if (child.stderr && !child.stderr.readableEnded) child.stderr.once('end', () => settle(code, signal));
      else settle(code, signal);
    });
    child.send(request);
  });
}

/**
 * What the child said on stderr, as one line for the summary: its lines without the `logsift: ` lead, joined (the
 * line naming the file and why comes before "no input could be read"), stack frames left out, at most 500 characters.
 */
function lastLine(stderr: string): string | undefined {
  const lines = stderr.split('\n').map((l) => l.trim().replace(/^logsift:\s*/, '')).filter((l) => l !== '' && !/^at\s/.test(l));
  if (lines.length === 0) return undefined;
  const text = lines.join('; ');
  return text.length > 500 ? `${text.slice(0, 499)}…` : text;
}
