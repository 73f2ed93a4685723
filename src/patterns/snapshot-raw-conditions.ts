import type { Signature } from '../model/index.js';
import type { SnapshotRawConditions } from './known-raw-conditions.js';
import { rawConditionsOf } from './raw-line-marker.js';

/**
 * The raw-line conditions of a library loaded from a snapshot, as the snapshot carries them (see
 * known-raw-conditions): `npm run build` derives them from the library and system fact literals a run loads.
 */
export function snapshotRawConditions(signatures: readonly Signature[], messageLiterals: readonly string[]): SnapshotRawConditions {
  return {
    signatureIds: signatures.map((s) => s.id),
    messageLiterals: [...messageLiterals],
    conditions: rawConditionsOf(signatures, messageLiterals) ?? null,
  };
}
