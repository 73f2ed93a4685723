import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseZone, type Zone } from '../formats/index.js';
import type { IngestOptions } from '../ingest/index.js';
import { SEVERITIES, type Severity } from '../model/log-event.js';
export { severityRank } from '../model/log-event.js';
import { UsageError } from './exit-codes.js';
import { parseTimeOption } from './parse-time-option.js';

/** Options every reading command takes. */
export const INPUT_OPTIONS = {
  since: { type: 'string' },
  until: { type: 'string' },
  host: { type: 'string', multiple: true },
  tz: { type: 'string' },
  include: { type: 'string', multiple: true },
  exclude: { type: 'string', multiple: true },
  'max-depth': { type: 'string' },
  'max-line-bytes': { type: 'string' },
  'max-total-bytes': { type: 'string' },
  'max-ratio': { type: 'string' },
  'max-members': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  verbose: { type: 'boolean', short: 'v' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

export function parseCommandLine<T extends NonNullable<ParseArgsConfig['options']>>(args: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!);
  }
}

export interface InputSettings {
  readonly inputs: string[];
  readonly zone?: Zone;
  readonly since?: number;
  readonly until?: number;
  readonly hosts?: ReadonlySet<string>;
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
  if (since !== undefined && until !== undefined && until < since) throw new UsageError('--until is before --since');
  const hosts = Array.isArray(values['host']) ? new Set(values['host'] as string[]) : undefined;
  return {
    inputs: [...positionals],
    zone,
    since,
    until,
    hosts,
    ingest: {
      include: values['include'] as string[] | undefined,
      exclude: values['exclude'] as string[] | undefined,
      maxDepth: sizeOption(values, 'max-depth'),
      maxLineBytes: sizeOption(values, 'max-line-bytes'),
      maxTotalBytes: sizeOption(values, 'max-total-bytes'),
      maxRatio: sizeOption(values, 'max-ratio'),
      maxMembers: sizeOption(values, 'max-members'),
    },
  };
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

/** `--tz-display`: local, utc, or a zone `--tz` would take. */
export function displayZoneOption(text: string | undefined): string | undefined {
  if (text === undefined || /^(?:local|utc)$/i.test(text)) return text?.toLowerCase();
  if (!parseZone(text)) throw new UsageError(`--tz-display "${text}": expected local, utc, or a time zone like Europe/Berlin or +02:00`);
  return text;
}
