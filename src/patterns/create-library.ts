import type { LogEvent, Match, Signature } from '../model/index.js';
import { buildPrefilter } from './build-prefilter.js';
import { matchTextOf } from './match-text-of.js';
import { componentAllowed, matchSignature, MAX_MATCH_TEXT } from './match-signature.js';

/** A compiled set of signatures. */
export interface Library {
  readonly signatures: readonly Signature[];
  byId(id: string): Signature | undefined;
  /** Synchronous and pure. Prefilter first, regexes only on candidates. Never misses a match the regexes alone would find. */
  match(event: LogEvent): readonly Match[];
}

/** Builds a Library over already compiled signatures (ids unique); matches come out in signature order. */
export function createLibrary(signatures: readonly Signature[]): Library {
  const byId = new Map(signatures.map((s) => [s.id, s]));
  const prefilter = buildPrefilter(signatures);
  return {
    signatures,
    byId: (id) => byId.get(id),
    match(event: LogEvent): readonly Match[] {
      const text = matchTextOf(event).slice(0, MAX_MATCH_TEXT);
      const out: Match[] = [];
      for (const [s, ruleIndices] of prefilter.candidates(text)) {
        const signature = signatures[s];
        if (!componentAllowed(signature, event)) continue;
        const m = matchSignature(signature, event, text, ruleIndices.map((r) => signature.rules[r]));
        if (m) out.push(m);
      }
      return out;
    },
  };
}
