import type { LogEvent } from '../../model/log-event.js';
import { EXIT } from '../exit-codes.js';
import { displayPath } from '../../ingest/index.js';
import { isoTimestamp } from '../../formats/index.js';
import { INPUT_OPTIONS, inputSettings, parseCommandLine, severityOption } from '../common-options.js';
import { readTimeline } from '../../pipeline/read-timeline.js';
import { loadLifecycle } from '../../patterns/load-lifecycle.js';
import { shippedPatternsDir, shippedSnapshotFile } from '../shipped-patterns-dir.js';
import { Progress } from '../progress.js';
import type { CommandIo } from '../command-io.js';
import { sanitizeText } from '../../report/index.js';

export const TIMELINE_HELP = `Usage: logsift timeline <input>... [options]

Prints the merged, normalised timeline of every event in the inputs, oldest first.

Filters:
  --since TIME / --until TIME   e.g. "2025-03-14 14:00", 2025-03-14T14:25:11Z (zone: --tz, else UTC)
  --host NAME                   repeatable
  --component NAME              repeatable: containerd, kubelet, k3s, kubelite, kernel, systemd, ...
  --min-level LEVEL             critical, error, warning, info, debug
  --grep REGEX                  case-insensitive, on the message and fields
Output:
  --json                        one JSON event per line (keys: timestamp, timestampQuality, host, component,
                                unit, pid, severity, message, fields, format, bootId, origin {file, line})
Input: --tz ZONE, --include GLOB, --exclude GLOB, --max-depth N, --max-line-bytes N, -q/--quiet, -v/--verbose
Time marks in text output: * year inferred, ~ zone assumed, + relative to boot, no time shown = none on the line.
`;

export async function timelineCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommandLine(args, {
    ...INPUT_OPTIONS,
    component: { type: 'string', multiple: true },
    'min-level': { type: 'string' },
    grep: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) {
    io.stdout(TIMELINE_HELP);
    return EXIT.ok;
  }
  const settings = inputSettings(values, positionals);
  const minLevel = severityOption('--min-level', values['min-level']);
  const components = values.component ? new Set(values.component) : undefined;
  let grep: RegExp | undefined;
  if (values.grep !== undefined) {
    try {
      grep = new RegExp(values.grep, 'i');
    } catch (error) {
      io.stderr(`logsift: --grep: ${(error as Error).message}\n`);
      return EXIT.usage;
    }
  }
  const progress = new Progress(io.stderrIsTTY && !values.quiet);
  const timeline = await readTimeline(settings.inputs, {
    ingest: settings.ingest,
    timeZone: settings.zone,
    lifecycle: loadLifecycle(shippedPatternsDir(), shippedSnapshotFile()),
    filter: { since: settings.since, until: settings.until, hosts: settings.hosts, components, minSeverity: minLevel, grep },
    onProgress: (p) => progress.update(p.bytesRead, p.members),
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
  const out: string[] = [];
  for await (const event of timeline) {
    out.push(values.json ? JSON.stringify(toJsonEvent(event, result.renamed)) : formatEventLine(event));
    if (out.length >= 2000) io.stdout(out.splice(0).join('\n') + '\n');
  }
  if (out.length) io.stdout(out.join('\n') + '\n');
  if (!values.quiet) {
    for (const assumption of result.assumptions) io.stderr(`note: ${assumption}\n`);
    for (const warning of result.warnings) io.stderr(`${warning.severity}: ${warning.title}\n`);
    const skipped = result.files.filter((f) => f.status !== 'parsed');
    if (skipped.length) io.stderr(`note: ${skipped.length} file(s) not parsed (run "logsift <input> --format json" for the full list)\n`);
  }
  return EXIT.ok;
}

/** The `timeline --json` event: a contract (README), keys in this order. */
export function toJsonEvent(event: LogEvent, renamed?: ReadonlyMap<string, string>): Record<string, unknown> {
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
  };
}

const QUALITY_MARK: Record<LogEvent['timeQuality'], string> = { exact: ' ', 'year-inferred': '*', 'zone-assumed': '~', 'relative-to-boot': '+', approximate: '≈', none: ' ' };
const LEVEL: Record<string, string> = { critical: 'CRIT', error: 'ERROR', warning: 'WARN', info: 'INFO', debug: 'DEBUG' };

export function formatEventLine(event: LogEvent): string {
  const time = isoTimestamp(event.timestamp) ?? ' '.repeat(24);
  const where = `${event.origin.member || event.origin.bundle}:${event.origin.line}`;
  // The payload's own fields (error=…, pod=…) are half the story; journal metadata (UPPER_CASE, _FIELDS) is not.
  const extras = Object.entries(event.fields)
    .filter(([key]) => !/^[A-Z_][A-Z0-9_]*$/.test(key) && key !== 'caller')
    .map(([key, value]) => ` ${key}=${/[\s"]/.test(value) || value === '' ? JSON.stringify(value) : value}`)
    .join('');
  const message = `${event.message}${extras}`.split('\n').map(sanitizeText).join('\n    ');
  return `${time}${QUALITY_MARK[event.timeQuality]} ${sanitizeText(event.host ?? '-')} ${sanitizeText(event.component ?? '-')} ${(LEVEL[event.severity ?? 'info'] ?? 'INFO').padEnd(5)} ${message}  [${sanitizeText(where)}]`;
}
