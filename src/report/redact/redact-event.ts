import type { LogEvent } from '../../model/log-event.js';
import type { Redactor } from './redactor.js';
import { redactValue } from './redact-value.js';

/** A timeline event with its host, unit, message, fields, raw line and origin redacted (times, levels, ids kept). */
export function redactEvent(event: LogEvent, redactor: Redactor): LogEvent {
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(event.fields)) fields[key] = redactor.field(key, value);
  return {
    ...event,
    ...(event.host === undefined ? {} : { host: redactor.host(event.host) }),
    ...(event.unit === undefined ? {} : { unit: redactor.text(event.unit) }),
    ...(event.raw === undefined ? {} : { raw: redactor.text(event.raw) }),
    message: redactor.text(event.message),
    fields,
    origin: { ...event.origin, bundle: redactor.text(event.origin.bundle), member: redactor.text(event.origin.member) },
  };
}

/** A `timeline --json` event object, redacted the way a report is (keys decide: host, vocabulary, text). */
export function redactJsonEvent(event: Record<string, unknown>, redactor: Redactor): Record<string, unknown> {
  return redactValue(event, redactor);
}
