import type { LogLine } from '../model/log-line.js';
import type { LineParser, ParsedRecord, ParseOutput, ParserStep } from './log-format.js';

/**
 * A parser for formats whose every record is one line, so nothing is ever pending and flush has nothing to give.
 * `recordOf` reads a line, or returns undefined to refuse it; a throw counts as a refusal, because bad input must not
 * escape `push`.
 */
export function createSingleLineParser(recordOf: (line: LogLine) => ParsedRecord | undefined): LineParser {
  return {
    push(line: LogLine): ParserStep {
      try {
        const record = recordOf(line);
        return record ? { accepted: true, out: [record] } : { accepted: false, out: [] };
      } catch {
        return { accepted: false, out: [] };
      }
    },
    flush(): readonly ParseOutput[] {
      return [];
    },
  };
}
