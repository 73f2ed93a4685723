import { writeFileSync } from 'node:fs';
import { severityRank, type Severity } from '../../model/log-event.js';
import { loadLibrary } from '../../patterns/load-library.js';
import { loadLifecycle } from '../../patterns/load-lifecycle.js';
import { analyzeBundle } from '../../pipeline/analyze-bundle.js';
import { startMemberWorkers } from '../../pipeline/workers/run-pipeline-in-workers.js';
import { renderHtml, renderJson, renderMarkdown, renderText, renderTerminal } from '../../report/index.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { INPUT_OPTIONS, inputSettings, parseCommandLine, severityOption } from '../common-options.js';
import { workerCount } from '../workers/worker-count.js';
import { Progress } from '../progress.js';
import type { CommandIo } from '../command-io.js';
import { shippedPatternsDir, shippedSnapshotFile } from '../shipped-patterns-dir.js';
import { toolVersion } from '../tool-version.js';
import { createLogger } from '../diagnostics-logger.js';

export const ANALYZE_HELP = `Usage: logsift [analyze] <input>... [options]

Reads every log in the inputs (.tgz/.tar.gz/.tar/.gz/.tar.xz/.zst, directories, files, - for stdin), finds known
incidents, follows cause → effect, and reports the root cause with its evidence and the fix.

Output:
  --format text|md|json|html    default: a rich terminal report on a TTY, text when piped
  --output FILE, -o FILE        write the report to FILE
  --no-color                    (also NO_COLOR=1)
Analysis:
  --patterns DIR                add signature files (repeatable; same id overrides a shipped one)
  --strict                      a broken signature file is an error, not a warning
  --since TIME / --until TIME   e.g. "2025-03-14 14:00" (zone: --tz, else UTC)
  --host NAME                   repeatable
  --min-severity LEVEL          hide incidents below critical|error|warning|info
  --fail-on LEVEL               exit 1 when an incident at or above LEVEL is found
  --tz ZONE                     zone for local-time logs, e.g. Europe/Berlin or +02:00
  --jobs N, -j N                worker threads for parsing and matching; 0 = none (all in one thread);
                                default: one per core but one (at most 4) for inputs over 8 MB; on two
                                cores, two for inputs over 32 MB
Input: --include GLOB, --exclude GLOB, --max-depth N, --max-line-bytes N, --max-total-bytes N, --max-ratio N,
       --max-members N
Other: -q/--quiet (no progress), -v/--verbose (diagnostics on stderr), -h/--help, --version

Exit status: 0 analysed, 1 incident at or above --fail-on, 2 usage error, 3 no input could be read,
70 internal error (a bug in logsift).
`;

const FORMATS = ['text', 'md', 'markdown', 'json', 'html', 'terminal'] as const;

export async function analyzeCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommandLine(args, {
    ...INPUT_OPTIONS,
    format: { type: 'string', short: 'f' },
    output: { type: 'string', short: 'o' },
    patterns: { type: 'string', multiple: true },
    strict: { type: 'boolean' },
    'min-severity': { type: 'string' },
    'fail-on': { type: 'string' },
    jobs: { type: 'string', short: 'j' },
  });
  if (values.help) {
    io.stdout(ANALYZE_HELP);
    return EXIT.ok;
  }
  const settings = inputSettings(values, positionals);
  const format = values.format ?? (io.stdoutIsTTY && !values.output ? 'terminal' : 'text');
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format "${format}": expected text, md, json or html`);
  const minSeverity = severityOption('--min-severity', values['min-severity']);
  const failOn = severityOption('--fail-on', values['fail-on']);
  const color = !values['no-color'] && !io.env['NO_COLOR'] && io.stdoutIsTTY && !values.output;
  const logger = createLogger(Boolean(values.verbose));

  // Workers start first: they load their code while this thread loads the library.
  const workers = await workerCount(values.jobs, settings.inputs);
  const memberWorkers = workers > 0 ? startMemberWorkers(workers) : undefined;
  const { library, diagnostics } = await loadLibrary([shippedPatternsDir(), ...(values.patterns ?? [])], { strict: Boolean(values.strict), snapshotFile: shippedSnapshotFile() })
    .catch(async (error: unknown) => {
      await memberWorkers?.close();
      throw error;
    });
  const libraryErrors = diagnostics.filter((d) => d.severity === 'error');
  if (values.strict && libraryErrors.length) {
    await memberWorkers?.close();
    for (const d of libraryErrors) io.stderr(`logsift: ${d.title}\n`);
    return EXIT.usage;
  }
  logger.debug({ signatures: library.signatures.length }, 'signature library loaded');

  const progress = new Progress(io.stderrIsTTY && !values.quiet);
  const started = Date.now();
  logger.debug({ workers }, 'worker threads');
  const analysed = await analyzeBundle(settings.inputs, {
    ingest: settings.ingest,
    timeZone: settings.zone,
    filter: { since: settings.since, until: settings.until, hosts: settings.hosts },
    library,
    lifecycle: loadLifecycle(shippedPatternsDir(), shippedSnapshotFile()),
    libraryDiagnostics: diagnostics,
    minSeverity,
    workers: memberWorkers,
    version: toolVersion(),
    onProgress: (p) => progress.update(p.bytesRead, p.members),
    onMember: (status) => logger.debug({ file: status.path, status: status.status, format: status.format, lines: status.lines, reason: status.reason }, 'file'),
  });
  progress.done();
  logger.debug({ ms: Date.now() - started }, 'analysed');
  if (analysed.nothingRead) {
    // Say why each input gave nothing (empty, binary, only NUL bytes, zip, missing), one line each.
    for (const file of analysed.nothingRead.files) if (file.reason) io.stderr(`logsift: ${file.path}: ${file.reason}\n`);
    for (const warning of analysed.nothingRead.warnings) io.stderr(`logsift: ${warning.title}\n`);
    io.stderr(`logsift: no input could be read (${settings.inputs.join(', ')})\n`);
    return EXIT.noInput;
  }
  const report = analysed.report;

  let rendered: string;
  switch (format) {
    case 'json': rendered = renderJson(report); break;
    case 'md': case 'markdown': rendered = renderMarkdown(report); break;
    case 'html': rendered = renderHtml(report); break;
    // A pseudo-terminal may report 0 columns; fall back to a readable width rather than a 40-column squeeze.
    case 'terminal': rendered = await renderTerminal(report, { width: io.columns && io.columns >= 60 ? Math.min(io.columns, 160) : 100, color }); break;
    default: rendered = renderText(report, { width: io.columns && io.stdoutIsTTY ? io.columns : 100 });
  }
  if (values.output) {
    try {
      writeFileSync(values.output, rendered);
    } catch (error) {
      io.stderr(`logsift: cannot write ${values.output}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
      return EXIT.usage;
    }
    if (!values.quiet) io.stderr(`logsift: report written to ${values.output}\n`);
  } else {
    io.stdout(rendered.endsWith('\n') ? rendered : `${rendered}\n`);
  }
  if (failOn && report.incidents.some((i) => severityRank(i.severity as Severity) <= severityRank(failOn))) return EXIT.incidentFound;
  return EXIT.ok;
}
