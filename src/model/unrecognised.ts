import type { Evidence } from './incident.js';

/** A shape of error line (or warning burst) that no signature recognised, mined from the logs themselves. */
export interface UnrecognisedError {
  /** The line's words with variables (ids, numbers, hex, paths, addresses, quoted values) masked as `<*>`. */
  readonly template: string;
  /** Host-independent identity of the shape, `fp1:template:<12 hex>` (src/correlate/fingerprint-incident.ts). */
  readonly fingerprint?: string;
  readonly count: number;
  readonly hosts: readonly string[];
  readonly components: readonly string[];
  /** Epoch ms UTC. */
  readonly firstSeen?: number;
  readonly lastSeen?: number;
  /** The earliest line of this shape. */
  readonly example: Evidence;
}
