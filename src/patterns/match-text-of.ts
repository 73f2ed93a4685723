import type { LogEvent } from '../model/index.js';

/** Journal/environment keys (`_PID`, `SYSLOG_IDENTIFIER`, `MESSAGE`) describe the envelope, not what happened. */
function isEnvelopeKey(key: string): boolean {
  return key.startsWith('_') || /^[A-Z][A-Z0-9_]*$/.test(key);
}

/**
 * The text a `message` rule matches: the event's message, then each payload field as ` key=value` (values as
 * parsed: unquoted and unescaped), in the order the parser recorded them. Journal/env fields are left out.
 */
export function matchTextOf(event: LogEvent): string {
  let text = event.message;
  for (const [key, value] of Object.entries(event.fields)) {
    if (!isEnvelopeKey(key)) text += ` ${key}=${value}`;
  }
  return text;
}
