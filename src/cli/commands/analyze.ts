import { writeFileSync } from 'node:fs';
import { severityRank, type Severity } from '../../model/log-event.js';
// The modules themselves, not the patterns and report indexes: those also load the YAML parser, the schema library
// and every renderer, which a run on the shipped library rendering one format does not need.
import { loadLibrary } from '../../patterns/load-library.js';
import { loadLifecycle } from '../../patterns/load-lifecycle.js';
import { loadSystemFacts } from '../../patterns/load-system-facts.js';
import { analyzeBundle } from '../../pipeline/analyze-bundle.js';
import { startMemberWorkers } from '../../pipeline/workers/run-pipeline-in-workers.js';
import { EXIT, UsageError } from '../exit-codes.js';
import {
  displayZoneOption, inputSettings, missingInputs, parseCommandLine, reportFormat, resolveTimeWindow, severityOption,
} from '../common-options.js';
import { commandHelp } from '../option-specs.js';
import { noLogsFound, reportFilterMatchedNothing } from '../empty-results.js';
import { lastEventTime } from '../../pipeline/last-event-time.js';
import { workerCount } from '../workers/worker-count.js';
import { Progress } from '../progress.js';
import { writeNamedFile, type CommandIo } from '../command-io.js';
import { shippedPatternsDir, shippedSnapshotFile } from '../shipped-patterns-dir.js';
import { toolVersion } from '../tool-version.js';
import { createLogger } from '../diagnostics-logger.js';
import { terminalColumns } from '../terminal-width.js';
import { redactSettings, writeRedactionMap } from '../redact-options.js';
import { redactReport } from '../../report/redact/index.js';
import type { Report } from '../../model/report.js';
import { ANALYZE_COMMAND, ANALYZE_OPTIONS } from './analyze-spec.js';
import { capYoungGeneration, keepAnalysisHeapNearLiveSize } from './analysis-heap.js';

export async function analyzeCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommandLine(args, ANALYZE_OPTIONS, 'analyze');
  if (values.help) {
    io.stdout(commandHelp(ANALYZE_COMMAND));
    return EXIT.ok;
  }
  const format = reportFormat(values, io.stdoutIsTTY && !values.output ? 'terminal' : 'text');
  if (values.brief && format !== 'md') throw new UsageError(`--brief: only --format md has a brief form (got ${format})`);
  return analyzeToOutputs(values, positionals, io, [{ format, file: values.output }]);
}

export type AnalyzeValues = ReturnType<typeof parseCommandLine<typeof ANALYZE_OPTIONS>>['values'];

/** One rendering of the report: a format, written to a file or (without one) to stdout. */
export interface ReportOutput {
  readonly format: string;
  readonly file?: string;
}

/**
 * Analyses the inputs once and writes the report in each of `outputs`; `onReport` sees the report as soon as it is
 * built, before it is redacted and before the checks that may still refuse it (no logs, filters matched nothing) (`logsift batch` takes its summary row from it). Returns the exit status.
 */
