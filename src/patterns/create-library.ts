import type { LogEvent, Match, Signature } from '../model/index.js';
import { buildPrefilter } from './build-prefilter.js';
import { matchTextOf } from './match-text-of.js';
import { componentAllowed, matchSignature, MAX_MATCH_TEXT } from './match-signature.js';

const NO_MATCHES: readonly Match[] = Object.freeze([]);

/** A compiled set of signatures. */
export interface Library {
  readonly signatures: readonly Signature[];
  byId(id: string): Signature | undefined;
  /** Synchronous and pure. Prefilter first, regexes only on candidates. Never misses a match the regexes alone would find. */
  match(event: LogEvent): readonly Match[];
}

export interface CreateLibraryOptions {
  /** The prefilter automaton the build wrote for these signatures (`prefilterAutomatonBytes`); ignored when stale. */
  readonly prefilterAutomaton?: Uint8Array;
}

/** Builds a Library over already compiled signatures (ids unique); matches come out in signature order. */
export function createLibrary(signatures: readonly Signature[], options: CreateLibraryOptions = {}): Library {
  const byId = new Map(signatures.map((s) => [s.id, s]));
  const prefilter = buildPrefilter(signatures, options.prefilterAutomaton);
  // Per-call state for the visitor, kept outside it so no closure is allocated per event.
  let event: LogEvent | undefined;
  let text: string | undefined;
  let out: Match[] | undefined;
  const visit = (s: number, ruleIndices: number[]): void => {
    const signature = signatures[s];
    if (!componentAllowed(signature, event!)) return;
    // The match text is built only once some signature may match: most events never need it.
    text ??= matchTextOf(event!).slice(0, MAX_MATCH_TEXT);
    const m = matchSignature(signature, event!, text, ruleIndices.map((r) => signature.rules[r]));
    if (m) (out ??= []).push(m);
  };
  return {
    signatures,
    byId: (id) => byId.get(id),
    match(current: LogEvent): readonly Match[] {
      event = current;
      text = undefined;
      out = undefined;
      try {
        prefilter.forEachCandidate(current, MAX_MATCH_TEXT, visit);
        // Nearly every event matches nothing: they all share one empty answer instead of an array each.
        return out ?? NO_MATCHES;
      } finally {
        event = undefined;
        text = undefined;
        out = undefined;
      }
    },
  };
}
