import type { LogLine } from '../model/log-line.js';
import type { LineParser, ParseOutput, ParserStep } from './log-format.js';

/**
 * Wraps a stateful parser so that bad input never throws out of it: a throwing `push` refuses the line, a throwing
 * `flush` drops what was pending (after `reset`, so the next member starts clean) and gives nothing.
 */
export function guardParser(parser: LineParser, reset?: () => void): LineParser {
  return {
    push(line: LogLine, skim?: boolean): ParserStep {
      try {
        return parser.push(line, skim);
      } catch {
        return { accepted: false, out: [] };
      }
    },
    flush(): readonly ParseOutput[] {
      try {
        return parser.flush();
      } catch {
        reset?.();
        return [];
      }
    },
  };
}
