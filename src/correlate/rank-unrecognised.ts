import type { Incident } from '../model/incident.js';
import type { UnrecognisedError } from '../model/unrecognised.js';
import type { MinedTemplate } from './mine-templates.js';
import { fingerprintUnrecognised } from './fingerprint-incident.js';

/** Kept here (not imported from explain-unexplained) so the two files do not import each other. */
const UNRECOGNISED_SIGNATURE = 'unrecognised-error';

/** Templates the report lists, best first. */
export const MAX_UNRECOGNISED = 15;
/** Warnings are listed only when they come in bursts: this many lines of one shape in one minute on one host. */
const WARNING_BURST = 10;
/** An incident's window reaches back this far: what goes wrong just before it may be why. */
const LEAD_MS = 10 * 60_000;
/** Proximity halves every this many ms away from an incident's window. */
const PROXIMITY_HALF_LIFE_MS = 30 * 60_000;

interface Window {
  readonly host: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Orders the mined templates for the "Unrecognised errors" section: nearest to an incident on the same host first
 * (or just before it), then the burstiest (most lines in one minute), then the most frequent, panics and critical
 * lines before errors. Warnings count only as bursts. Ties go by template text, so the order never depends on input order.
 */
export function rankUnrecognised(templates: readonly MinedTemplate[], incidents: readonly Incident[], limit = MAX_UNRECOGNISED): UnrecognisedError[] {
  const windows: Window[] = incidents
    .filter((i) => i.firstSeen !== undefined)
    .map((i) => ({ host: i.host ?? '', start: i.firstSeen! - LEAD_MS, end: i.lastSeen ?? i.firstSeen! }));
  // A template that became an incident (it explains a restart loop) is shown there, not twice.
  const shown = new Set(incidents.flatMap((i) => (i.signature === UNRECOGNISED_SIGNATURE ? i.fields['template'] ?? [] : [])));
  const scored = templates
    .filter((t) => (t.errors > 0 || peakPerMinute(t) >= WARNING_BURST) && !shown.has(t.tokens.join(' ')))
    .map((t) => ({ template: t, text: t.tokens.join(' '), score: scoreOf(t, windows) }));
  scored.sort((a, b) => b.score - a.score || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  return scored.slice(0, limit).map(({ template, text }) => toUnrecognised(template, text));
}

export function toUnrecognised(template: MinedTemplate, text = template.tokens.join(' ')): UnrecognisedError {
  const example = template.example;
  return {
    template: text,
    fingerprint: fingerprintUnrecognised({ template: text, components: template.components }),
    count: template.count,
    hosts: [...template.hosts],
    components: [...template.components],
    ...(template.firstSeen === undefined ? {} : { firstSeen: template.firstSeen }),
    ...(template.lastSeen === undefined ? {} : { lastSeen: template.lastSeen }),
    example: example.timestamp === undefined
      ? { file: example.file, line: example.line, text: example.text }
      : { file: example.file, line: example.line, timestamp: example.timestamp, text: example.text },
  };
}

function scoreOf(template: MinedTemplate, windows: readonly Window[]): number {
  const severity = template.critical > 0 ? 1 : template.errors > 0 ? 0.5 : 0;
  return 2 * proximity(template, windows) + Math.log10(1 + peakPerMinute(template)) + 0.5 * Math.log10(1 + template.count) + severity;
}

/** 1 inside (or just before) an incident's window on the same host, halving with every half-life away; 0 without one. */
function proximity(template: MinedTemplate, windows: readonly Window[]): number {
  let nearest = Infinity;
  for (const [host, seconds] of template.seconds) {
    for (const window of windows) {
      if (window.host !== host) continue;
      for (const [second] of seconds) {
        const at = second * 1000;
        const distance = at < window.start ? window.start - at : at > window.end ? at - window.end : 0;
        if (distance < nearest) nearest = distance;
        if (nearest === 0) return 1;
      }
    }
  }
  return nearest === Infinity ? 0 : Math.pow(0.5, nearest / PROXIMITY_HALF_LIFE_MS);
}

/** Most lines of the template in one minute on one host. */
export function peakPerMinute(template: MinedTemplate): number {
  let peak = 0;
  for (const [, seconds] of template.seconds) {
    const minutes = new Map<number, number>();
    for (const [second, lines] of seconds) {
      const minute = Math.floor(second / 60);
      const total = (minutes.get(minute) ?? 0) + lines;
      minutes.set(minute, total);
      if (total > peak) peak = total;
    }
  }
  return peak;
}
