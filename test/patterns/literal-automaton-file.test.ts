import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shippedPatternsDir } from '../../src/cli/shipped-patterns-dir.js';
import { buildLiteralAutomaton, searcherOf } from '../../src/patterns/aho-corasick.js';
import { decodeLiteralAutomaton, encodeLiteralAutomaton } from '../../src/patterns/literal-automaton-file.js';
import { prefilterFileOf } from '../../src/patterns/library-snapshot.js';
import { loadLibrary } from '../../src/patterns/load-library.js';
import { LiteralHits } from '../../src/patterns/literal-hits.js';
import { buildPrefilter } from '../../src/patterns/build-prefilter.js';
import { parseStandaloneLine } from '../../src/formats/index.js';
import { examplesOf } from '../../src/patterns/compile-signature.js';

const BUILT_SNAPSHOT = fileURLToPath(new URL('../../dist/patterns-snapshot.json', import.meta.url));
const LITERALS = ['sandbox', 'Failed to start', 'box', '', 'ärger', 'OOM'];

/** Literal indices each searcher finds in each text. */
function findings(literals: readonly string[], search: (text: string, hits: LiteralHits) => void, texts: readonly string[]): number[][] {
  return texts.map((text) => {
    const hits = new LiteralHits(literals.length);
    search(text, hits);
    return [...hits.found.subarray(0, hits.count)].sort((a, b) => a - b);
  });
}

describe('literal automaton file', () => {
  it('gives back an automaton that finds what the one it was written from finds', () => {
    const bytes = encodeLiteralAutomaton(LITERALS, buildLiteralAutomaton(LITERALS));
    const decoded = decodeLiteralAutomaton(bytes, LITERALS);
    expect(decoded).toBeDefined();
    const built = searcherOf(buildLiteralAutomaton(LITERALS));
    const read = searcherOf(decoded!);
    expect(read.alwaysFound).toEqual([3]);
    fc.assert(
      fc.property(fc.array(fc.constantFrom('sand', 'box', 'BOX', 'Failed to ', 'start', 'ÄRGER', 'ärger', 'oom', ' ', 'x'), { maxLength: 20 }), (parts) => {
        const text = parts.join('');
        expect(read.search(text)).toEqual(built.search(text));
      }),
      { numRuns: 300, seed: 5 },
    );
  });

  it('is read in place or copied, wherever the bytes sit in memory', () => {
    const bytes = encodeLiteralAutomaton(LITERALS, buildLiteralAutomaton(LITERALS));
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const decoded = decodeLiteralAutomaton(shifted.subarray(1), LITERALS);
    expect(decoded!.rowDelta).toEqual(buildLiteralAutomaton(LITERALS).rowDelta);
    expect(searcherOf(decoded!).search('stored sandbox, OOM')).toEqual([0, 2, 3, 5]);
  });

  it('stands for its own literals only, and is refused when cut short or not one', () => {
    const bytes = encodeLiteralAutomaton(LITERALS, buildLiteralAutomaton(LITERALS));
    expect(decodeLiteralAutomaton(bytes, LITERALS.slice(1))).toBeUndefined();
    expect(decodeLiteralAutomaton(bytes, [...LITERALS.slice(0, -1), 'oom'])).toBeUndefined();
    expect(decodeLiteralAutomaton(bytes.subarray(0, bytes.length - 1), LITERALS)).toBeUndefined();
    expect(decodeLiteralAutomaton(bytes.subarray(0, 20), LITERALS)).toBeUndefined();
    expect(decodeLiteralAutomaton(new TextEncoder().encode('{"format":1}'), LITERALS)).toBeUndefined();
    expect(decodeLiteralAutomaton(new Uint8Array(0), LITERALS)).toBeUndefined();
  });

  it('written by the build is the shipped library\'s, and finds the same candidates as one built at run time', async () => {
    // Fails when scripts/build-patterns-snapshot.mjs writes another library's automaton (a run would build its own).
    const { library } = await loadLibrary([shippedPatternsDir()], { snapshotFile: BUILT_SNAPSHOT });
    const prebuilt = readFileSync(prefilterFileOf(BUILT_SNAPSHOT));
    const literals = library.signatures.flatMap((s) => s.rules.filter((r) => r.target === 'message').flatMap((r) => r.literals));
    expect(decodeLiteralAutomaton(prebuilt, literals)).toBeDefined();
    const fromFile = buildPrefilter(library.signatures, prebuilt);
    const atRunTime = buildPrefilter(library.signatures);
    const lines = library.signatures.flatMap((s) => examplesOf(s)?.match.map((e) => e.line) ?? []);
    expect(lines.length).toBeGreaterThan(100);
    const candidates = (prefilter: ReturnType<typeof buildPrefilter>) => lines.map((line) => [...prefilter.candidates(parseStandaloneLine(line).message)]);
    expect(candidates(fromFile)).toEqual(candidates(atRunTime));
    expect(findings(literals, (text, hits) => searcherOf(decodeLiteralAutomaton(prebuilt, literals)!).scan(text, text.length, 0, hits), lines)).toEqual(
      findings(literals, (text, hits) => searcherOf(buildLiteralAutomaton(literals)).scan(text, text.length, 0, hits), lines),
    );
  });
});
