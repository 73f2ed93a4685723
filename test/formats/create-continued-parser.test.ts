import { describe, expect, it } from 'vitest';
import { createContinuedParser } from '../../src/formats/create-continued-parser.js';

const src = { bundle: 'b.tgz', member: 'app.log' };
const line = (lineNumber: number, text: string) => ({ source: src, lineNumber, text });

describe('createContinuedParser', () => {
  const parser = () =>
    createContinuedParser<{ line: number; rest: string[] }>({
      startOf: (l) => (l.text.startsWith('2025-') ? { line: l.lineNumber, rest: [] } : undefined),
      continuationOf: (p) => p.rest,
      continues: /^\s+at /,
      maxContinuation: 2,
      toRecord: (p) => ({ type: 'record', format: 't', line: p.line, lineCount: 1 + p.rest.length, message: p.rest.join('|'), fields: {} }),
    });

  it('joins continuation lines (CR dropped) to the open record and emits it when the next one opens', () => {
    const p = parser();
    expect(p.push(line(1, '2025-01-01 boom')).out).toEqual([]);
    expect(p.push(line(2, '  at main.go:1\r')).accepted).toBe(true);
    const next = p.push(line(3, '2025-01-01 again'));
    expect(next.out).toMatchObject([{ line: 1, lineCount: 2, message: '  at main.go:1' }]);
    expect(p.flush()).toMatchObject([{ line: 3, lineCount: 1 }]);
  });

  it('refuses other lines, continuations with no open record and continuations past the cap', () => {
    const p = parser();
    expect(p.push(line(1, '  at orphan')).accepted).toBe(false);
    p.push(line(2, '2025-01-01 boom'));
    p.push(line(3, '  at a'));
    p.push(line(4, '  at b'));
    expect(p.push(line(5, '  at c')).accepted).toBe(false);
    expect(p.push(line(6, 'plain words')).accepted).toBe(false);
  });
});
