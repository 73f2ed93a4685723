import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ahoCorasick } from '../../src/patterns/aho-corasick.js';
import { LiteralHits } from '../../src/patterns/literal-hits.js';
import { matchTextOf } from '../../src/patterns/match-text-of.js';
import { scanMatchText } from '../../src/patterns/scan-match-text.js';
import { plainEvent } from './plain-event.js';

const found = (literals: readonly string[], event: ReturnType<typeof plainEvent>, limit: number): number[] => {
  const searcher = ahoCorasick(literals);
  const hits = new LiteralHits(literals.length);
  scanMatchText(searcher, event, limit, hits);
  return [...searcher.alwaysFound, ...hits.found.subarray(0, hits.count)].sort((a, b) => a - b);
};

describe('scanMatchText', () => {
  it('finds a literal that spans the message and a rendered field without building the text', () => {
    // containerd's wording, https://github.com/containerd/containerd/issues/8847
    const event = plainEvent('Failed to run CRI service', { fields: { error: 'failed to recover state', _PID: '1' } });
    expect(found(['service error=failed', 'pid=1', '_PID'], event, 1 << 16)).toEqual([0]);
  });

  it('stops at the limit like matchTextOf(event).slice(0, limit)', () => {
    const event = plainEvent('abc', { fields: { key: 'PLEG is not healthy' } });
    expect(found(['PLEG'], event, 9)).toEqual([]);
    expect(found(['PLEG'], event, 12)).toEqual([0]);
  });

  it('agrees with searching matchTextOf(event) cut to the limit, on random events', () => {
    const unit = fc.constantFrom('a', 'b', 'A', '_', '=', ' ', 'K', '1', 'é');
    const word = fc.string({ unit, maxLength: 6 });
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 8 }),
        word,
        fc.array(fc.tuple(word.filter((k) => k.length > 0), word), { maxLength: 5 }),
        fc.nat({ max: 40 }),
        (literals, message, pairs, limit) => {
          const event = plainEvent(message, { fields: Object.fromEntries(pairs) });
          const expected = ahoCorasick(literals).search(matchTextOf(event).slice(0, limit));
          expect(found(literals, event, limit)).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});
