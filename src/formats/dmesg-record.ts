import type { Severity } from '../model/log-event.js';
import type { ParsedRecord, RecordTime } from './log-format.js';

/** A dmesg record being collected: its opening line's stamp and level, then one part per physical line. */
export interface DmesgPending {
  readonly line: number;
  readonly time: RecordTime | undefined;
  readonly severity: Severity | undefined;
  readonly fields: Record<string, string>;
  readonly parts: string[];
}

/** The record of a raw or human-readable dmesg entry: always the kernel's, its lines joined with `\n`. */
export function dmesgRecord(format: string, p: DmesgPending): ParsedRecord {
  return {
    type: 'record',
    format,
    line: p.line,
    lineCount: p.parts.length,
    ...(p.time ? { time: p.time } : {}),
    unit: 'kernel',
    ...(p.severity ? { severity: p.severity } : {}),
    message: p.parts.join('\n'),
    fields: p.fields,
  };
}
