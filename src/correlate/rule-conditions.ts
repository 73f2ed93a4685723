import type { Match } from '../model/match.js';
import type { CompiledRule, Signature } from '../model/signature.js';
import { MAX_MATCH_TEXT, targetText } from '../patterns/match-signature.js';
import { matchTextOf } from '../patterns/match-text-of.js';
import type { UptimeClock } from './collect-context.js';

/** A clock that knows no boot and no process: every `boot_phase` fails, as it does for a line read alone. */
export const UNKNOWN_UPTIME: UptimeClock = { bootBefore: () => undefined, processFirstSeen: () => undefined };

/** Whether any match rule of the signature carries a `boot_phase` or `repetition` condition. */
export function hasRuleConditions(signature: Signature): boolean {
  return signature.rules.some((rule) => rule.conditions !== undefined);
}

/**
 * The matches that count, of one signature on one host (copies across files already removed, in time order): a
 * match counts when some match rule of the signature matches its line and that rule's conditions hold there.
 * Conditions need the whole run's boots and neighbours, so they are judged here, after matching, not per line.
 *
 * - `boot_phase.within`: a boot of the host is shown at most that long before the line (a kernel banner, a new
 *   journal boot id). A line whose boot the logs do not show is not early in a boot as far as anyone can tell.
 * - `boot_phase.after`: the emitting process (host, component, unit, pid) logged at least that long before the
 *   line, since its host's latest boot: it was running, not starting. A process first seen at the line fails.
 * - `repetition`: the lines this rule matched on the host within `within` before or after the line, the line
 *   itself included, number at most `at_most` and at least `at_least`.
 *
 * A line without a time meets no `boot_phase`; its `repetition` counts the rule's other untimed lines.
 */
export function matchesMeetingConditions(matches: readonly Match[], signature: Signature, clock: UptimeClock): Match[] {
  if (!hasRuleConditions(signature)) return [...matches];
  const rulesOf = matches.map((match) => rulesMatching(signature.rules, match));
  const timesOfRule = new Map<number, number[]>();
  const untimedOfRule = new Map<number, number>();
  rulesOf.forEach((rules, k) => {
    const t = matches[k]!.event.timestamp;
    for (const i of rules) {
      if (!signature.rules[i]!.conditions?.repetition) continue;
      if (t === undefined) untimedOfRule.set(i, (untimedOfRule.get(i) ?? 0) + 1);
      else {
        let list = timesOfRule.get(i);
        if (!list) timesOfRule.set(i, (list = []));
        list.push(t);
      }
    }
  });
  for (const list of timesOfRule.values()) list.sort((a, b) => a - b);

  const holds = (i: number, match: Match): boolean => {
    const conditions = signature.rules[i]!.conditions;
    if (!conditions) return true;
    const t = match.event.timestamp;
    const phase = conditions.bootPhase;
    if (phase) {
      if (t === undefined) return false;
      const boot = clock.bootBefore(match.event.host, t);
      if (phase.withinMs !== undefined && (boot === undefined || t - boot > phase.withinMs)) return false;
      if (phase.afterMs !== undefined) {
        const first = clock.processFirstSeen(match.event);
        if (first === undefined || t - Math.max(first, boot ?? -Infinity) < phase.afterMs) return false;
      }
    }
    const repetition = conditions.repetition;
    if (repetition) {
      const count = t === undefined ? untimedOfRule.get(i) ?? 0 : countWithin(timesOfRule.get(i) ?? [], t - repetition.withinMs, t + repetition.withinMs);
      if (repetition.atMost !== undefined && count > repetition.atMost) return false;
      if (repetition.atLeast !== undefined && count < repetition.atLeast) return false;
    }
    return true;
  };
  // A match no rule matches again (a rule built in code with a stateful regex) is kept: nothing says it fails.
  return matches.filter((match, k) => rulesOf[k]!.length === 0 || rulesOf[k]!.some((i) => holds(i, match)));
}

/** Indices of the rules whose regex matches the event, seen as the matcher saw it. */
function rulesMatching(rules: readonly CompiledRule[], match: Match): number[] {
  const text = matchTextOf(match.event).slice(0, MAX_MATCH_TEXT);
  const out: number[] = [];
  rules.forEach((rule, i) => {
    const target = targetText(rule, match.event, text);
    if (target !== undefined && rule.regex.test(target)) out.push(i);
  });
  return out;
}

/** How many of the sorted `times` lie in [from, to]. */
function countWithin(times: readonly number[], from: number, to: number): number {
  return indexAfter(times, (t) => t <= to) - indexAfter(times, (t) => t < from);
}

/** The first index of the sorted `times` where `before` no longer holds (binary search). */
function indexAfter(times: readonly number[], before: (t: number) => boolean): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(times[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
