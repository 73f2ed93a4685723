import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractLiterals } from '../../src/patterns/extract-literals.js';

describe('extractLiterals', () => {
  it('takes the longest run every match must contain', () => {
    expect(extractLiterals('failed to recover state: failed to get metadata for stored sandbox \\\\?"?(?<sandboxId>[0-9a-f]{12,64})', false))
      .toEqual(['failed to recover state: failed to get metadata for stored sandbox ']);
    expect(extractLiterals('PLEG is not healthy: pleg was last seen active (?<ago>[0-9.]+m?s) ago', false))
      .toEqual(['PLEG is not healthy: pleg was last seen active ']);
  });

  it('keeps escaped punctuation and single-character classes in the run', () => {
    expect(extractLiterals('nf_conntrack: table full, dropping packet\\.', false)).toEqual(['nf_conntrack: table full, dropping packet.']);
    expect(extractLiterals('x[.]y\\d+ zz', false)).toEqual(['x.y']);
  });

  it('gives one literal per branch of a top-level alternation', () => {
    expect(extractLiterals('Out of memory: Killed process|oom-kill:constraint=', false)).toEqual(['Out of memory: Killed process', 'oom-kill:constraint=']);
    expect(extractLiterals('(?:no space left on device|disk quota exceeded)', false)).toEqual(['no space left on device', 'disk quota exceeded']);
  });

  it('joins the last iteration of a repetition with what follows', () => {
    expect(extractLiterals('x+abc', false)).toEqual(['xabc']);
  });

  it('lower-cases case-insensitive literals and stops runs at non-ASCII characters', () => {
    expect(extractLiterals('CrashLoopBackOff', true)).toEqual(['crashloopbackoff']);
    expect(extractLiterals('Überlauf im Speicher', true)).toEqual(['berlauf im speicher']);
  });

  it('gives up when a branch or the whole regex has no literal of 3+ characters', () => {
    expect(extractLiterals('\\d+\\.\\d+', false)).toBeUndefined();
    expect(extractLiterals('timeout|ab', false)).toBeUndefined();
    expect(extractLiterals('(?:foo)?bar?', false)).toBeUndefined();
    expect(extractLiterals('(?<x>a)\\k<x>', false)).toBeUndefined();
  });

  it('never derives a literal that a regex match lacks (random regexes built from literal pieces)', () => {
    const piece = fc.oneof(
      fc.constantFrom('abc', 'sandbox', 'Err', ' ', 'x', ': '),
      fc.constantFrom('\\d+', '[a-f]{2,4}', '.?', '(?:on|off)', '(?:Foo|bar)+', 'z*', '\\.', '(?=a)', '\\b', '[.]'),
    );
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 6 }), fc.boolean(), fc.string({ maxLength: 4 }), (pieces, ci, noise) => {
        const source = pieces.join('');
        const regex = new RegExp(source, ci ? 'i' : '');
        const literals = extractLiterals(source, ci);
        if (literals === undefined) return;
        // Build strings the regex matches by sampling its own pieces.
        const samples = [sampleFor(pieces), noise + sampleFor(pieces).toUpperCase() + noise];
        for (const text of samples) {
          const m = regex.exec(text);
          if (!m) continue;
          const folded = m[0].replace(/[A-Z]/g, (c) => c.toLowerCase());
          expect(literals.some((l) => folded.includes(l.replace(/[A-Z]/g, (c) => c.toLowerCase())))).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });
});

function sampleFor(pieces: readonly string[]): string {
  const sample: Record<string, string> = {
    '\\d+': '42', '[a-f]{2,4}': 'abc', '.?': '-', '(?:on|off)': 'off', '(?:Foo|bar)+': 'Foobar', 'z*': 'zz', '\\.': '.', '(?=a)': '', '\\b': '', '[.]': '.',
  };
  return pieces.map((p) => sample[p] ?? p).join('');
}
