import { describe, expect, it } from 'vitest';
import { isRegexSpace } from '../../src/formats/is-regex-space.js';

describe('isRegexSpace', () => {
  it('agrees with /\\s/ on every UTF-16 code unit', () => {
    const differing: number[] = [];
    for (let code = 0; code < 0x10000; code++) {
      if (isRegexSpace(code) !== /\s/.test(String.fromCharCode(code))) differing.push(code);
    }
    expect(differing).toEqual([]);
  });
});
