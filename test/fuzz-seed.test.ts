import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzSeed, replayHint } from './fuzz-seed.js';

describe('fuzz seed', () => {
  it('takes LOGSIFT_FUZZ_SEED when given', () => {
    expect(fuzzSeed({ LOGSIFT_FUZZ_SEED: '12345' })).toEqual({ seed: 12345, fromEnv: true });
  });

  it('draws a fresh integer seed otherwise', () => {
    const { seed, fromEnv } = fuzzSeed({});
    expect(fromEnv).toBe(false);
    expect(Number.isSafeInteger(seed) && seed >= 0 && seed < 2 ** 31).toBe(true);
  });

  it('refuses a seed that is not an integer, naming the variable', () => {
    expect(() => fuzzSeed({ LOGSIFT_FUZZ_SEED: 'abc' })).toThrow(/LOGSIFT_FUZZ_SEED.*"abc"/);
  });

  it('says how to replay', () => {
    expect(replayHint(7, 'test/x.test.ts')).toBe('fuzz seed 7; replay with LOGSIFT_FUZZ_SEED=7 npx vitest run test/x.test.ts');
  });

  it('is the seed fast-check properties without their own run from (set up for every test file)', () => {
    expect(typeof fc.readConfigureGlobal().seed).toBe('number');
    if (process.env['LOGSIFT_FUZZ_SEED']) expect(fc.readConfigureGlobal().seed).toBe(Number(process.env['LOGSIFT_FUZZ_SEED']));
  });
});
