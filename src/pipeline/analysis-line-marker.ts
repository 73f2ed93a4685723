import type { RawLineMarker } from '../ingest/line-marks.js';
import type { Signature } from '../model/signature.js';
import type { SystemFactRules } from '../model/system-facts.js';
import { factLiterals } from '../correlate/collect-system-facts.js';
import { rawLineMarkerFor } from '../patterns/raw-line-marker.js';
import { CRASH_HEADLINE_LITERALS } from './skim-eligibility.js';

/**
 * The raw-byte line marker of an analysis (main thread and workers alike): a line is marked when it may hold a
 * literal a signature or a system fact line rule needs, or a crash headline (so an unmarked line's event may be
 * light, see skim-eligibility).
 */
export function analysisLineMarker(signatures: readonly Signature[], systemFacts: SystemFactRules | undefined): RawLineMarker | undefined {
  return rawLineMarkerFor(signatures, analysisMessageLiterals(systemFacts));
}

/**
 * The message literals the marker looks for besides the signatures'. `npm run build` derives the shipped library's
 * raw-line conditions with these (scripts/build-patterns-snapshot.mjs): a run uses them only when they are the same.
 */
export function analysisMessageLiterals(systemFacts: SystemFactRules | undefined): string[] {
  return [...factLiterals(systemFacts), ...CRASH_HEADLINE_LITERALS];
}
