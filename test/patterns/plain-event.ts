import type { LogEvent } from '../../src/model/index.js';

/** Stand-in for the format parsers: the whole line is the message. */
export function plainEvent(line: string, extra: Partial<LogEvent> = {}): LogEvent {
  return { timeQuality: 'none', message: line, fields: {}, format: 'plain-text', origin: { bundle: 'test', member: 'test.log', line: 1, lineCount: 1 }, ...extra };
}
