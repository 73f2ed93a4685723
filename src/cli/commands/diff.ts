import { closeSync, openSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { keyFieldsOf } from '../../correlate/fingerprint-incident.js';
import type { Signature } from '../../model/signature.js';
import { loadLibrary, loadLifecycle, type Library } from '../../patterns/index.js';
import { analyzeBundle } from '../../pipeline/analyze-bundle.js';
import { lastEventTime } from '../../pipeline/last-event-time.js';
import { startMemberWorkers } from '../../pipeline/workers/run-pipeline-in-workers.js';
import { diffReports, looksLikeJsonReport, readJsonReport, renderDiffJson, renderDiffMarkdown, renderDiffText, type ComparableReport } from '../../report/index.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { commandHelp } from '../option-specs.js';
import { inputSettings, parseCommandLine, resolveTimeWindow, type InputSettings } from '../common-options.js';
import { workerCount } from '../workers/worker-count.js';
import { Progress } from '../progress.js';
import { writeNamedFile, type CommandIo } from '../command-io.js';
import { shippedPatternsDir } from '../shipped-patterns-dir.js';
import { toolVersion } from '../tool-version.js';
import { DIFF_COMMAND, DIFF_OPTIONS } from './diff-spec.js';

const FORMATS = ['text', 'md', 'markdown', 'json'] as const;

/** The first bytes of a regular file, or undefined for anything else (a directory, stdin, a missing path). */
function headOf(path: string): string | undefined {
  try {
    if (path === '-' || !statSync(path).isFile()) return undefined;
    const fd = openSync(path, 'r');
    try {
      const buffer = Buffer.alloc(256);
      const n = readSync(fd, buffer, 0, buffer.length, 0);
      return buffer.subarray(0, n).toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

type Side = { readonly report: ComparableReport; readonly kind: 'report' | 'bundle'; readonly failed?: undefined } | { readonly report?: undefined; readonly failed: readonly string[] };

async function readSide(
  input: string,
  settings: InputSettings,
  library: Library,
  libraryDiagnostics: readonly Diagnostic[],
  jobs: string | undefined,
  progress: Progress,
): Promise<Side> {
  const head = headOf(input);
  if (head !== undefined && looksLikeJsonReport(head)) {
    const byId = new Map<string, Signature>(library.signatures.map((s) => [s.id, s]));
    let text: string;
    try {
      text = readFileSync(input, 'utf8');
    } catch (error) {
      return { failed: [`${input}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`] };
    }
    const read = readJsonReport(text, (id) => keyFieldsOf(id, byId.get(id)));
    return read.report ? { report: read.report, kind: 'report' } : { failed: [`${input}: ${read.error}`] };
  }
  const workers = await workerCount(jobs, [input]);
  const window = await resolveTimeWindow(settings, () => lastEventTime(settings.inputs, { ingest: settings.ingest, timeZone: settings.zone }));
  const analysed = await analyzeBundle([input], {
    ingest: settings.ingest,
    timeZone: settings.zone,
    filter: { since: window.since, until: window.until, hosts: settings.hosts },
    library,
    lifecycle: loadLifecycle(shippedPatternsDir()),
    libraryDiagnostics,
    workers: workers > 0 ? startMemberWorkers(workers) : undefined,
    version: toolVersion(),
    onProgress: (p) => progress.update(p.bytesRead, p.members),
  });
  progress.done();
  if (analysed.report) return { report: analysed.report, kind: 'bundle' };
  const why = analysed.nothingRead.files.filter((f) => f.reason).map((f) => `${f.path}: ${f.reason}`);
  return { failed: [...why, ...analysed.nothingRead.warnings.map((w) => w.title), `no input could be read (${input})`] };
}

export async function diffCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommandLine(args, DIFF_OPTIONS, 'diff');
  if (values.help) {
    io.stdout(commandHelp(DIFF_COMMAND));
    return EXIT.ok;
  }
  if (positionals.length !== 2) throw new UsageError(`diff needs two inputs, OLD and NEW (each a --format json report or a bundle); got ${positionals.length}`);
  const format = values.format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format "${format}": expected text, md or json`);
  const settings = inputSettings(values, positionals);
  const { library, diagnostics } = await loadLibrary([shippedPatternsDir(), ...(values.patterns ?? [])]);
  const progress = new Progress(io.stderrIsTTY && !values.quiet);

  const sides: { report: ComparableReport; kind: 'report' | 'bundle' }[] = [];
  for (const input of positionals) {
    const side = await readSide(input, settings, library, diagnostics, values.jobs, progress);
    if (side.failed) {
      for (const line of side.failed) io.stderr(`logsift: ${line}\n`);
      return EXIT.noInput;
    }
    sides.push(side);
  }
  const [before, after] = [sides[0]!, sides[1]!];
  const diff = diffReports(before.report, after.report, {
    old: { path: positionals[0]!, kind: before.kind },
    new: { path: positionals[1]!, kind: after.kind },
  });
  const rendered = format === 'json' ? renderDiffJson(diff) : format === 'text' ? renderDiffText(diff) : renderDiffMarkdown(diff);
  if (values.output) {
    if (!writeNamedFile(io, values.output, (file) => writeFileSync(file, rendered))) return EXIT.usage;
    if (!values.quiet) io.stderr(`logsift: comparison written to ${values.output}\n`);
  } else {
    io.stdout(rendered);
  }
  return diff.different ? EXIT.different : EXIT.ok;
}
