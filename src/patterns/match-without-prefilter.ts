import type { LogEvent, Match, Signature } from '../model/index.js';
import { matchTextOf } from './match-text-of.js';
import { componentAllowed, matchSignature, MAX_MATCH_TEXT } from './match-signature.js';

/**
 * The slow, obvious twin of Library.match: every rule's regex on every event, no literals. Tests and
 * checkExamples compare the two; they must always agree.
 */
export function matchWithoutPrefilter(signatures: readonly Signature[], event: LogEvent): Match[] {
  const text = matchTextOf(event).slice(0, MAX_MATCH_TEXT);
  const out: Match[] = [];
  for (const signature of signatures) {
    if (!componentAllowed(signature, event)) continue;
    const m = matchSignature(signature, event, text, signature.rules);
    if (m) out.push(m);
  }
  return out;
}
