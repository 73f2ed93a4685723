import { isoTimestamp } from '../formats/index.js';
import type { Incident, RootCause } from '../model/incident.js';
import type { Signature } from '../model/signature.js';

const SEVERITY_WEIGHT: Record<Incident['severity'], number> = { critical: 4, error: 3, warning: 2, info: 1 };
const ROLE_WEIGHT: Record<Incident['role'], number> = { cause: 3, context: 1, symptom: 0 };
/** Recurrence: points per tenfold of the culprit's lines, capped (a repeated failure outweighs a severity step). */
const RECURRENCE_WEIGHT = 15;
const RECURRENCE_CAP = 45;
/** A culprit seen on one line only is weak evidence: it must explain more to win. */
const SINGLE_LINE_PENALTY = 25;
/** A cause that starts shortly before its first effect is likelier than one long before it. */
const NEAR_LEAD_MS = 10 * 60_000;
const NEAR_BONUS = 5;

/**
 * Picks the root cause among the incidents nothing explains. A chain's head may be a trigger (`context` role, such
 * as an unclean shutdown): the root cause is then the first `cause` below it, and the trigger stays at the chain's
 * head. Returns null when only symptoms were seen: the report says nothing explains them rather than guess.
 */
export function rankRootCause(incidents: readonly Incident[], signatureOf: (id: string) => Signature | undefined): RootCause | null {
  if (incidents.length === 0) return null;
  const children = new Map<string, Incident[]>();
  for (const incident of incidents) {
    if (!incident.causedBy) continue;
    let list = children.get(incident.causedBy);
    if (!list) children.set(incident.causedBy, (list = []));
    list.push(incident);
  }
  const descendants = (id: string, seen = new Set<string>()): Incident[] => {
    const out: Incident[] = [];
    for (const child of children.get(id) ?? []) {
      if (seen.has(child.id)) continue;
      seen.add(child.id);
      out.push(child, ...descendants(child.id, seen));
    }
    return out;
  };
  const heads = incidents.filter((i) => !i.causedBy);
  const scored = heads.map((head) => {
    const below = descendants(head.id);
    const chainMembers = [head, ...below];
    const culprit = head.role === 'context' ? below.find((i) => i.role === 'cause') ?? head : head;
    const role = chainMembers.some((i) => i.role === 'cause') ? 'cause' : head.role;
    const effects = below.filter((i) => i !== culprit);
    const lead = leadBeforeEffects(culprit, effects);
    // Evidence weighs with severity: recurrence, breadth of what it explains, proximity before it, a lone line's weakness.
    const score =
      ROLE_WEIGHT[role] * 100 + Math.min(below.length, 10) * 12 + SEVERITY_WEIGHT[culprit.severity] * 10 +
      Math.min(Math.log10(1 + culprit.count) * RECURRENCE_WEIGHT, RECURRENCE_CAP) +
      (culprit.count <= 1 ? -SINGLE_LINE_PENALTY : 0) + (lead !== undefined && lead <= NEAR_LEAD_MS ? NEAR_BONUS : 0);
    return { head, below, culprit, role, score, lead, effects: effects.length };
  });
  scored.sort((a, b) => b.score - a.score || (a.head.firstSeen ?? Infinity) - (b.head.firstSeen ?? Infinity) || a.head.id.localeCompare(b.head.id));
  const best = scored[0];
  if (!best || best.role === 'symptom') return null;
  if (best.role === 'context' && best.below.length === 0) return null;
  const chain = orderChain(best.head, best.below);
  const confidence = confidenceOf(best, scored.length > 1 ? scored[1]!.role : undefined);
  return {
    incident: best.culprit.id,
    signature: best.culprit.signature,
    confidence,
    chain: chain.map((i) => i.id),
    explanation: `${explain(chain, best.culprit, signatureOf)} ${rankingFactors(best)}`,
  };
}

/** When the culprit started before its first effect (ms, 0 when at the same time); undefined without effects or times. */
function leadBeforeEffects(culprit: Incident, effects: readonly Incident[]): number | undefined {
  if (culprit.firstSeen === undefined) return undefined;
  const starts = effects.map((e) => e.firstSeen).filter((t): t is number => t !== undefined);
  if (starts.length === 0) return undefined;
  return Math.max(0, Math.min(...starts) - culprit.firstSeen);
}

