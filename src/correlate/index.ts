import type { Analysis, Incident } from '../model/incident.js';
import type { Signature } from '../model/signature.js';
import type { Match } from '../model/match.js';
import { ContextCollector } from './collect-context.js';
import { IncidentGrouper } from './group-incidents.js';
import { linkCauses } from './link-causes.js';
import { rankRootCause } from './rank-root-cause.js';
import { explainUnexplained, markUnrecognisedRoot } from './explain-unexplained.js';
import type { MinedTemplate } from './mine-templates.js';
import { crashIncidents, type Crash } from './recognise-crashes.js';
import { rootCauseWithFingerprint, withFingerprints } from './fingerprint-incident.js';

export { ContextCollector, fileOf, type UptimeClock } from './collect-context.js';
export { matchesMeetingConditions, hasRuleConditions, UNKNOWN_UPTIME } from './rule-conditions.js';
export { IncidentGrouper, INCIDENT_GAP_MS } from './group-incidents.js';
export { toEvidence } from './to-evidence.js';
export { linkCauses } from './link-causes.js';
export { meetsThreshold, toObservation } from './below-threshold.js';
export { rankRootCause } from './rank-root-cause.js';
export { TemplateMiner, type MinedTemplate, type MinerPart } from './mine-templates.js';
export { rankUnrecognised } from './rank-unrecognised.js';
export { explainUnexplained, UNRECOGNISED_SIGNATURE } from './explain-unexplained.js';
export { CrashRecogniser, CRASH_SIGNATURE, type Crash } from './recognise-crashes.js';
export {
  fingerprintIncident,
  fingerprintUnrecognised,
  normaliseFingerprintValue,
  keyFieldsOf,
  withFingerprints,
  shortFingerprint,
  BUILT_IN_KEY_FIELDS,
  FINGERPRINT_VERSION,
} from './fingerprint-incident.js';
export type { ContextPart } from './collect-context.js';

/**
 * The correlation sink: group matches into incidents, link causes to effects, pick the root cause.
 * Memory grows with incidents (evidence is capped), not with events.
 */
export function correlate(
  grouper: IncidentGrouper,
  context: ContextCollector,
  signatures: readonly Signature[],
  unrecognised: readonly MinedTemplate[] = [],
  crashes: readonly Crash[] = [],
): Analysis {
  const byId = new Map(signatures.map((s) => [s.id, s]));
  const contextEvents = context.result();
  const { incidents: grouped, observations } = grouper.split((id) => byId.get(id), context.uptimeClock());
  const crashed = crashIncidents(crashes);
  const explained = explainUnexplained(linkCauses([...grouped, ...crashed.map((c) => c.incident)], signatures), contextEvents, unrecognised, crashed);
  const linked = withFingerprints(explained, (id) => byId.get(id));
  const rootCause = rootCauseWithFingerprint(markUnrecognisedRoot(rankRootCause(linked, (id) => byId.get(id)), linked), linked);
  return { incidents: linked, observations, rootCause, context: contextEvents };
}

/** Convenience for tests and library users: correlate a finished list of matches. */
export function correlateMatches(matches: readonly Match[], signatures: readonly Signature[]): Analysis {
  const grouper = new IncidentGrouper();
  for (const match of matches) grouper.add(match);
  // No event is observed here, so no lifecycle rule is needed.
  return correlate(grouper, new ContextCollector({ boot: [], shutdown: [], services: [] }), signatures);
}

export type { Incident };