export async function analyzeToOutputs(
  values: AnalyzeValues,
  positionals: readonly string[],
  io: CommandIo,
  outputs: readonly ReportOutput[],
  onReport?: (report: Report) => void,
): Promise<number> {
  const settings = inputSettings(values, positionals);
  const missing = missingInputs(settings.inputs);
  if (missing.length) {
    io.stderr(missing.map((m) => `logsift: ${m}: no such file or directory\n`).join('') + `logsift: nothing analysed: ${missing.length} of ${settings.inputs.length} input(s) missing\n`);
    return EXIT.noInput;
  }
  const displayZone = displayZoneOption(values['tz-display']);
  const minSeverity = severityOption('--min-severity', values['min-severity']);
  const failOn = severityOption('--fail-on', values['fail-on']);
  const color = !values['no-color'] && !io.env['NO_COLOR'] && io.stdoutIsTTY && !values.output;
  const progress = new Progress(io.stderrIsTTY && !values.quiet);
  // A diagnostic erases the progress line first, so the two never share a line; the next update redraws it.
  const logger = createLogger(Boolean(values.verbose), { beforeWrite: () => progress.clear() });

  // A bad --index fails before any work; its lookup runs once the incidents are known.
  // SQLite and the index code load only when there is an index to open.
  const lookup = values.index === undefined ? undefined : await (await import('./index.js')).openLookupIndex(values.index, io);
  if (typeof lookup === 'number') return lookup;
  const redaction = redactSettings(values, io.env);

  const workers = await workerCount(values.jobs, settings.inputs);
  keepAnalysisHeapNearLiveSize();
  if (workers === 0) capYoungGeneration();
  // Workers start first: they load their code while this thread loads the library.
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

  const window = await resolveTimeWindow(settings, () => lastEventTime(settings.inputs, { ingest: settings.ingest, timeZone: settings.zone }))
    .catch(async (error: unknown) => {
      await memberWorkers?.close();
      throw error;
    });
  const reportFilters = settings.since || settings.until || settings.hostNames || minSeverity
    ? { since: window.since, until: window.until, hosts: settings.hostNames, minSeverity }
    : undefined;
  const started = Date.now();
  logger.debug({ workers }, 'worker threads');
  const analysed = await analyzeBundle(settings.inputs, {
    ingest: settings.ingest,
    timeZone: settings.zone,
    filter: { since: window.since, until: window.until, hosts: settings.hosts },
    reportFilters,
    library,
    lifecycle: loadLifecycle(shippedPatternsDir(), shippedSnapshotFile()),
    systemFacts: loadSystemFacts(shippedPatternsDir(), shippedSnapshotFile()),
    libraryDiagnostics: diagnostics,
    minSeverity,
    workers: memberWorkers,
    version: toolVersion(),
    onProgress: (p) => progress.update(p.bytesRead, p.members),
    onMember: (status) => logger.debug({ file: status.path, status: status.status, format: status.format, lines: status.lines, reason: status.reason }, 'file'),
    seenBefore: lookup?.seenBefore,
    // Internal: the equivalence tests and the bench compare reports with and without the raw-byte prefilter.
    rawPrefilter: io.env['LOGSIFT_NO_PREFILTER'] !== '1',
    // Internal too: with and without skimming the unmarked lines.
    skim: io.env['LOGSIFT_NO_SKIM'] !== '1',
  });
  progress.done();
  const lookupFailed = await lookup?.finish();
  if (lookupFailed !== undefined) return lookupFailed;
  logger.debug({ ms: Date.now() - started }, 'analysed');
  if (analysed.nothingRead) {
    // Say why each input gave nothing (empty, binary, only NUL bytes, zip, missing), one line each.
    for (const file of analysed.nothingRead.files) if (file.reason) io.stderr(`logsift: ${file.path}: ${file.reason}\n`);
    for (const warning of analysed.nothingRead.warnings) io.stderr(`logsift: ${warning.title}\n`);
    io.stderr(`logsift: no input could be read (${settings.inputs.join(', ')})\n`);
    return EXIT.noInput;
  }
  const report = analysed.report;
  onReport?.(report);
  const emptyFilter = reportFilterMatchedNothing(report, settings, window);
  if (emptyFilter) {
    io.stderr(`logsift: ${emptyFilter}\n`);
    return EXIT.filteredOut;
  }
  // A signature seen below its threshold is a finding too: a pasted excerpt of two lines is still a log. So is an
  // error no signature knows: a pasted failure line must be listed, never answered with "no logs found".
  const noLogs = noLogsFound(report.files, report.incidents.length + report.observations.length + (report.unrecognised?.length ?? 0));
  if (noLogs) {
    io.stderr(`logsift: ${noLogs}\n`);
    return EXIT.noInput;
  }
  // Redacted before any renderer sees it, so no format can show an original.
  const shown = redaction ? redactReport(report, redaction.redactor) : report;

  const columns = terminalColumns(io);
  // Only the renderers asked for load (the terminal one brings ink and React, the HTML one the time axis).
  const render = async (format: string): Promise<string> => {
    switch (format) {
      case 'json': return (await import('../../report/render-json.js')).renderJson(shown);
      case 'md': return (await import('../../report/render-markdown.js')).renderMarkdown(shown, { displayZone, brief: Boolean(values.brief) });
      case 'html': return (await import('../../report/render-html.js')).renderHtml(shown, { displayZone });
      // A pseudo-terminal may report 0 columns: $COLUMNS then says the width; with neither, a readable 100.
      case 'terminal': return (await import('../../report/terminal/render-terminal.js')).renderTerminal(shown, { width: columns !== undefined && columns >= 40 ? Math.min(columns, 160) : 100, color, displayZone });
      default: return (await import('../../report/render-text.js')).renderText(shown, { width: columns !== undefined && io.stdoutIsTTY ? columns : 100, displayZone });
    }
  };
  const rendered = await Promise.all(outputs.map((output) => render(output.format)));
  if (redaction?.mapFile && !writeNamedFile(io, redaction.mapFile, (file) => writeRedactionMap(file, redaction.redactor))) return EXIT.usage;
  for (const [i, output] of outputs.entries()) {
    const text = rendered[i]!;
    if (output.file) {
      if (!writeNamedFile(io, output.file, (file) => writeFileSync(file, text))) return EXIT.usage;
      if (!values.quiet) io.stderr(`logsift: report written to ${output.file}\n`);
    } else {
      io.stdout(text.endsWith('\n') ? text : `${text}\n`);
    }
  }
  if (failOn && report.incidents.some((i) => severityRank(i.severity as Severity) <= severityRank(failOn))) return EXIT.incidentFound;
  return EXIT.ok;
}

