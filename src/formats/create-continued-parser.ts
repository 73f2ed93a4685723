import type { LogLine } from '../model/log-line.js';
import type { LineParser, ParsedRecord, ParseOutput, ParserStep } from './log-format.js';
import { guardParser } from './guard-parser.js';

/** How a format's records open, go on and end (timestamped text with stack traces, zap console with stacks). */
export interface ContinuedRecordSpec<P> {
  /** Reads a line that opens a record, or undefined. */
  readonly startOf: (line: LogLine) => P | undefined;
  /** The open record's continuation lines, where a continuation is appended. */
  readonly continuationOf: (pending: P) => string[];
  /** A line that continues the open record (a stack frame, an indented line). */
  readonly continues: RegExp;
  /** Continuation lines kept per record before further lines are refused. */
  readonly maxContinuation: number;
  readonly toRecord: (pending: P) => ParsedRecord;
}

/** A guarded parser for records of one opening line and continuation lines (CR line ends dropped). */
export function createContinuedParser<P>(spec: ContinuedRecordSpec<P>): LineParser {
  let pending: P | undefined;
  const take = (): readonly ParseOutput[] => {
    const done = pending;
    pending = undefined;
    return done === undefined ? [] : [spec.toRecord(done)];
  };
  const push = (line: LogLine): ParserStep => {
    const start = spec.startOf(line);
    if (start !== undefined) {
      const out = take();
      pending = start;
      return { accepted: true, out };
    }
    if (pending !== undefined && spec.continuationOf(pending).length < spec.maxContinuation && spec.continues.test(line.text)) {
      spec.continuationOf(pending).push(line.text.endsWith('\r') ? line.text.slice(0, -1) : line.text);
      return { accepted: true, out: [] };
    }
    return { accepted: false, out: [] };
  };
  return guardParser({ push, flush: take }, () => {
    pending = undefined;
  });
}
