import { closeSync, openSync, writeSync } from 'node:fs';
import type { LogEvent } from '../../model/log-event.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { displayPath } from '../../ingest/index.js';
import { isoTimestamp } from '../../formats/index.js';
import {
  inputSettings, missingInputs, parseCommandLine, reportFormat, resolveTimeWindow, severityOption,
} from '../common-options.js';
import { commandHelp } from '../option-specs.js';
import { filterMatchedNothing, noLogsFound } from '../empty-results.js';
import { lastEventTime } from '../../pipeline/last-event-time.js';
import { dedupeCopies, type CopyOrigin, type TimelineEntry } from '../../pipeline/dedupe-copies.js';
import { readTimeline } from '../../pipeline/read-timeline.js';
import { loadLifecycle } from '../../patterns/load-lifecycle.js';
import { shippedPatternsDir, shippedSnapshotFile } from '../shipped-patterns-dir.js';
import { Progress } from '../progress.js';
import { writeNamedFile, type CommandIo } from '../command-io.js';
import { sanitizeText } from '../../report/sanitize-text.js';
import { redactEvent, redactJsonEvent } from '../../report/redact/index.js';
import { redactSettings, writeRedactionMap } from '../redact-options.js';
import { TIMELINE_COMMAND, TIMELINE_OPTIONS } from './timeline-spec.js';

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
  const timeline = await readTimeline(settings.inputs, {
    ingest: settings.ingest,
    timeZone: settings.zone,
    lifecycle: loadLifecycle(shippedPatternsDir(), shippedSnapshotFile()),
    filter: { since: window.since, until: window.until, hosts: settings.hosts, components, minSeverity: minLevel, grep },
    onProgress: (p) => progress.update(p.bytesRead, p.members),
    keepRawLines: redaction !== undefined && format === 'text',
  });
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
  const redactor = redaction?.redactor;
  // Every host the bundle maps is known before the first event, so one named in a message before its own file is
  // read still gets its pseudonym.
  if (redactor) for (const file of result.files) if (file.host) redactor.addHost(file.host);
  let out: string[] = [];
  let outChars = 0;
  const events = values.dedupe ? dedupeCopies(timeline, result.renamed) : plain(timeline);
  try {
    for await (const { event, alsoIn } of events) {
      let line: string;
      if (format === 'json') {
        const json = toJsonEvent(event, result.renamed, alsoIn);
        line = JSON.stringify(redactor ? redactJsonEvent(json, redactor) : json);
      } else if (redactor) {
        line = formatEventLine(redactEvent(event, redactor), alsoIn?.map((copy) => ({ ...copy, file: redactor.text(copy.file), member: redactor.text(copy.member) })));
      } else {
        line = formatEventLine(event, alsoIn);
      }
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

async function* plain(events: AsyncIterable<LogEvent>): AsyncGenerator<TimelineEntry> {
  for await (const event of events) yield { event };
}

/** The `timeline --json` event: a contract (README), keys in this order. */
export function toJsonEvent(event: LogEvent, renamed?: ReadonlyMap<string, string>, alsoIn?: readonly CopyOrigin[]): Record<string, unknown> {
  const file = displayPath(event.origin.bundle, event.origin.member);
  return {
    timestamp: isoTimestamp(event.timestamp) ?? null,
    timestampQuality: event.timeQuality,
    host: event.host ?? null,
    component: event.component ?? null,
    unit: event.unit ?? null,
    pid: event.pid ?? null,
    severity: event.severity ?? null,
    message: event.message,
    fields: event.fields,
    format: event.format,
    bootId: event.bootId ?? null,
    origin: { file: renamed?.get(file) ?? file, line: event.origin.line },
    ...(alsoIn ? { alsoIn: alsoIn.map((c) => ({ file: c.file, line: c.line })) } : {}),
  };
}

const QUALITY_MARK: Record<LogEvent['timeQuality'], string> = { exact: ' ', 'year-inferred': '*', 'zone-assumed': '~', 'relative-to-boot': '+', approximate: '≈', none: ' ' };
const LEVEL: Record<string, string> = { critical: 'CRIT', error: 'ERROR', warning: 'WARN', info: 'INFO', debug: 'DEBUG' };

export function formatEventLine(event: LogEvent, alsoIn?: readonly CopyOrigin[]): string {
  const time = isoTimestamp(event.timestamp) ?? ' '.repeat(24);
  const where = `${event.origin.member || event.origin.bundle}:${event.origin.line}`;
  // The payload's own fields (error=…, pod=…) are half the story; journal metadata (UPPER_CASE, _FIELDS) is not.
  const extras = Object.entries(event.fields)
    .filter(([key]) => !/^[A-Z_][A-Z0-9_]*$/.test(key) && key !== 'caller')
    .map(([key, value]) => ` ${key}=${/[\s"]/.test(value) || value === '' ? JSON.stringify(value) : value}`)
    .join('');
  const message = `${event.message}${extras}`.split('\n').map(sanitizeText).join('\n    ');
  return `${time}${QUALITY_MARK[event.timeQuality]} ${sanitizeText(event.host ?? '-')} ${sanitizeText(event.component ?? '-')} ${(LEVEL[event.severity ?? 'info'] ?? 'INFO').padEnd(5)} ${message}  [${sanitizeText(where)}${alsoIn?.length ? `; also in: ${alsoIn.map((c) => sanitizeText(`${c.member}:${c.line}`)).join(', ')}` : ''}]`;
}
