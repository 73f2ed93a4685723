import type { Diagnostic } from '../model/diagnostic.js';
import type { Incident, RootCause } from '../model/incident.js';
import { isoTimestamp } from '../formats/index.js';

/** A chain starting this close after `--since` may have lost its first cause to the window. */
const EDGE_MS = 10 * 60_000;

/**
 * Events before `--since` are not analysed, so a trigger just before the window (an unclean shutdown, a full disk)
 * drops out of the chain and the "why" silently starts later. When the chain starts near the window's start, the
 * report says so instead.
 */
export function windowEdgeWarning(since: number | undefined, rootCause: RootCause | null | undefined, incidents: readonly Incident[]): Diagnostic | undefined {
  if (since === undefined || !rootCause) return undefined;
  const first = incidents.find((i) => i.id === rootCause.chain[0]);
  const start = first?.firstSeen;
  if (start === undefined || start - since > EDGE_MS) return undefined;
  return {
    code: 'filter.window-edge',
    severity: 'warning',
    title: `the root cause's chain starts at ${isoTimestamp(start) ?? start}, within ${EDGE_MS / 60_000} minutes of --since (${isoTimestamp(since) ?? since}): a cause before the window is not in this report; widen --since to see it`,
  };
}
