import type { Evidence } from '../model/incident.js';
import type { Match } from '../model/match.js';
import { matchTextOf } from '../patterns/match-text-of.js';
import { fileOf } from './collect-context.js';

/** One matched line as the report shows it: file, line, time and the text a support engineer reads. */
export function toEvidence(match: Match): Evidence {
  const event = match.event;
  // The matcher's own rendering (message and payload fields) stands in when the original line was not kept.
  // A journal record's line is its whole serialised entry (`{"__CURSOR":…`, hundreds of characters): its message says it.
  const serialisedRecord = (event.envelope?.format ?? event.format) === 'journal-json';
  const text = (serialisedRecord ? undefined : event.raw) ?? matchTextOf(event);
  return { file: fileOf(event), line: event.origin.line, timestamp: event.timestamp, text };
}
