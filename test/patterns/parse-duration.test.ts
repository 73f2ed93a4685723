import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/patterns/index.js';

describe('parseDuration', () => {
  it.each([['30s', 30_000], ['10m', 600_000], ['2h', 7_200_000], ['1d', 86_400_000], ['500ms', 500]])('reads %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
  it.each(['', '10', '10 minutes', '-5m', '1.5h', 'm', '99999999999999999999d'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});
