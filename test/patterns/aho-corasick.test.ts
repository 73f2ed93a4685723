import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ahoCorasick } from '../../src/patterns/aho-corasick.js';
import { LiteralHits } from '../../src/patterns/literal-hits.js';

const asciiLower = (s: string): string => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
const naive = (literals: readonly string[], text: string): number[] =>
  literals.flatMap((l, i) => (asciiLower(text).includes(asciiLower(l)) ? [i] : []));

describe('ahoCorasick', () => {
  it('finds overlapping and nested literals in one pass', () => {
    const searcher = ahoCorasick(['he', 'she', 'his', 'hers', 'sandbox', 'box']);
    expect(searcher.search('ushers')).toEqual([0, 1, 3]);
    expect(searcher.search('stored sandbox "c8ba"')).toEqual([4, 5]);
    expect(searcher.search('nothing here?')).toEqual([0]);
  });

  it('folds ASCII case only', () => {
    const searcher = ahoCorasick(['crashloopbackoff', 'Ärger']);
    expect(searcher.search('with CrashLoopBackOff: "Back-off 5m0s')).toEqual([0]);
    expect(searcher.search('ärger')).toEqual([]);
    expect(searcher.search('Ärger')).toEqual([1]);
  });

  it('reports an empty literal for every text', () => {
    expect(ahoCorasick(['', 'x']).search('')).toEqual([0]);
  });

  it('agrees with a naive includes() search on random literals and texts', () => {
    const alphabet = fc.constantFrom('a', 'b', 'A', 'B', 'c', ' ', '"', 'é');
    const word = fc.string({ unit: alphabet, minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 12 }), fc.string({ unit: alphabet, maxLength: 60 }), (literals, text) => {
        expect(ahoCorasick(literals).search(text)).toEqual(naive(literals, text));
      }),
      { numRuns: 500 },
    );
  });

  it('finds literals planted in random text', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 8 }), fc.string(), fc.nat(), (literals, filler, pick) => {
        const planted = literals[pick % literals.length];
        const text = filler.slice(0, 7) + planted + filler.slice(7);
        const found = ahoCorasick(literals).search(text);
        expect(found).toContain(pick % literals.length);
        expect(found).toEqual(naive(literals, text));
      }),
      { numRuns: 300 },
    );
  });
  it('skips no occurrence when whole windows of text are passed over (literals of 2+ units, long texts)', () => {
    const unit = fc.constantFrom('a', 'b', 'c', 'A', 'x', 'y', ' ', '=', 'é');
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit, minLength: 2, maxLength: 7 }), { minLength: 1, maxLength: 10 }),
        fc.array(fc.string({ unit, maxLength: 40 }), { maxLength: 8 }),
        (literals, pieces) => {
          // Plant some literals between random filler so both skipping and matching paths run.
          const text = pieces.map((p, i) => p + (i % 2 === 0 ? literals[i % literals.length] : '')).join('xyxyxyxy');
          expect(ahoCorasick(literals).search(text)).toEqual(naive(literals, text));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('finds a literal whose start falls inside a window it skipped a moment ago', () => {
    // containerd's wording, https://github.com/containerd/containerd/issues/8847
    const searcher = ahoCorasick(['stored sandbox', 'not found']);
    expect(searcher.search('0123456789 stored sandbox "c8ba6e5a0c3f": not found')).toEqual([0, 1]);
    expect(searcher.search('zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzznot found')).toEqual([1]);
  });
});

describe('ahoCorasick step', () => {
  it('finds across single-unit steps exactly what one scan of the joined text finds', () => {
    // containerd's wording, https://github.com/containerd/containerd/issues/8847, split around its separators.
    const literals = ['service error=failed', 'error=', ' ', 'cri service'];
    const searcher = ahoCorasick(literals);
    const pieces = ['Failed to run CRI service', ' ', 'error', '=', 'failed to recover state'];
    const hits = new LiteralHits(literals.length);
    let state = 0;
    for (const piece of pieces) state = piece.length === 1 ? searcher.step(piece.charCodeAt(0), state, hits) : searcher.scan(piece, piece.length, state, hits);
    expect([...hits.found.subarray(0, hits.count)].sort((a, b) => a - b)).toEqual(searcher.search(pieces.join('')));
    expect(searcher.search(pieces.join(''))).toEqual([0, 1, 2, 3]);
  });

  it('agrees with scan on random texts walked one unit at a time', () => {
    const alphabet = fc.constantFrom('a', 'b', 'A', '=', ' ', 'é');
    fc.assert(
      fc.property(fc.array(fc.string({ unit: alphabet, minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }), fc.string({ unit: alphabet, maxLength: 40 }), (literals, text) => {
        const searcher = ahoCorasick(literals);
        const hits = new LiteralHits(literals.length);
        let state = 0;
        for (let i = 0; i < text.length; i++) state = searcher.step(text.charCodeAt(i), state, hits);
        const found = [...searcher.alwaysFound, ...hits.found.subarray(0, hits.count)].sort((a, b) => a - b);
        expect(found).toEqual(searcher.search(text));
      }),
      { numRuns: 500 },
    );
  });
});
