import { describe, expect, it } from 'vitest';
import { findRedos } from '../../src/patterns/find-redos.js';

describe('findRedos', () => {
  it.each([
    ['(a+)+', 'nested quantifier'],
    ['(.*)*', 'nested quantifier'],
    ['(?:\\w+\\s?)+$', 'nested quantifier'],
    ['sandbox (?:id=.*)+ end', 'nested quantifier'],
    ['(\\d+|x)+y', 'nested quantifier'],
    ['(a|a)*b', 'overlapping alternation'],
    ['(?:\\s|.)*$', 'overlapping alternation'],
    ['(?:ab|ac)+$', 'overlapping alternation'],
    ['(a+){2,50}$', 'nested quantifier'],
    ['(a?){25}a{25}', 'may match nothing is repeated many times'],
    ['\\s*\\s*\\s*$', 'three or more unbounded repetitions'],
    ['x\\w*\\d+\\w*y', 'three or more unbounded repetitions'],
  ])('rejects %s', (source, kind) => {
    expect(findRedos(source)).toContain(kind);
  });

  it.each([
    'failed to get metadata for stored sandbox \\\\?"?(?<sandboxId>[0-9a-f]{12,64})',
    '(?:\\.\\d+)+',
    '(?:[\\w-]+\\.)+example\\.com',
    '(?:[^"\\\\]|\\\\.)*"',
    '(?:[0-9a-f]{2}:){5}[0-9a-f]{2}',
    '(\\d+\\.){3}\\d+',
    'Back-off (?<backoff>\\d+m\\d+s|\\d+s) restarting',
    '.*error.*',
    '\\s*:\\s*',
    'a*b*c*',
    '(?:ab?){3}',
  ])('accepts %s', (source) => {
    expect(findRedos(source)).toBeUndefined();
  });
});
