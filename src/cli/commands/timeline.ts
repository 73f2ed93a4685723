import { closeSync, openSync, writeSync } from 'node:fs';
import type { LogEvent } from '../../model/log-event.js';
import { EXIT, UsageError } from '../exit-codes.js';
import {
  inputSettings, missingInputs, parseCommandLine, reportFormat, resolveTimeWindow, severityOption,
} from '../common-options.js';
import { commandHelp } from '../option-specs.js';
import { filterMatchedNothing, noLogsFound } from '../empty-results.js';
import { lastEventTime } from '../../pipeline/last-event-time.js';
import { dedupeCopies, type CopyOrigin, type TimelineEntry } from '../../pipeline/dedupe-copies.js';
import { readTimeline, readTimelineLines, type Timeline, type TimelineLines, type TimelineOptions } from '../../pipeline/read-timeline.js';
import { loadLifecycle } from '../../patterns/load-lifecycle.js';
import { shippedPatternsDir, shippedSnapshotFile } from '../shipped-patterns-dir.js';
import { Progress } from '../progress.js';
import { writeNamedFile, type CommandIo } from '../command-io.js';
import { formatEventLine, jsonEventHead, jsonEventLine, toJsonEvent } from '../../report/render-timeline-event.js';
import { redactEvent, redactJsonEvent, type Redactor } from '../../report/redact/index.js';
import { redactSettings, writeRedactionMap } from '../redact-options.js';
import { TIMELINE_COMMAND, TIMELINE_OPTIONS } from './timeline-spec.js';
import { collectOldGenerationEarly } from './timeline-heap.js';

/** Characters of output gathered per write: one write at a time waits for stdout, so this is what may queue. */
const WRITE_CHARS = 64 * 1024;

