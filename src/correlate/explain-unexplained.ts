import type { ContextEvent, Evidence, Incident, RootCause } from '../model/incident.js';
import type { MinedTemplate } from './mine-templates.js';
import { CRASH_SIGNATURE, type CrashIncident } from './recognise-crashes.js';
import { toUnrecognised } from './rank-unrecognised.js';

/** The signature id of incidents made from an unrecognised error (no library file has it). */
export const UNRECOGNISED_SIGNATURE = 'unrecognised-error';
/** A service prints its fatal line just before it exits; the journal may log it a little after systemd's exit line. */
const BEFORE_EXIT_MS = 60_000;
const AFTER_EXIT_MS = 5_000;
/** Exits a candidate must precede: at least this many, and at least this share of them. */
const MIN_EXITS_PRECEDED = 2;
const MIN_SHARE_PRECEDED = 0.5;
/** A cause with this few lines is weak evidence: a repeated error before most exits replaces it. */
const WEAK_CAUSE_LINES = 2;
const STRONG_SHARE_PRECEDED = 0.8;
/** Confidence of a root cause no signature knows: it is inferred from timing alone. */
const UNRECOGNISED_CONFIDENCE = 0.5;
/** A crash before each exit is stronger evidence than an error line, but why it crashed is still unknown. */
const CRASH_CONFIDENCE = 0.6;

interface Candidate {
  readonly template: MinedTemplate;
  readonly preceded: number;
  readonly exits: number;
  readonly related: boolean;
  readonly score: number;
}

/**
 * When a service keeps exiting (a restart loop or failed unit, with its unit known) and no signature explains it —
 * or only a cause of one or two lines does — the cause is looked for among the error templates nothing recognised:
 * the one seen on the same host just before the most exits of that unit (from the unit's own component first). It
 * becomes an incident of its own (`unrecognised-error@host#n`, role cause) that the loop is attributed to, so the
 * ranking can name it, at lower confidence, as the root cause.
 */
export function explainUnexplained(
  incidents: readonly Incident[],
  context: readonly ContextEvent[],
  templates: readonly MinedTemplate[],
  crashes: readonly CrashIncident[] = [],
): Incident[] {
  if (templates.length === 0 && crashes.length === 0) return [...incidents];
  const crashOf = new Map(crashes.map((c) => [c.candidate, c.incident]));
  const crashCandidates = crashes.map((c) => c.candidate);
  const causes = new Set<string>();
  const byId = new Map(incidents.map((i) => [i.id, i]));
  const made = new Map<string, Incident>();
  const attributed = new Map<string, string>();
  const serial = new Map<string, number>();
  for (const loop of incidents) {
    if (loop.role !== 'symptom' || loop.host === undefined) continue;
    const cause = loop.causedBy ? byId.get(loop.causedBy) : undefined;
    if (cause && cause.count > WEAK_CAUSE_LINES) continue;
    for (const unit of loop.fields['unit'] ?? []) {
      const exits = exitTimes(context, loop.host, unit, loop);
      if (exits.length < MIN_EXITS_PRECEDED) continue;
      // A crash of the unit's process explains its exit before any error line does.
      const crash = bestCandidate(crashCandidates, loop.host, unit, exits, true);
      if (crash && (!cause || crash.preceded / crash.exits >= STRONG_SHARE_PRECEDED)) {
        const crashIncident = crashOf.get(crash.template)!;
        attributed.set(loop.id, crashIncident.id);
        causes.add(crashIncident.id);
        break;
      }
      const best = bestCandidate(templates, loop.host, unit, exits);
      if (!best || (cause && best.preceded / best.exits < STRONG_SHARE_PRECEDED)) continue;
      const key = `${loop.host}\u0000${best.template.tokens.join(' ')}`;
      let incident = made.get(key);
      if (!incident) {
        const base = `${UNRECOGNISED_SIGNATURE}@${loop.host}`;
        const n = (serial.get(base) ?? 0) + 1;
        serial.set(base, n);
        incident = toIncident(`${base}#${n}`, loop.host, unit, best, context);
        made.set(key, incident);
      }
      attributed.set(loop.id, incident.id);
      break;
    }
  }
  if (attributed.size === 0) return [...incidents];
  // A crash that explains a loop is its cause (until then it is context: a crash alone is not ranked as a root cause).
  const out = incidents.map((i) => {
    const linked = attributed.has(i.id) ? { ...i, causedBy: attributed.get(i.id) } : i;
    return causes.has(i.id) ? { ...linked, role: 'cause' as const } : linked;
  });
  return [...out, ...made.values()];
}

