import type { Sighting } from '../model/incident.js';
import { formatDuration } from './format-time.js';
/** Sentences every renderer uses word for word, so text, markdown, HTML and terminal say the same thing. */
export const PHRASES = {
  noIncidents: 'No incidents found.',
  noRootCause: 'No root cause: nothing in these logs explains the incidents below.',
  rootCauseHeading: 'ROOT CAUSE',
  chainHeading: 'Chain of events (cause first)',
  belowThresholdHeading: 'Seen below threshold',
  belowThresholdNote: 'Matches too few or too far apart to raise an incident; listed so nothing seen is dropped.',
} as const;

/** `300 untimed (17.8%)`: lines whose events carry no time, so they sit outside every time window. */
export function untimedShare(untimed: number, lines: number): string {
  const pct = lines > 0 ? (untimed / lines) * 100 : 0;
  return `${untimed} untimed (${pct.toFixed(1)}%)`;
}

/** `12 unparsed (1.4%)`, with one decimal so small shares stay visible. */
export function unparsedShare(unparsed: number, lines: number): string {
  const pct = lines > 0 ? (unparsed / lines) * 100 : 0;
  return `${unparsed} unparsed (${pct.toFixed(1)}%)`;
}

/** `1 of 5 needed within 10m (error once reached)`: why an observation is not an incident. */
export function belowThresholdReason(observation: { count: number; threshold: { count: number; withinMs: number }; signatureSeverity: string }): string {
  return `${observation.count} ${observation.count === 1 ? 'match' : 'matches'}; ${observation.threshold.count} needed within ${formatDuration(observation.threshold.withinMs)} (${observation.signatureSeverity} once reached)`;
}

/** How many earlier tickets an incident lists before "and N more". */
export const SEEN_BEFORE_SHOWN = 5;

/**
 * `ticket 4711 (2025-03-02: power cut), ticket SUP-9 (2025-04-10) and 2 more`: the tickets an incident was filed
 * under before (`--index`), newest first, each with the day it was filed (UTC) and its note. Raw text: each renderer
 * sanitises or escapes it.
 */
export function seenBeforeText(sightings: readonly Sighting[]): string {
  const shown = sightings.slice(0, SEEN_BEFORE_SHOWN).map((s) => {
    const day = Number.isFinite(s.added) ? new Date(s.added).toISOString().slice(0, 10) : 'unknown date';
    return `ticket ${s.ticket} (${day}${s.note ? `: ${s.note}` : ''})`;
  });
  const more = sightings.length - shown.length;
  return `${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}
