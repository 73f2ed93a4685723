import type { LogLine } from '../model/log-line.js';
import type { LineParser, ParsedRecord, ParseOutput, ParserStep } from './log-format.js';

/** A record being collected: its message lines so far. */
export interface IndentedPending {
  readonly parts: string[];
}

/**
 * A parser for records that open with a stamped line and go on with indented lines (util-linux dmesg indents the
 * later lines of a multi-line record to the message column). `startOf` reads an opening line or returns undefined;
 * an indented line adds its trimmed text to the open record; any other line is refused.
 */
export function createIndentedParser<P extends IndentedPending>(startOf: (line: LogLine) => P | undefined, toRecord: (pending: P) => ParsedRecord): LineParser {
  let pending: P | undefined;
  return {
    push(line: LogLine): ParserStep {
      const start = startOf(line);
      if (start) {
        const done = pending;
        pending = start;
        return { accepted: true, out: done ? [toRecord(done)] : [] };
      }
      if (pending && /^[ \t]+\S/.test(line.text)) {
        pending.parts.push(line.text.trim());
        return { accepted: true, out: [] };
      }
      return { accepted: false, out: [] };
    },
    flush(): readonly ParseOutput[] {
      const done = pending;
      pending = undefined;
      return done ? [toRecord(done)] : [];
    },
  };
}