/** Says, in the root cause, that the culprit is an error no signature knows, and lowers the confidence. */
export function markUnrecognisedRoot(rootCause: RootCause | null, incidents: readonly Incident[]): RootCause | null {
  if (!rootCause) return rootCause;
  const culprit = incidents.find((i) => i.id === rootCause.incident);
  if (rootCause.signature === CRASH_SIGNATURE) {
    return {
      ...rootCause,
      confidence: Math.min(rootCause.confidence, CRASH_CONFIDENCE),
      explanation: `Unrecognised crash: no signature knows why ${culprit?.fields['component']?.[0] ?? 'the process'} died; it is named because it crashed ` +
        `(${culprit?.fields['headline']?.[0] ?? 'see the evidence'}) just before its service exited. ${rootCause.explanation}`,
    };
  }
  if (rootCause.signature !== UNRECOGNISED_SIGNATURE) return rootCause;
  const template = culprit?.fields['template']?.[0] ?? '';
  return {
    ...rootCause,
    confidence: Math.min(rootCause.confidence, UNRECOGNISED_CONFIDENCE),
    explanation: `Unrecognised: no signature knows this error; it is named because it was logged just before the exits ` +
      `(${culprit?.fields['exitsPreceded']?.[0] ?? '?'}) of ${culprit?.fields['unit']?.[0] ?? 'the service'}: "${template}". ${rootCause.explanation}`,
  };
}

function exitTimes(context: readonly ContextEvent[], host: string, unit: string, loop: Incident): number[] {
  const from = (loop.firstSeen ?? -Infinity) - 30 * 60_000;
  const to = (loop.lastSeen ?? Infinity) + 60_000;
  const of = (kind: ContextEvent['kind']) => context
    .filter((c) => c.kind === kind && c.host === host && c.unit === unit && c.timestamp !== undefined && c.timestamp >= from && c.timestamp <= to)
    .map((c) => c.timestamp!);
  const failed = of('service-failed');
  // "Main process exited" and "Failed with result" both mark one exit: within a second they count once.
  const exits = (failed.length > 0 ? failed : of('service-restart')).sort((a, b) => a - b);
  return exits.filter((t, i) => i === 0 || t - exits[i - 1]! > 1000);
}

// Units that run several Kubernetes components in one process: a crash of any of them is the unit's.
const BUNDLING_UNITS = /^(?:k3s(?:-agent)?|rke2-(?:server|agent)|kubelite)$/;

function bestCandidate(templates: readonly MinedTemplate[], host: string, unit: string, exits: readonly number[], onlyRelated = false): Candidate | undefined {
  const unitBase = unit.replace(/\.service$/, '').replace(/^snap\.[\w-]+\.daemon-/, '').toLowerCase();
  let best: Candidate | undefined;
  for (const template of templates) {
    if (template.errors === 0) continue;
    const seconds = template.seconds.find(([h]) => h === host)?.[1];
    if (!seconds || seconds.length === 0) continue;
    // The service manager's own lines are the loop, not its cause.
    if (template.components.length > 0 && template.components.every((c) => c === 'systemd')) continue;
    const times = seconds.map(([second]) => second * 1000).sort((a, b) => a - b);
    let preceded = 0;
    for (const exit of exits) if (hasBetween(times, exit - BEFORE_EXIT_MS, exit + AFTER_EXIT_MS)) preceded++;
    if (preceded < MIN_EXITS_PRECEDED || preceded / exits.length < MIN_SHARE_PRECEDED) continue;
    const relatedOf = (c: string) => {
      const name = c.toLowerCase();
      return name === unitBase || unitBase.includes(name) || name.includes(unitBase);
    };
    const related = BUNDLING_UNITS.test(unitBase) || template.components.some(relatedOf);
    // A process logging under another name than its unit's (a syslog identifier) counts when it crashes before nearly every exit.
    if (onlyRelated && !related && preceded / exits.length < STRONG_SHARE_PRECEDED) continue;
    // Share of exits preceded first; a line of the unit's own component, and a crash, weigh more.
    const score = preceded / exits.length + (related ? 0.5 : 0) + (template.critical > 0 ? 0.25 : 0) + Math.min(template.count, exits.length) / (100 * exits.length);
    const text = template.tokens.join(' ');
    if (!best || score > best.score || (score === best.score && text < best.template.tokens.join(' '))) {
      best = { template, preceded, exits: exits.length, related, score };
    }
  }
  return best;
}

/** Whether a sorted list has a value in [from, to]. */
function hasBetween(sorted: readonly number[], from: number, to: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo]! <= to;
}

function toIncident(id: string, host: string, unit: string, candidate: Candidate, context: readonly ContextEvent[]): Incident {
  const { template } = candidate;
  const unrecognised = toUnrecognised(template);
  const evidence: Evidence[] = [unrecognised.example];
  const latest = template.latest;
  if (latest.file !== unrecognised.example.file || latest.line !== unrecognised.example.line) {
    evidence.push(latest.timestamp === undefined ? { file: latest.file, line: latest.line, text: latest.text } : { ...latest });
  }
  const exitLine = context.find((c) => c.host === host && c.unit === unit && c.kind === 'service-failed' && c.timestamp !== undefined && c.timestamp >= (template.firstSeen ?? -Infinity));
  if (exitLine) evidence.push({ file: exitLine.file, line: exitLine.line, timestamp: exitLine.timestamp, text: exitLine.text });
  return {
    id,
    signature: UNRECOGNISED_SIGNATURE,
    title: `Unrecognised error logged before each exit of ${unit}`,
    severity: template.critical > 0 ? 'critical' : 'error',
    role: 'cause',
    host,
    firstSeen: template.firstSeen,
    lastSeen: template.lastSeen,
    count: template.count,
    fields: {
      exitsPreceded: [`${candidate.preceded} of ${candidate.exits}`],
      template: [unrecognised.template],
      unit: [unit],
    },
    evidence,
  };
}
