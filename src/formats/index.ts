import type { LogEvent } from '../model/log-event.js';
import type { LogFormat } from './log-format.js';
import { capnslog } from './capnslog.js';
import { cri } from './cri.js';
import { detectFormat } from './detect-format.js';
import { dmesgHuman } from './dmesg-human.js';
import { dmesg } from './dmesg.js';
import { dockerJson } from './docker-json.js';
import { goPanic } from './go-panic.js';
import { journalExport } from './journal-export.js';
import { journalJson } from './journal-json.js';
import { journalShort } from './journal-short.js';
import { jsonLines } from './json-lines.js';
import { k8sEventDocuments } from './k8s-event-documents.js';
import { k8sEvents } from './k8s-events.js';
import { klog } from './klog.js';
import { logrus } from './logrus.js';
import { MemberParser, newMemberParseStats } from './parse-events.js';
import { plainText } from './plain-text.js';
import { syslog } from './syslog.js';
import { timestampedText } from './timestamped-text.js';
import { zapConsole } from './zap-console.js';

/** The format registry: order is priority when two formats score the same; the last is the catch-all. */
export const formats: readonly LogFormat[] = [
  journalExport,
  journalJson,
  dockerJson,
  cri,
  journalShort,
  syslog,
  dmesgHuman,
  dmesg,
  logrus,
  klog,
  capnslog,
  jsonLines,
  goPanic,
  k8sEvents,
  k8sEventDocuments,
  zapConsole,
  timestampedText,
  plainText,
];

/** Formats that can sit inside an envelope's message, tried in this order. */
export const payloadFormats: readonly LogFormat[] = [logrus, klog, jsonLines, capnslog, zapConsole];

/**
 * Parses one complete log line, as it would appear in a bundle file, into an event (signature examples, tests).
 * Year-less lines are placed in the year 2000: callers of this match on text, not on time.
 */
export function parseStandaloneLine(text: string): LogEvent {
  const stats = newMemberParseStats();
  const info = { source: { bundle: '<example>', member: '<example>' } };
  const options = { formats, payloadFormats, anchors: { latest: Date.UTC(2000, 11, 31), latestSource: 'example' } };
  const parser = new MemberParser(info, detectFormat([text], formats), options, stats);
  const events = [...parser.push({ source: info.source, lineNumber: 1, text }), ...parser.end()];
  return events[0] ?? { timeQuality: 'none', message: text, fields: {}, format: 'plain-text', severity: 'info', origin: { ...info.source, line: 1, lineCount: 1 } };
}

export { parseEvents, parseEventBatches, newMemberParseStats, findPayload, MemberParser, batchSourceOf } from './parse-events.js';
export type { LineBatchSource, MemberParseStats, ParseEventsOptions } from './parse-events.js';
export { detectFormat } from './detect-format.js';
export { componentOf } from './component-of.js';
export { MemberClock, yearFromAnchors } from './time/resolve-time.js';
export type { ClockAnchors, ClockAssumptions, YearlessWall } from './time/resolve-time.js';
export { formatOffset as formatOffsetName } from './time/resolve-time.js';
export { fixedZone, parseZone, UTC_ZONE } from './time/zone.js';
export { isoTimestamp } from './time/iso-timestamp.js';
export type { Zone } from './time/zone.js';
export type { LogFormat, FormatSample, RecordTime, WallTime, ParsedRecord, Payload } from './log-format.js';
