import { describe, expect, it } from 'vitest';
import { guardParser } from '../../src/formats/guard-parser.js';
import type { LineParser } from '../../src/formats/log-format.js';

const line = { source: { bundle: 'b', member: 'm' }, lineNumber: 7, text: 'x' };

describe('guardParser', () => {
  it('refuses a line whose push throws instead of letting the error out', () => {
    const throwing: LineParser = { push: () => { throw new RangeError('bad'); }, flush: () => [] };
    expect(guardParser(throwing).push(line)).toEqual({ accepted: false, out: [] });
  });

  it('resets the pending state and emits nothing when flush throws', () => {
    let reset = false;
    const throwing: LineParser = { push: () => ({ accepted: true, out: [] }), flush: () => { throw new Error('bad'); } };
    expect(guardParser(throwing, () => (reset = true)).flush()).toEqual([]);
    expect(reset).toBe(true);
  });

  it('passes through what a well-behaved parser returns', () => {
    const record = { type: 'record', format: 'f', line: 7, lineCount: 1, message: 'x', fields: {} } as const;
    const parser: LineParser = { push: () => ({ accepted: true, out: [record] }), flush: () => [record] };
    const guarded = guardParser(parser);
    expect(guarded.push(line)).toEqual({ accepted: true, out: [record] });
    expect(guarded.flush()).toEqual([record]);
  });
});
