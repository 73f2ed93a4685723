import { LiteralHits } from './literal-hits.js';
import { literalAutomatonTable } from './literal-automaton-table.js';

/** A multi-literal searcher: one pass over the text reports which of the literals occur in it. */
export interface LiteralSearcher {
  /** How many literals it was built from (the size a LiteralHits for `scan` needs). */
  readonly literalCount: number;
  /** Indices of the literals that occur in every text (the empty ones), ascending. */
  readonly alwaysFound: readonly number[];
  /** Indices (into the literals it was built from) of every literal occurring in `text`, ascending. */
  search(text: string): number[];
  /**
   * Feeds `text.slice(0, end)` to the automaton from `state` (0 = start) and adds every non-empty literal that ends
   * in it to `hits`; returns the state to continue from. Scanning pieces one after the other with the returned
   * state finds exactly what scanning their concatenation would, without building the concatenation.
   */
  scan(text: string, end: number, state: number, hits: LiteralHits): number;
  /** `scan` of the one code unit `code`: the separators between match-text pieces, without a text to scan. */
  step(code: number, state: number, hits: LiteralHits): number;
}

/** Longest window the start-state skip examines (bounded so the pair table stays small and dense). */
const MAX_SPAN = 6;

/** ASCII-only case fold: a per-code-unit map, so positions and lengths never change (unlike toLowerCase). */
function fold(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

/**
 * The automaton of `ahoCorasick` as plain data (typed arrays and numbers): what `searcherOf` runs, and what the build
 * writes for the shipped library (literal-automaton-file.ts) so a run need not build it (~5 % of a small report).
 */
export interface LiteralAutomaton {
  readonly literalCount: number;
  /** Indices of the empty literals (found in every text), ascending. */
  readonly always: readonly number[];
  readonly classCount: number;
  /** Per UTF-16 code unit, its class (0: in no literal). */
  readonly classOf: Uint16Array;
  /** Row `rank * classCount + class`: the next state's row offset (literalAutomatonTable). */
  readonly rowDelta: Int32Array;
  readonly firstOutputRank: number;
  /** Outputs of rank `firstOutputRank + r`: `outList[outStart[r]]` up to `outList[outStart[r + 1]]`. */
  readonly outStart: Int32Array;
  readonly outList: Int32Array;
  /** The start-state window's length and its shift per class pair (see buildLiteralAutomaton). */
  readonly span: number;
  readonly shiftOf: Uint8Array;
}

/**
 * Builds an Aho-Corasick automaton (https://doi.org/10.1145/360825.360855) over `literals`, matching with ASCII
 * case folded: it finds every literal a case-sensitive search would, plus its ASCII case variants. Empty literals
 * occur in every text.
 *
 * The automaton is a complete DFA in typed arrays (literalAutomatonTable): every UTF-16 code unit maps to a class (0
 * for units no literal contains), and each state has one row of next states per class, so the inner loop is two
 * array reads per unit with no failure-link walk, no Map lookups and no allocation.
 */
export function ahoCorasick(literals: readonly string[]): LiteralSearcher {
  return searcherOf(buildLiteralAutomaton(literals));
}

/** The automaton `ahoCorasick` runs over `literals`. */
export function buildLiteralAutomaton(literals: readonly string[]): LiteralAutomaton {
  const classOf = new Uint16Array(65536);
  let classCount = 1;
  const always: number[] = [];
  const trie: Map<number, number>[] = [new Map()];
  const own: number[][] = [[]];

  literals.forEach((literal, index) => {
    if (literal.length === 0) {
      always.push(index);
      return;
    }
    let state = 0;
    for (let i = 0; i < literal.length; i++) {
      const code = fold(literal.charCodeAt(i));
      if (classOf[code] === 0) {
        classOf[code] = classCount++;
        // Upper-case ASCII letters share their lower-case letter's class: that is the case fold.
        if (code >= 97 && code <= 122) classOf[code - 32] = classOf[code];
      }
      const cls = classOf[code];
      let to = trie[state].get(cls);
      if (to === undefined) {
        to = trie.length;
        trie.push(new Map());
        own.push([]);
        trie[state].set(cls, to);
      }
      state = to;
    }
    own[state].push(index);
  });

  const stateCount = trie.length;
  // The scan works on row offsets (rank * classCount), so a step is one add and one load with no multiply on the
  // loop's critical path. Ranks put the states with outputs last, so "did this step reach an output?" is one
  // comparison against a bound. The start state keeps rank 0 (it has no outputs: empty literals are kept apart).
  const { rowDelta, firstOutputRank, outputsByRank } = literalAutomatonTable(trie, own, classCount);
  // Outputs by rank, from the first rank that has any.
  const outStart = new Int32Array(stateCount - firstOutputRank + 1);
  for (let r = 0; r < outputsByRank.length; r++) outStart[r + 1] = outStart[r] + outputsByRank[r].length;
  const outList = new Int32Array(outStart[stateCount - firstOutputRank]);
  for (let r = 0; r < outputsByRank.length; r++) outList.set(outputsByRank[r], outStart[r]);

  // Window skip for the start state (Wu and Manber's shift table, https://www.cs.arizona.edu/sites/default/files/TR94-17.pdf):
  // every literal is at least `span` units long, so one starting within `shift` units of i would show one of its
  // pairs at offsets (k, k+1) with span-2-k < shift at the window's last two positions. The table holds, per pair,
  // the smallest such span-2-k (span-1 when the pair begins no literal's first `span` units): that many units start
  // no occurrence and are passed over with three loads instead of as many DFA transitions.
  let span = MAX_SPAN;
  for (const literal of literals) if (literal.length > 0 && literal.length < span) span = literal.length;
  const shiftOf = new Uint8Array(classCount * classCount).fill(span - 1);
  for (const literal of literals) {
    for (let k = 0; k + 1 < span && k + 1 < literal.length; k++) {
      const pair = classOf[fold(literal.charCodeAt(k))] * classCount + classOf[fold(literal.charCodeAt(k + 1))];
      if (span - 2 - k < shiftOf[pair]) shiftOf[pair] = span - 2 - k;
    }
  }
  return { literalCount: literals.length, always, classCount, classOf, rowDelta, firstOutputRank, outStart, outList, span, shiftOf };
}

/** The searcher running `automaton`. */
export function searcherOf(automaton: LiteralAutomaton): LiteralSearcher {
  const { literalCount, always, classCount, classOf, rowDelta, firstOutputRank, outStart, outList, span, shiftOf } = automaton;
  const outputRow = firstOutputRank * classCount;
  // A pair's first unit, already multiplied by classCount: the pair's index is then one add.
  const pairRowOf = new Int32Array(65536);
  for (let code = 0; code < 65536; code++) pairRowOf[code] = classOf[code] * classCount;
  const skips = span >= 2;
  const lastOffset = span - 1;

  // The state handed in and out is the row offset: 0 is the start state, and callers only ever pass back what a
  // previous scan returned.
  const scan = (text: string, end: number, state: number, hits: LiteralHits): number => {
    let row = state;
    let i = 0;
    while (i < end) {
      if (row === 0 && skips) {
        for (let last = i + lastOffset; last < end; last = i + lastOffset) {
          const shift = shiftOf[pairRowOf[text.charCodeAt(last - 1)] + classOf[text.charCodeAt(last)]];
          if (shift === 0) break;
          i += shift;
        }
      }
      row = rowDelta[row + classOf[text.charCodeAt(i)]];
      i++;
      if (row < outputRow) continue;
      const r = row / classCount - firstOutputRank;
      for (let o = outStart[r], to = outStart[r + 1]; o < to; o++) hits.add(outList[o]);
    }
    return row;
  };

  const step = (code: number, state: number, hits: LiteralHits): number => {
    const row = rowDelta[state + classOf[code]];
    if (row >= outputRow) {
      const r = row / classCount - firstOutputRank;
      for (let o = outStart[r], to = outStart[r + 1]; o < to; o++) hits.add(outList[o]);
    }
    return row;
  };

  return {
    literalCount,
    alwaysFound: always,
    scan,
    step,
    search(text: string): number[] {
      const hits = new LiteralHits(literalCount);
      scan(text, text.length, 0, hits);
      const found = [...always, ...hits.found.subarray(0, hits.count)];
      return found.sort((a, b) => a - b);
    },
  };
}