export async function timelineCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommandLine(args, TIMELINE_OPTIONS, 'timeline');
  if (values.help) {
    io.stdout(commandHelp(TIMELINE_COMMAND));
    return EXIT.ok;
  }
  const settings = inputSettings(values, positionals);
  const format = reportFormat(values, 'text');
  if (format !== 'text' && format !== 'json') throw new UsageError(`timeline writes text or json, not ${format}${values.format === undefined && values.output ? ` (from ${values.output}; give --format)` : ''}`);
  const minLevel = severityOption('--min-severity', values['min-severity']);
  const redaction = redactSettings(values, io.env);
  const components = values.component ? new Set(values.component) : undefined;
  let grep: RegExp | undefined;
  if (values.grep !== undefined) {
    try {
      grep = new RegExp(values.grep, 'i');
    } catch (error) {
      throw new UsageError(`--grep: ${(error as Error).message}`);
    }
  }
  const missing = missingInputs(settings.inputs);
  if (missing.length) {
    io.stderr(missing.map((m) => `logsift: ${m}: no such file or directory\n`).join('') + `logsift: nothing read: ${missing.length} of ${settings.inputs.length} input(s) missing\n`);
    return EXIT.noInput;
  }
  const window = await resolveTimeWindow(settings, () => lastEventTime(settings.inputs, { ingest: settings.ingest, timeZone: settings.zone }));
  const progress = new Progress(io.stderrIsTTY && !values.quiet);
  collectOldGenerationEarly();
  exitOnInterrupt();
  const redactor = redaction?.redactor;
  const timeline = await timelineLines(settings.inputs, {
    ingest: settings.ingest,
    timeZone: settings.zone,
    lifecycle: loadLifecycle(shippedPatternsDir(), shippedSnapshotFile()),
    filter: { since: window.since, until: window.until, hosts: settings.hosts, components, minSeverity: minLevel, grep },
    onProgress: (p) => progress.update(p.bytesRead, p.members),
    keepRawLines: redactor !== undefined && format === 'text',
  }, { format, redactor, dedupe: values.dedupe === true });
  progress.done();
  const result = timeline.accounting;
  if (result.membersRead === 0) {
    // Say why each input gave nothing (empty, binary, only NUL bytes, zip, missing), one line each.
    for (const file of result.files) if (file.reason) io.stderr(`logsift: ${file.path}: ${file.reason}\n`);
    for (const warning of result.warnings) io.stderr(`logsift: ${warning.title}\n`);
    io.stderr('logsift: no input could be read\n');
    return EXIT.noInput;
  }
  const hostsPresent = [...result.files.map((f) => f.host ?? ''), ...result.linesByHost.keys()];
  const emptyFilter = filterMatchedNothing(hostsPresent, result.files, settings, window);
  if (emptyFilter) {
    io.stderr(`logsift: ${emptyFilter}\n`);
    return EXIT.filteredOut;
  }
  const noLogs = noLogsFound(result.files, 0);
  if (noLogs) {
    io.stderr(`logsift: ${noLogs}\n`);
    return EXIT.noInput;
  }

  // A timeline can be far larger than memory allows to hold: written as it is merged, to stdout or the file.
  let fd: number | undefined;
  if (values.output) {
    try {
      fd = openSync(values.output, 'w');
    } catch (error) {
      io.stderr(`logsift: cannot write ${values.output}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
      return EXIT.usage;
    }
  }
  const write = async (text: string): Promise<void> => {
    if (fd !== undefined) {
      writeSync(fd, text);
      return;
    }
    io.stdout(text);
    await io.stdoutDrained?.();
  };
  // Every host the bundle maps is known before the first event, so one named in a message before its own file is
  // read still gets its pseudonym.
  if (redactor) for (const file of result.files) if (file.host) redactor.addHost(file.host);
  let out: string[] = [];
  let outChars = 0;
  try {
    for await (const line of timeline) {
      out.push(line);
      outChars += line.length + 1;
      if (outChars >= WRITE_CHARS) {
        const text = out.join('\n') + '\n';
        out = [];
        outChars = 0;
        await write(text);
      }
    }
    if (out.length) await write(out.join('\n') + '\n');
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (redaction?.mapFile && !writeNamedFile(io, redaction.mapFile, (file) => writeRedactionMap(file, redaction.redactor))) return EXIT.usage;
  if (values.output && !values.quiet) io.stderr(`logsift: timeline written to ${values.output}\n`);
  // Notes are for a person watching: piped into a file or another tool, stderr stays quiet unless asked (--verbose).
  if (!values.quiet && (io.stderrIsTTY || values.verbose)) {
    // With --redact the notes are redacted too: they quote file names and hosts, and get pasted alongside.
    const shown = (text: string): string => (redactor ? redactor.text(text) : text);
    for (const assumption of result.assumptions) io.stderr(`note: ${shown(assumption)}\n`);
    for (const warning of result.warnings) io.stderr(`${warning.severity}: ${shown(warning.title)}\n`);
    const skipped = result.files.filter((f) => f.status !== 'parsed');
    if (skipped.length) io.stderr(`note: ${skipped.length} file(s) not parsed (run "logsift <input> --format json" for the full list)\n`);
  }
  return EXIT.ok;
}

/**
 * Ctrl-C or a kill while a large timeline is sorted: exit through `process.exit`, so the sorted runs' exit hook
 * removes their temporary files (a signal's default action would leave them). Exit status as a shell reports it.
 */
function exitOnInterrupt(): void {
  if (interruptHandled) return;
  interruptHandled = true;
  process.once('SIGINT', () => process.exit(130));
  process.once('SIGTERM', () => process.exit(143));
}
let interruptHandled = false;

interface LineChoice {
  readonly format: 'text' | 'json';
  readonly redactor?: Redactor;
  readonly dedupe: boolean;
}

/**
 * The timeline as the lines it prints. By default each event is rendered once, as it is read, and the merge moves
 * lines only. `--redact` numbers pseudonyms in output order and `--dedupe` finds copies among events of the same
 * second, so both render the merged events instead.
 */
async function timelineLines(inputs: readonly string[], options: TimelineOptions, choice: LineChoice): Promise<Timeline<string>> {
  if (!choice.redactor && !choice.dedupe) return readTimelineLines(inputs, options, choice.format === 'json' ? JSON_LINES : TEXT_LINES);
  const timeline = await readTimeline(inputs, options);
  return { accounting: timeline.accounting, [Symbol.asyncIterator]: () => linesOfEvents(timeline, choice) };
}

const JSON_LINES: TimelineLines = { render: jsonEventHead, complete: jsonEventLine };
const TEXT_LINES: TimelineLines = { render: (event) => formatEventLine(event), complete: (line) => line };

async function* linesOfEvents(timeline: Timeline, { format, redactor, dedupe }: LineChoice): AsyncGenerator<string> {
  const renamed = timeline.accounting.renamed;
  const events = dedupe ? dedupeCopies(timeline, renamed) : plain(timeline);
  for await (const { event, alsoIn } of events) {
    if (format === 'json') {
      const json = toJsonEvent(event, renamed, alsoIn);
      yield JSON.stringify(redactor ? redactJsonEvent(json, redactor) : json);
    } else if (redactor) {
      yield formatEventLine(redactEvent(event, redactor), alsoIn?.map((copy) => ({ ...copy, file: redactor.text(copy.file), member: redactor.text(copy.member) })));
    } else {
      yield formatEventLine(event, alsoIn);
    }
  }
}

async function* plain(events: AsyncIterable<LogEvent>): AsyncGenerator<TimelineEntry> {
  for await (const event of events) yield { event };
}
