/**
 * The transition table of an Aho-Corasick automaton (https://doi.org/10.1145/360825.360855) as a complete DFA, from
 * the trie of its literals over character classes: each state is a row of `classCount` next-row offsets (the next
 * state's rank times `classCount`), and the states with outputs take the last ranks, so a scan tells "a literal ends
 * here" with one comparison. Shared by the match-text searcher (aho-corasick.ts) and the raw-byte line marker.
 */
export interface LiteralAutomatonTable {
  /** Row `rank * classCount + class`: the next state's row offset. The start state is rank 0. */
  readonly rowDelta: Int32Array;
  /** The first rank whose state has outputs. */
  readonly firstOutputRank: number;
  /** The outputs of the state of rank `firstOutputRank + i` (own literals first, then its failure state's). */
  readonly outputsByRank: readonly (readonly number[])[];
}

const NO_EDGES: readonly number[] = [];

/**
 * Builds the table from `trie` (state 0 the root; `trie[s]` maps a class to the child state) and `own[s]`, what
 * the literals ending at `s` report. The root reports nothing (empty literals are the caller's to handle).
 *
 * Failure links come from the trie (a walk up the failure chain per edge), and each row is written straight in
 * rank order as a native copy of its failure state's row with the state's own edges set: a pass that looked up
 * every class of every state, and another that renumbered every cell into ranks, took tens of milliseconds of a
 * small run's start-up.
 */
export function literalAutomatonTable(trie: readonly ReadonlyMap<number, number>[], own: readonly (readonly number[])[], classCount: number): LiteralAutomatonTable {
  const stateCount = trie.length;
  const fail = new Int32Array(stateCount);
  // Breadth first, children in class order: a state's failure state is shallower, so it comes first.
  const order: number[] = [0];
  const edgesOf: (readonly number[])[] = new Array<number[]>(stateCount);
  for (let head = 0; head < order.length; head++) {
    const state = order[head]!;
    const edges = trie[state]!;
    const classes = edges.size === 0 ? NO_EDGES : edges.size === 1 ? [...edges.keys()] : [...edges.keys()].sort((a, b) => a - b);
    edgesOf[state] = classes;
    for (const cls of classes) {
      const child = edges.get(cls)!;
      if (state !== 0) {
        let f = fail[state]!;
        let to = trie[f]!.get(cls);
        while (to === undefined && f !== 0) {
          f = fail[f]!;
          to = trie[f]!.get(cls);
        }
        fail[child] = to ?? 0;
      }
      order.push(child);
    }
  }

  const outputs: (readonly number[])[] = new Array<number[]>(stateCount);
  for (const state of order) outputs[state] = state === 0 ? [] : [...own[state]!, ...outputs[fail[state]!]!];
  const rank = new Int32Array(stateCount);
  let ranked = 0;
  for (const state of order) if (outputs[state]!.length === 0) rank[state] = ranked++;
  const firstOutputRank = ranked;
  for (const state of order) if (outputs[state]!.length > 0) rank[state] = ranked++;

  // In breadth-first order a failure state's row is complete before the rows that copy it.
  const rowDelta = new Int32Array(stateCount * classCount);
  for (const state of order) {
    const row = rank[state]! * classCount;
    if (state !== 0) {
      const failRow = rank[fail[state]!]! * classCount;
      rowDelta.copyWithin(row, failRow, failRow + classCount);
    }
    const edges = trie[state]!;
    for (const cls of edgesOf[state]!) rowDelta[row + cls] = rank[edges.get(cls)!]! * classCount;
  }
  const outputsByRank: (readonly number[])[] = new Array<number[]>(stateCount - firstOutputRank);
  for (const state of order) if (rank[state]! >= firstOutputRank) outputsByRank[rank[state]! - firstOutputRank] = outputs[state]!;
  return { rowDelta, firstOutputRank, outputsByRank };
}
