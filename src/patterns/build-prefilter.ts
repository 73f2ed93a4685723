import type { Signature } from '../model/index.js';
import { ahoCorasick } from './aho-corasick.js';

/** Which rules of which signatures may match a text. */
export interface Prefilter {
  /**
   * Candidate rule indices per signature index, signatures ascending. May return candidates that do not match;
   * never leaves out a rule whose regex would match the text.
   */
  candidates(matchText: string): Map<number, number[]>;
}

/**
 * Indexes every literal of every `message` rule in one Aho-Corasick automaton. Rules without literals, and rules on
 * a named field (the automaton scans the match text only), are candidates for every text.
 */
export function buildPrefilter(signatures: readonly Signature[]): Prefilter {
  const literals: string[] = [];
  const owners: [number, number][] = [];
  const always: [number, number][] = [];
  signatures.forEach((signature, s) => {
    signature.rules.forEach((rule, r) => {
      if (rule.target !== 'message' || rule.literals.length === 0) {
        always.push([s, r]);
        return;
      }
      for (const literal of rule.literals) {
        literals.push(literal);
        owners.push([s, r]);
      }
    });
  });
  const searcher = ahoCorasick(literals);
  return {
    candidates(matchText: string): Map<number, number[]> {
      const hits = new Map<number, Set<number>>();
      const add = ([s, r]: [number, number]): void => {
        let set = hits.get(s);
        if (!set) hits.set(s, (set = new Set()));
        set.add(r);
      };
      always.forEach(add);
      for (const index of searcher.search(matchText)) add(owners[index]);
      const out = new Map<number, number[]>();
      for (const s of [...hits.keys()].sort((a, b) => a - b)) out.set(s, [...hits.get(s)!].sort((a, b) => a - b));
      return out;
    },
  };
}
