/** A multi-literal searcher: one pass over the text reports which of the literals occur in it. */
export interface LiteralSearcher {
  /** Indices (into the literals it was built from) of every literal occurring in `text`, ascending. */
  search(text: string): number[];
}

/** ASCII-only case fold: a per-code-unit map, so positions and lengths never change (unlike toLowerCase). */
function fold(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

/**
 * Builds an Aho-Corasick automaton (https://doi.org/10.1145/360825.360855) over `literals`, matching with ASCII
 * case folded: it finds every literal a case-sensitive search would, plus its ASCII case variants. Empty literals
 * occur in every text.
 */
export function ahoCorasick(literals: readonly string[]): LiteralSearcher {
  const next: Map<number, number>[] = [new Map()];
  const fail: number[] = [0];
  const outputs: number[][] = [[]];
  const always: number[] = [];

  literals.forEach((literal, index) => {
    if (literal.length === 0) {
      always.push(index);
      return;
    }
    let state = 0;
    for (let i = 0; i < literal.length; i++) {
      const code = fold(literal.charCodeAt(i));
      let to = next[state].get(code);
      if (to === undefined) {
        to = next.length;
        next.push(new Map());
        fail.push(0);
        outputs.push([]);
        next[state].set(code, to);
      }
      state = to;
    }
    outputs[state].push(index);
  });

  // Breadth-first failure links; `dictLink` jumps to the nearest suffix state that ends a literal.
  const dictLink: number[] = new Array<number>(next.length).fill(-1);
  const queue: number[] = [];
  for (const child of next[0].values()) queue.push(child);
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head];
    for (const [code, child] of next[state]) {
      let f = fail[state];
      while (f !== 0 && !next[f].has(code)) f = fail[f];
      const target = next[f].get(code);
      fail[child] = target !== undefined && target !== child ? target : 0;
      queue.push(child);
    }
    const f = fail[state];
    dictLink[state] = outputs[f].length > 0 ? f : dictLink[f];
  }

  return {
    search(text: string): number[] {
      const seen = new Set<number>(always);
      let state = 0;
      for (let i = 0; i < text.length; i++) {
        const code = fold(text.charCodeAt(i));
        let to = next[state].get(code);
        while (to === undefined && state !== 0) {
          state = fail[state];
          to = next[state].get(code);
        }
        state = to ?? 0;
        for (let s = state; s > 0; s = dictLink[s]) {
          for (const index of outputs[s]) seen.add(index);
        }
      }
      return [...seen].sort((a, b) => a - b);
    },
  };
}
