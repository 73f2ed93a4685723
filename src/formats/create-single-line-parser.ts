import type { LogLine } from '../model/log-line.js';
import type { LineParser, ParsedRecord, ParseOutput, ParserStep } from './log-format.js';
import { SKIM_UNSURE, type SkimUnsure } from './skim.js';

/**
 * A parser for formats whose every record is one line, so nothing is ever pending and flush has nothing to give.
 * `recordOf` reads a line, or returns undefined to refuse it; a throw counts as a refusal, because bad input must not
 * escape `push`. `skimOf`, when given, reads a skimmed record (see formats/skim) of a line it is sure `recordOf`
 * accepts, else `SKIM_UNSURE` (the line is then read by `recordOf`).
 */
export function createSingleLineParser(
  recordOf: (line: LogLine) => ParsedRecord | undefined,
  skimOf?: (line: LogLine) => ParsedRecord | SkimUnsure,
): LineParser {
  return {
    push(line: LogLine, skim?: boolean): ParserStep {
      try {
        if (skim && skimOf) {
          const skimmed = skimOf(line);
          if (skimmed !== SKIM_UNSURE) return { accepted: true, out: [skimmed] };
        }
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
