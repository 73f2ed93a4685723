import type { LogFormat, ParseOutput, ParsedRecord } from '../../src/formats/log-format.js';
import type { SourceRef } from '../../src/model/log-line.js';

export interface FedLines {
  /** Everything the parser emitted, flush included, in order. */
  readonly out: ParseOutput[];
  /** `accepted` of each pushed line, by index. */
  readonly accepted: boolean[];
}

export interface FeedOptions {
  /** Where the lines claim to come from; formats only echo it, so tests name a realistic member for readability. */
  readonly source?: SourceRef;
  /** Flush after every line, as the driver does when it switches format mid-member. */
  readonly flushEachLine?: boolean;
}

/** Pushes `lines` (numbered from 1) through a fresh parser of `format`, then flushes it. */
export function feedLines(format: Pick<LogFormat, 'createParser'>, lines: readonly string[], options: FeedOptions = {}): FedLines {
  const source = options.source ?? { bundle: 't', member: 'm' };
  const parser = format.createParser();
  const out: ParseOutput[] = [];
  const accepted: boolean[] = [];
  lines.forEach((text, i) => {
    const step = parser.push({ source, lineNumber: i + 1, text });
    accepted.push(step.accepted);
    out.push(...step.out);
    if (options.flushEachLine) out.push(...parser.flush());
  });
  out.push(...parser.flush());
  return { out, accepted };
}

/** The records among a parser's outputs (markers dropped). */
export function recordsOf(out: readonly ParseOutput[]): ParsedRecord[] {
  return out.filter((o): o is ParsedRecord => o.type === 'record');
}
