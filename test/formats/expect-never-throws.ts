import fc from 'fast-check';
import { expect } from 'vitest';
import type { LogFormat } from '../../src/formats/log-format.js';
import { feedLines } from './feed-lines.js';

/** Lines that start like the format (one of `prefixes`) and go on with arbitrary text, so deeper branches are reached. */
export function prefixedLine(prefixes: readonly string[]): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom(...prefixes), fc.string({ unit: 'binary' })).map(([p, s]) => p + s);
}

/** Property: for any member made of `line`s, sniff stays in [0, 1] and push/flush never throw. */
export function expectNeverThrows(format: Pick<LogFormat, 'sniff' | 'createParser'>, line: fc.Arbitrary<string>, maxLines = 20): void {
  fc.assert(
    fc.property(fc.array(line, { maxLength: maxLines }), (lines) => {
      for (const l of lines) {
        const score = format.sniff(l);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
      }
      const { accepted } = feedLines(format, lines);
      expect(accepted.every((a) => typeof a === 'boolean')).toBe(true);
    }),
  );
}
