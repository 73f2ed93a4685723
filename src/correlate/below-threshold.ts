import type { Match } from '../model/match.js';
import type { Observation } from '../model/incident.js';
import type { Signature } from '../model/signature.js';
import { satisfiesCondition } from '../patterns/capture-condition.js';
import { toEvidence } from './to-evidence.js';

/**
 * Whether a run of matches (one signature, one host, time-ordered) becomes an incident: some `count` consecutive
 * matches within the window, or one match whose captured value is severe on its own (`took >= 1s`).
 */
export function meetsThreshold(run: readonly Match[], signature: Signature): boolean {
  const threshold = signature.threshold;
  if (!threshold) return true;
  const conditions = threshold.unlessCapture ?? [];
  if (conditions.length > 0 && run.some((m) => conditions.some((c) => satisfiesCondition(c, m.captures)))) return true;
  if (run.length < threshold.count) return false;
  const times = run.map((m) => m.event.timestamp).filter((t): t is number => t !== undefined);
  if (times.length < threshold.count) return run.length >= threshold.count;
  for (let i = 0; i + threshold.count - 1 < times.length; i++) {
    if (times[i + threshold.count - 1]! - times[i]! <= threshold.withinMs) return true;
  }
  return false;
}

/** A run that stayed below the threshold, kept as an info-level observation with its first line. */
export function toObservation(run: readonly Match[], signature: Signature): Observation {
  const times = run.map((m) => m.event.timestamp).filter((t): t is number => t !== undefined);
  const threshold = signature.threshold ?? { count: 1, withinMs: 0 };
  return {
    signature: signature.id,
    title: signature.title,
    severity: 'info',
    signatureSeverity: signature.severity,
    host: run[0]!.event.host,
    firstSeen: times.length ? times.reduce((a, b) => Math.min(a, b)) : undefined,
    lastSeen: times.length ? times.reduce((a, b) => Math.max(a, b)) : undefined,
    count: run.length,
    threshold: { count: threshold.count, withinMs: threshold.withinMs },
    example: toEvidence(run[0]!),
  };
}
