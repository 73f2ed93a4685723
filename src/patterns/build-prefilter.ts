import type { LogEvent, Signature } from '../model/index.js';
import { buildLiteralAutomaton, searcherOf } from './aho-corasick.js';
import { decodeLiteralAutomaton, encodeLiteralAutomaton } from './literal-automaton-file.js';
import { LiteralHits } from './literal-hits.js';
import { scanMatchText } from './scan-match-text.js';

/** Which rules of which signatures may match a text. */
export interface Prefilter {
  /**
   * Candidate rule indices per signature index, signatures ascending. May return candidates that do not match;
   * never leaves out a rule whose regex would match the text.
   */
  candidates(matchText: string): Map<number, number[]>;
  /**
   * The same for an event's match text (cut to `limit`), without building that text: calls `visit` for each
   * candidate signature in ascending order with its candidate rule indices (ascending). Nothing is allocated for
   * an event no literal occurs in.
   */
  forEachCandidate(event: LogEvent, limit: number, visit: (signature: number, rules: number[]) => void): void;
}

/** The prefilter's literals, and what each finding means. */
interface PrefilterLiterals {
  readonly literals: string[];
  /** The signature of each literal. */
  readonly literalSignature: number[];
  /** Per signature, per rule: the literal indices that make it a candidate, or undefined when it always is. */
  readonly ruleLiterals: (number[] | undefined)[][];
  readonly alwaysSignatures: number[];
}

function prefilterLiterals(signatures: readonly Signature[]): PrefilterLiterals {
  const literals: string[] = [];
  const literalSignature: number[] = [];
  const ruleLiterals: (number[] | undefined)[][] = [];
  const alwaysSignatures: number[] = [];
  signatures.forEach((signature, s) => {
    const perRule: (number[] | undefined)[] = [];
    signature.rules.forEach((rule) => {
      if (rule.target !== 'message' || rule.literals.length === 0) {
        perRule.push(undefined);
        return;
      }
      const indices: number[] = [];
      for (const literal of rule.literals) {
        indices.push(literals.length);
        literals.push(literal);
        literalSignature.push(s);
      }
      perRule.push(indices);
    });
    ruleLiterals.push(perRule);
    if (perRule.includes(undefined)) alwaysSignatures.push(s);
  });
  return { literals, literalSignature, ruleLiterals, alwaysSignatures };
}

/**
 * The prefilter automaton of `signatures` as bytes (literal-automaton-file.ts): `npm run build` writes the shipped
 * library's, and `buildPrefilter` reads it back instead of building it.
 */
export function prefilterAutomatonBytes(signatures: readonly Signature[]): Uint8Array {
  const { literals } = prefilterLiterals(signatures);
  return encodeLiteralAutomaton(literals, buildLiteralAutomaton(literals));
}

/**
 * Indexes every literal of every `message` rule in one Aho-Corasick automaton. Rules without literals, and rules on
 * a named field (the automaton scans the match text only), are candidates for every text. `prebuilt`
 * (`prefilterAutomatonBytes`, from the build) is used when it was built from these literals, else the automaton is
 * built here.
 */
export function buildPrefilter(signatures: readonly Signature[], prebuilt?: Uint8Array): Prefilter {
  const { literals, literalSignature, ruleLiterals, alwaysSignatures } = prefilterLiterals(signatures);
  const automaton = (prebuilt && decodeLiteralAutomaton(prebuilt, literals)) || buildLiteralAutomaton(literals);
  const searcher = searcherOf(automaton);
  const hits = new LiteralHits(literals.length);
  for (const index of searcher.alwaysFound) hits.add(index);
  const alwaysHits = hits.count;
  const signatureSeen = new LiteralHits(signatures.length);

  const visitHits = (visit: (signature: number, rules: number[]) => void): void => {
    if (hits.count === 0 && alwaysSignatures.length === 0) return;
    signatureSeen.reset();
    for (const s of alwaysSignatures) signatureSeen.add(s);
    for (let i = 0; i < hits.count; i++) signatureSeen.add(literalSignature[hits.found[i]]);
    const candidates = Array.from(signatureSeen.found.subarray(0, signatureSeen.count)).sort((a, b) => a - b);
    for (const s of candidates) {
      const rules: number[] = [];
      ruleLiterals[s].forEach((indices, r) => {
        if (indices === undefined || indices.some((index) => hits.has(index))) rules.push(r);
      });
      if (rules.length > 0) visit(s, rules);
    }
  };

  const resetHits = (): void => {
    hits.reset();
    for (const index of searcher.alwaysFound) hits.add(index);
  };

  return {
    candidates(matchText: string): Map<number, number[]> {
      resetHits();
      searcher.scan(matchText, matchText.length, 0, hits);
      const out = new Map<number, number[]>();
      visitHits((s, rules) => out.set(s, rules));
      return out;
    },
    forEachCandidate(event: LogEvent, limit: number, visit: (signature: number, rules: number[]) => void): void {
      // No literal and no always-tried rule: nothing can be a candidate, so the text need not be read at all.
      if (literals.length === 0 && alwaysSignatures.length === 0) return;
      if (alwaysHits === 0) hits.reset();
      else resetHits();
      scanMatchText(searcher, event, limit, hits);
      visitHits(visit);
    },
  };
}