/** The ranking's factors, said in one sentence, so an engineer can see why this cause won. */
function rankingFactors(best: { culprit: Incident; effects: number; lead: number | undefined }): string {
  const lines = best.culprit.count;
  const parts = [
    `recurrence ${lines} line${lines === 1 ? '' : 's'}${lines <= 1 ? ' (a single line: weak evidence)' : ''}`,
    `explains ${best.effects} other incident${best.effects === 1 ? '' : 's'}`,
    best.lead === undefined ? undefined : best.lead < 1000 ? 'starts with its first effect' : `starts ${formatLead(best.lead)} before its first effect`,
    `severity ${best.culprit.severity}`,
  ].filter((p): p is string => p !== undefined);
  return `Ranked on: ${parts.join('; ')}.`;
}

function formatLead(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 120 ? `${minutes}m` : `${Math.round(minutes / 60)}h`;
}

function orderChain(head: Incident, below: readonly Incident[]): Incident[] {
  // Cause before effect first, then the order things happened: an effect can be first seen before its cause (a
  // crash loop noticed before the OOM kill that explains it is logged), yet the chain must read cause → effect.
  const byTime = [...below].sort((a, b) => (a.firstSeen ?? Infinity) - (b.firstSeen ?? Infinity) || a.id.localeCompare(b.id));
  const placed = new Set<string>([head.id]);
  const chain: Incident[] = [head];
  const pending = new Set(byTime);
  while (pending.size > 0) {
    // The earliest incident whose cause is already in the chain (or outside it); a cycle falls back to time order.
    const next = byTime.find((i) => pending.has(i) && (i.causedBy === undefined || placed.has(i.causedBy) || !below.some((b) => b.id === i.causedBy)))
      ?? byTime.find((i) => pending.has(i))!;
    pending.delete(next);
    placed.add(next.id);
    chain.push(next);
  }
  return chain;
}

function confidenceOf(best: { below: readonly Incident[]; role: string; culprit: Incident }, runnerUpRole: string | undefined): number {
  let confidence = best.role === 'cause' ? 0.6 : 0.4;
  if (best.below.length > 0) confidence += 0.15;
  if (best.below.length > 1) confidence += 0.1;
  if (best.culprit.count > 1) confidence += 0.05;
  if (runnerUpRole === 'cause') confidence -= 0.15; // another unexplained cause competes
  return Math.round(Math.max(0.1, Math.min(0.95, confidence)) * 100) / 100;
}

function explain(chain: readonly Incident[], culprit: Incident, signatureOf: (id: string) => Signature | undefined): string {
  const at = (t: number | undefined) => {
    const iso = isoTimestamp(t);
    return iso === undefined ? 'at an unknown time' : `at ${iso.replace('.000Z', 'Z')}`;
  };
  const host = culprit.host ? ` on ${culprit.host}` : '';
  const parts: string[] = [];
  const head = chain[0]!;
  if (head !== culprit) {
    parts.push(`${sentence(signatureOf(head.signature)?.title ?? head.title).replace(/[.!?]$/, '')} (${head.signature}, ${at(head.firstSeen)}).`);
  }
  const culpritSignature = signatureOf(culprit.signature);
  // The title is the report's heading right above: the sentence says when and how often instead of repeating it.
  parts.push(
    `${head !== culprit ? 'Then' : 'Seen'}${host} first ${at(culprit.firstSeen)}, ${culprit.count} line${culprit.count === 1 ? '' : 's'} (${culprit.signature}).`,
  );
  if (culpritSignature?.summary) parts.push(sentence(culpritSignature.summary));
  const effects = chain.filter((i) => i !== head && i !== culprit);
  if (effects.length) {
    parts.push(`It explains ${effects.map((e) => `${lowerFirst(e.title)} (${e.signature}, ${e.count}×)`).join('; ')}.`);
  }
  return parts.join(' ');
}

function sentence(text: string): string {
  const trimmed = text.trim().replace(/^[a-z]/, (c) => c.toUpperCase());
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}
