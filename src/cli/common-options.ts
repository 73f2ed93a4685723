import { existsSync } from 'node:fs';
import { parseZone, type Zone } from '../formats/index.js';
import type { IngestOptions } from '../ingest/index.js';
import { SEVERITIES, type Severity } from '../model/log-event.js';
export { severityRank } from '../model/log-event.js';
import { UsageError } from './exit-codes.js';
import { parseTimeOption, type TimeBound } from './parse-time-option.js';
export { parseCommandLine } from './option-specs.js';

export { INPUT_OPTIONS, OUTPUT_OPTIONS, REPORT_FORMATS, SEVERITY_VALUES } from './common-option-specs.js';
import { REPORT_FORMATS } from './common-option-specs.js';

export interface InputSettings {
  readonly inputs: string[];
  readonly zone?: Zone;
  /** Checked now, resolved once the input's last event is known (relative forms count from it). */
  readonly since?: TimeBound;
  readonly until?: TimeBound;
  /** Lower-cased: hosts match whatever their case. */
  readonly hosts?: ReadonlySet<string>;
  /** The host names as typed, for messages. */
  readonly hostNames?: readonly string[];
  readonly ingest: IngestOptions;
}

export function inputSettings(values: Record<string, unknown>, positionals: readonly string[]): InputSettings {
  if (positionals.length === 0) throw new UsageError('no input given: name a bundle (.tgz, .tar, .gz, directory, file) or - for stdin');
  let zone: Zone | undefined;
  if (typeof values['tz'] === 'string') {
    zone = parseZone(values['tz']);
    if (!zone) throw new UsageError(`--tz "${values['tz']}": not a time zone (use an IANA name like Europe/Berlin or an offset like +02:00)`);
  }
  const since = typeof values['since'] === 'string' ? parseTimeOption('--since', values['since'], zone) : undefined;
  const until = typeof values['until'] === 'string' ? parseTimeOption('--until', values['until'], zone) : undefined;
  if (since && until && !since.relative && !until.relative && until.resolve(0) < since.resolve(0)) throw new UsageError('--until is before --since');
  if ((since?.relative || until?.relative) && positionals.includes('-')) {
    const bound = since?.relative ? since : until!;
    throw new UsageError(`${bound.flag} "${bound.text}" counts from the input's last event, which standard input cannot tell ahead: give an absolute time (2025-06-02 09:00)`);
  }
  const hostNames = Array.isArray(values['host']) ? (values['host'] as string[]) : undefined;
  return {
    inputs: [...positionals],
    zone,
    since,
    until,
    hosts: hostNames ? new Set(hostNames.map((h) => h.toLowerCase())) : undefined,
    hostNames,
    ingest: {
      include: values['include'] as string[] | undefined,
      exclude: values['exclude'] as string[] | undefined,
      maxDepth: sizeOption(values, 'max-depth'),
      maxLineBytes: sizeOption(values, 'max-line-bytes'),
      maxTotalBytes: sizeOption(values, 'max-total-bytes'),
      maxRatio: sizeOption(values, 'max-ratio'),
      maxMembers: sizeOption(values, 'max-members'),
      maxLines: sizeOption(values, 'max-lines'),
      maxInputBytes: sizeOption(values, 'max-input-bytes'),
      maxHosts: sizeOption(values, 'max-hosts'),
      maxFilesPerHost: sizeOption(values, 'max-files-per-host'),
    },
  };
}

/** The inputs that do not exist (stdin `-` always does). */
export function missingInputs(inputs: readonly string[]): string[] {
  return inputs.filter((input) => input !== '-' && !existsSync(input));
}

/** `--since/--until` as instants; `anchor` (the input's last event) is asked for only when a bound is relative. */
export async function resolveTimeWindow(settings: InputSettings, anchor: () => Promise<number | undefined>): Promise<{ since?: number; until?: number }> {
  let at: number | undefined;
  if (settings.since?.relative || settings.until?.relative) {
    at = await anchor();
    // Nothing carries a time: relative bounds have nothing to count from, and nothing they could drop.
    if (at === undefined) return {};
  }
  const since = settings.since?.resolve(at ?? 0);
  const until = settings.until?.resolve(at ?? 0);
  if (since !== undefined && until !== undefined && until < since) throw new UsageError(`--until (${new Date(until).toISOString()}) is before --since (${new Date(since).toISOString()})`);
  return { since, until };
}

const SIZE = /^(\d+(?:\.\d+)?)\s*([kmgt]i?b?)?$/i;
const UNIT: Record<string, number> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

function sizeOption(values: Record<string, unknown>, name: string): number | undefined {
  const text = values[name];
  if (typeof text !== 'string') return undefined;
  const m = SIZE.exec(text.trim());
  if (!m) throw new UsageError(`--${name} "${text}": expected a number, optionally with K/M/G/T`);
  const unit = m[2] ? UNIT[m[2][0]!.toLowerCase()]! : 1;
  return Math.floor(Number(m[1]) * unit);
}

export function severityOption(flag: string, text: unknown): Severity | undefined {
  if (typeof text !== 'string') return undefined;
  const normal = ({ warn: 'warning', err: 'error', fatal: 'critical', crit: 'critical' } as Record<string, string>)[text.toLowerCase()] ?? text.toLowerCase();
  if (!(SEVERITIES as readonly string[]).includes(normal)) throw new UsageError(`${flag} "${text}": expected one of ${SEVERITIES.join(', ')}`);
  return normal as Severity;
}

/** The report format: --format, else --json, else the -o extension, else `fallback` (terminal on a TTY, text). */
export function reportFormat(values: { format?: string; json?: boolean; output?: string }, fallback: string): string {
  if (values.format !== undefined) {
    const format = values.format === 'markdown' ? 'md' : values.format;
    if (!(REPORT_FORMATS as readonly string[]).includes(format) && format !== 'terminal') {
      throw new UsageError(`--format "${values.format}": expected ${REPORT_FORMATS.join(', ')}`);
    }
    if (values.json && format !== 'json') throw new UsageError(`--json and --format ${values.format} disagree: give one`);
    return format;
  }
  if (values.json) return 'json';
  if (values.output !== undefined) return formatOfFile(values.output) ?? 'text';
  return fallback;
}

/** The format a file name asks for by its extension (.html/.htm, .md/.markdown, .json, .txt/.text/.log). */
export function formatOfFile(file: string): string | undefined {
  const ext = /\.([a-z]+)$/i.exec(file)?.[1]?.toLowerCase();
  return ({ html: 'html', htm: 'html', md: 'md', markdown: 'md', json: 'json', txt: 'text', text: 'text', log: 'text' } as Record<string, string>)[ext ?? ''];
}

/** `--tz-display`: local, utc, or a zone `--tz` would take. */
export function displayZoneOption(text: string | undefined): string | undefined {
  if (text === undefined || /^(?:local|utc)$/i.test(text)) return text?.toLowerCase();
  if (!parseZone(text)) throw new UsageError(`--tz-display "${text}": expected local, utc, or a time zone like Europe/Berlin or +02:00`);
  return text;
}
