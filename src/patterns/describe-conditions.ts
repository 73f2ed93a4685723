import type { RuleConditions } from '../model/signature.js';

/** A duration in ms as signature files write it: `10m`, `90s`, `2h`, `500ms`. */
function written(ms: number): string {
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

/** A rule's conditions as a reader says them: `only within 10m of a boot; at most 10 within 1m`. */
export function describeConditions(conditions: RuleConditions): string {
  const parts: string[] = [];
  const phase = conditions.bootPhase;
  if (phase?.withinMs !== undefined) parts.push(`only within ${written(phase.withinMs)} of a boot`);
  if (phase?.afterMs !== undefined) parts.push(`only once its process ran ${written(phase.afterMs)}`);
  const r = conditions.repetition;
  if (r?.atMost !== undefined) parts.push(`at most ${r.atMost} within ${written(r.withinMs)}`);
  if (r?.atLeast !== undefined) parts.push(`at least ${r.atLeast} within ${written(r.withinMs)}`);
  return parts.join('; ');
}
