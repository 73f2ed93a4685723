import type { LogEvent } from '../model/log-event.js';
import type { CopyOrigin } from '../pipeline/dedupe-copies.js';
import { displayPath } from '../ingest/display-path.js';
import { isoTimestamp } from '../formats/index.js';
import { sanitizeText } from './sanitize-text.js';

/**
 * The `timeline --json` event: a contract (README), keys in this order. Its origin comes last, so a line can be
 * rendered in two steps (`jsonEventHead`, `jsonEventLine`) when the file's reported name is only settled later.
 */
export function toJsonEvent(event: LogEvent, renamed?: ReadonlyMap<string, string>, alsoIn?: readonly CopyOrigin[]): Record<string, unknown> {
  const file = displayPath(event.origin.bundle, event.origin.member);
  return {
    ...jsonEventFields(event),
    origin: { file: renamed?.get(file) ?? file, line: event.origin.line },
    ...(alsoIn ? { alsoIn: alsoIn.map((c) => ({ file: c.file, line: c.line })) } : {}),
  };
}

function jsonEventFields(event: LogEvent): Record<string, unknown> {
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
  };
}

/**
 * The `timeline --json` line of an event up to its origin (`{"timestamp":…,"bootId":…`, unclosed): all of it that
 * is known while the bundle is still being read. `jsonEventLine` completes it.
 */
export function jsonEventHead(event: LogEvent): string {
  const whole = JSON.stringify(jsonEventFields(event));
  return whole.slice(0, -1);
}

/**
 * `JSON.stringify(toJsonEvent(event, renamed))` from the event's head, its file as the run reports it (renamed
 * copies) and its line.
 */
export function jsonEventLine(head: string, file: string, line: number): string {
  return `${head},"origin":{"file":${JSON.stringify(file)},"line":${line}}}`;
}

const QUALITY_MARK: Record<LogEvent['timeQuality'], string> = { exact: ' ', 'year-inferred': '*', 'zone-assumed': '~', 'relative-to-boot': '+', approximate: '≈', none: ' ' };
const LEVEL: Record<string, string> = { critical: 'CRIT', error: 'ERROR', warning: 'WARN', info: 'INFO', debug: 'DEBUG' };
/** Journal metadata (UPPER_CASE, _FIELDS): not what a reader of the timeline looks for. */
const JOURNAL_FIELD = /^[A-Z_][A-Z0-9_]*$/;

/** The event as one `timeline` text line (a multi-line message continues on indented lines). */
export function formatEventLine(event: LogEvent, alsoIn?: readonly CopyOrigin[]): string {
  const time = isoTimestamp(event.timestamp) ?? ' '.repeat(24);
  const where = `${event.origin.member || event.origin.bundle}:${event.origin.line}`;
  // The payload's own fields (error=…, pod=…) are half the story; journal metadata is not.
  const extras = Object.entries(event.fields)
    .filter(([key]) => !JOURNAL_FIELD.test(key) && key !== 'caller')
    .map(([key, value]) => ` ${key}=${/[\s"]/.test(value) || value === '' ? JSON.stringify(value) : value}`)
    .join('');
  const message = `${event.message}${extras}`.split('\n').map(sanitizeText).join('\n    ');
  return `${time}${QUALITY_MARK[event.timeQuality]} ${sanitizeText(event.host ?? '-')} ${sanitizeText(event.component ?? '-')} ${(LEVEL[event.severity ?? 'info'] ?? 'INFO').padEnd(5)} ${message}  [${sanitizeText(where)}${alsoIn?.length ? `; also in: ${alsoIn.map((c) => sanitizeText(`${c.member}:${c.line}`)).join(', ')}` : ''}]`;
}
