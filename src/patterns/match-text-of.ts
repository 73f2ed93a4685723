import type { LogEvent } from '../model/index.js';
import { isEnvelopeKey } from './is-envelope-key.js';

/**
 * The text a `message` rule matches: the event's message, then each payload field as ` key=value` (values as
 * parsed: unquoted and unescaped), in the order the parser recorded them. Journal/env fields are left out.
 * scanMatchText walks the same pieces without building the string; the two must stay in step.
 */
export function matchTextOf(event: LogEvent): string {
  let text = event.message;
  const fields = event.fields;
  for (const key in fields) {
    if (!isEnvelopeKey(key)) text += ` ${key}=${fields[key]}`;
  }
  return text;
}
