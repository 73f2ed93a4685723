import type { Signature } from '../model/index.js';

/**
 * Raw-line conditions (`rawConditionsOf`) worked out at build time for the shipped library and carried in its
 * snapshot: deriving them re-reads every rule's regex (~0.1 s of a small run's start-up). They are a pure function of
 * the signatures' rules and the message literals, so they stand in for the derivation exactly when the run's library
 * is the snapshot's (the same signature ids in the same order, from the same validated files) and the message
 * literals are the same.
 */
export interface SnapshotRawConditions {
  /** The ids of the signatures they were derived from, in library order. */
  readonly signatureIds: readonly string[];
  /** The message literals they were derived with (the system fact line rules'). */
  readonly messageLiterals: readonly string[];
  /** `rawConditionsOf`'s answer; null when the library cannot be prefiltered on raw bytes. */
  readonly conditions: readonly (readonly string[])[] | null;
}

// Keyed by the signatures array a loaded library holds: a library assembled any other way (user directories, worker
// threads' revived copies, tests) has another array and derives its conditions as before.
const known = new WeakMap<readonly Signature[], SnapshotRawConditions>();

/** Records `entry` for `signatures` when they are the signatures it was derived from; returns whether it did. */
export function rememberRawConditions(signatures: readonly Signature[], entry: SnapshotRawConditions): boolean {
  if (entry.signatureIds.length !== signatures.length || signatures.some((s, i) => s.id !== entry.signatureIds[i])) return false;
  known.set(signatures, entry);
  return true;
}

/**
 * The conditions recorded for `signatures` with these message literals (`{ conditions: undefined }`: recorded as
 * not prefilterable), or undefined when none were recorded.
 */
export function knownRawConditions(signatures: readonly Signature[], messageLiterals: readonly string[]): { readonly conditions: readonly (readonly string[])[] | undefined } | undefined {
  const entry = known.get(signatures);
  if (entry === undefined || entry.messageLiterals.length !== messageLiterals.length) return undefined;
  if (entry.messageLiterals.some((literal, i) => literal !== messageLiterals[i])) return undefined;
  return { conditions: entry.conditions ?? undefined };
}
