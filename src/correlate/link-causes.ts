import type { Incident } from '../model/incident.js';
import type { CauseLink, Signature } from '../model/signature.js';

/** A cause may be logged a little after its effect when two files' clocks or flush times differ. */
const CLOCK_SLACK_MS = 60_000;

interface Relation {
  readonly cause: string;
  readonly effect: string;
  readonly link: CauseLink;
}

/**
 * Sets `causedBy` on every incident that a declared relation (`causes` on the cause's signature or `caused_by` on
 * the effect's) explains: the effect starts between the cause's start (less a minute of clock slack) and the
 * cause's end plus the window, on the same host unless the relation says otherwise. The nearest cause wins.
 */
export function linkCauses(incidents: readonly Incident[], signatures: readonly Signature[]): Incident[] {
  const relations: Relation[] = [];
  for (const signature of signatures) {
    for (const link of signature.causes) relations.push({ cause: signature.id, effect: link.signature, link });
    for (const link of signature.causedBy) relations.push({ cause: link.signature, effect: signature.id, link });
  }
  const byEffect = new Map<string, Relation[]>();
  for (const relation of relations) {
    let list = byEffect.get(relation.effect);
    if (!list) byEffect.set(relation.effect, (list = []));
    list.push(relation);
  }
  // Causes looked up by signature, in incident order: a long journal repeating one incident makes thousands of
  // incidents, and walking all of them for every effect's every relation made this quadratic in the incidents.
  const bySignature = new Map<string, Incident[]>();
  for (const incident of incidents) {
    let list = bySignature.get(incident.signature);
    if (!list) bySignature.set(incident.signature, (list = []));
    list.push(incident);
  }
  const linked = incidents.map((effect) => {
    const candidates = byEffect.get(effect.signature);
    if (!candidates || effect.firstSeen === undefined) return effect;
    let best: { incident: Incident; distance: number } | undefined;
    for (const relation of candidates) {
      for (const cause of bySignature.get(relation.cause) ?? NONE) {
        if (cause === effect || cause.firstSeen === undefined) continue;
        if (relation.link.sameHost && cause.host !== effect.host) continue;
        const start = cause.firstSeen - CLOCK_SLACK_MS;
        const end = (cause.lastSeen ?? cause.firstSeen) + relation.link.withinMs;
        if (effect.firstSeen < start || effect.firstSeen > end) continue;
        const distance = Math.abs(effect.firstSeen - cause.firstSeen);
        if (!best || distance < best.distance || (distance === best.distance && cause.id < best.incident.id)) {
          best = { incident: cause, distance };
        }
      }
    }
    return best ? { ...effect, causedBy: best.incident.id } : effect;
  });
  return breakCycles(linked);
}

const NONE: readonly Incident[] = [];

/**
 * Two mutual relations (A causes B, B causes A) within the clock slack can link two incidents to each other. In time
 * order, a link that would lead back to its own incident is dropped, so every chain has a head.
 */
function breakCycles(incidents: readonly Incident[]): Incident[] {
  const byId = new Map(incidents.map((i) => [i.id, i]));
  for (const incident of incidents) {
    const seen = new Set<string>([incident.id]);
    let current = byId.get(incident.id);
    while (current?.causedBy) {
      if (seen.has(current.causedBy)) {
        byId.set(incident.id, { ...byId.get(incident.id)!, causedBy: undefined });
        break;
      }
      seen.add(current.causedBy);
      current = byId.get(current.causedBy);
    }
  }
  return incidents.map((i) => byId.get(i.id)!);
}
