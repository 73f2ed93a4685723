import type { Evidence } from '../model/incident.js';
import type { LogEvent } from '../model/log-event.js';
import type { Match } from '../model/match.js';
import { matchTextOf } from '../patterns/match-text-of.js';
import { fileOf } from './collect-context.js';

/** One matched line as the report shows it: file, line, time and the text a support engineer reads. */
export function toEvidence(match: Match): Evidence {
  const event = match.event;
  // The matcher's own rendering (message and payload fields) stands in when the original line was not kept.
  const text = readableRaw(event) ?? matchTextOf(event);
  return { file: fileOf(event), line: event.origin.line, timestamp: event.timestamp, text };
}

/**
 * The event's line as read, for showing: undefined when it was not kept, or when it is a journal record's serialised
 * entry (`{"__CURSOR":…`, hundreds of characters, or nothing at all for an entry decoded from a binary journal),
 * which the message says better.
 */
export function readableRaw(event: LogEvent): string | undefined {
  return (event.envelope?.format ?? event.format) === 'journal-json' ? undefined : event.raw;
}
