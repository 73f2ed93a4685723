import type { LifecycleRules } from '../model/lifecycle.js';
import type { LogEvent } from '../model/log-event.js';
import type { Zone } from '../formats/index.js';
import type { IngestOptions } from '../ingest/index.js';
import { ContextCollector } from '../correlate/index.js';
import { UnanchoredMatches } from '../placement/place-unanchored.js';
import { keepsEvent, needsPlacing, type EventFilter } from './filter-events.js';
import { runPipeline, type PipelineResult } from './run-pipeline.js';

export interface TimelineOptions {
  readonly ingest: IngestOptions;
  /** `--tz`: overrides every zone the bundle reveals. */
  readonly timeZone?: Zone;
  /** Applied once each event's host and time are placed, as analyze applies it. */
  readonly filter: EventFilter;
  /** What boots look like (placement counts boot-relative times from them): `loadLifecycle`. */
  readonly lifecycle: LifecycleRules;
  readonly onProgress?: (progress: { bytesRead: number; members: number }) => void;
}

/** Every event of the inputs in time order, with the run's accounting (complete once the timeline is open). */
export interface Timeline extends AsyncIterable<LogEvent> {
  readonly accounting: PipelineResult;
}

interface Row {
  readonly event: LogEvent;
  /** Sort key: the event's time, or the last time seen before it in the same file for untimed lines. */
  readonly key: number;
  readonly order: number;
}

/** The timeline pipeline: ingest → formats → placement → filter → events merged by time. */
export async function readTimeline(inputs: readonly string[], options: TimelineOptions): Promise<Timeline> {
  const rows: Row[] = [];
  // Raw dmesg lines (seconds since boot) and host-less files are placed once every boot and host is known.
  const context = new ContextCollector(options.lifecycle);
  const unanchored = new UnanchoredMatches();
  const held: { event: LogEvent; carry: number; order: number }[] = [];
  let order = 0;
  let lastMember = '';
  let carry = -Infinity;
  const keep = (event: LogEvent, sortKey: number, position: number): void => {
    if (!keepsEvent(options.filter, event)) return;
    rows.push({ event, key: event.timestamp ?? sortKey, order: position });
  };
  const accounting = await runPipeline({
    inputs,
    ingest: options.ingest,
    timeZone: options.timeZone,
    onProgress: options.onProgress,
    onEvent: (event) => {
      const member = `${event.origin.bundle}\u0000${event.origin.member}`;
      if (member !== lastMember) {
        lastMember = member;
        carry = -Infinity;
      }
      if (event.timestamp !== undefined) carry = event.timestamp;
      order++;
      context.observe(event);
      unanchored.observe(event);
      if (needsPlacing(event)) {
        held.push({ event, carry, order });
        return;
      }
      keep(event, carry, order);
    },
  });
  const place = unanchored.placer(context.result());
  for (const item of held) {
    const event = place(item.event);
    keep(event, event.timestamp ?? item.carry, item.order);
  }
  // Files are mostly ordered already; a stable sort keeps each file's own order for equal times.
  rows.sort((a, b) => a.key - b.key || compareOrigin(a.event, b.event) || a.order - b.order);
  return {
    accounting,
    async *[Symbol.asyncIterator]() {
      for (const row of rows) yield row.event;
    },
  };
}

function compareOrigin(a: LogEvent, b: LogEvent): number {
  return a.origin.bundle.localeCompare(b.origin.bundle) || a.origin.member.localeCompare(b.origin.member) || a.origin.line - b.origin.line;
}
