import type { ContextEvent } from '../model/incident.js';
import { severityRank, type LogEvent, type Severity } from '../model/log-event.js';
import type { LightLine } from '../formats/skim.js';

/**
 * What `--since/--until/--host/--component` (and timeline's `--min-severity/--grep`) keep. One meaning for analyze and
 * timeline, judged on events whose host and time placement has settled (see `awaitsPlacement`).
 *
 * An event without a time, even after placement, is kept under `--since/--until`: nothing shows it fell outside
 * the window, and a failure must not vanish silently (README "Filters").
 */
export interface EventFilter {
  readonly since?: number;
  readonly until?: number;
  /** Lower-cased host names: `--host MK8S-EDGE-1` keeps the lines of mk8s-edge-1. */
  readonly hosts?: ReadonlySet<string>;
  readonly components?: ReadonlySet<string>;
  readonly minSeverity?: Severity;
  /** Tested on the message and every field value. */
  readonly grep?: RegExp;
}

/** Whether the filter keeps this (placed) event. */
export function keepsEvent(filter: EventFilter, event: LogEvent): boolean {
  const t = event.timestamp;
  if (t !== undefined) {
    if (filter.since !== undefined && t < filter.since) return false;
    if (filter.until !== undefined && t > filter.until) return false;
  }
  if (filter.hosts && !filter.hosts.has(event.host?.toLowerCase() ?? '')) return false;
  if (filter.components && !filter.components.has(event.component ?? '')) return false;
  if (filter.minSeverity && severityRank(event.severity) > severityRank(filter.minSeverity)) return false;
  const grep = filter.grep;
  if (grep && !grep.test(event.message) && !Object.values(event.fields).some((v) => grep.test(v))) return false;
  return true;
}

/**
 * `keepsEvent` of a light line's event (see formats/skim `LightLine`), for filters that hold nothing until placement
 * and read no text (`skimsUnder`): by component and level.
 */
export function keepsLightLine(filter: Pick<EventFilter, 'components' | 'minSeverity'>, line: LightLine): boolean {
  if (filter.components && !filter.components.has(line.component ?? '')) return false;
  return !filter.minSeverity || severityRank(line.severity) <= severityRank(filter.minSeverity);
}

/** Whether the filter keeps a lifecycle fact (boot, shutdown, service start) drawn from the events: by host and time. */
export function keepsContextEvent(filter: EventFilter, event: ContextEvent): boolean {
  const t = event.timestamp;
  if (t !== undefined) {
    if (filter.since !== undefined && t < filter.since) return false;
    if (filter.until !== undefined && t > filter.until) return false;
  }
  return !filter.hosts || filter.hosts.has(event.host?.toLowerCase() ?? '');
}

/** Whether an event still lacks a host or a wall-clock time: placement settles them once the whole input is read. */
export function needsPlacing(event: LogEvent): boolean {
  return event.host === undefined || event.hostProvisional === true || (event.timestamp === undefined && event.monotonic !== undefined);
}

/** Whether the filter can judge this event only after placement (its host or time is what the filter asks about). */
export function awaitsPlacement(filter: EventFilter, event: LogEvent): boolean {
  if (filter.hosts && (event.host === undefined || event.hostProvisional)) return true;
  return (filter.since !== undefined || filter.until !== undefined) && event.timestamp === undefined && event.monotonic !== undefined;
}

/** The filter as a stage: placed events in, the kept ones out. */
export async function* filterEvents(events: AsyncIterable<LogEvent> | Iterable<LogEvent>, filter: EventFilter): AsyncGenerator<LogEvent> {
  for await (const event of events) if (keepsEvent(filter, event)) yield event;
}
