import type { LifecycleRules } from '../model/lifecycle.js';
import type { LogEvent } from '../model/log-event.js';
import type { Zone } from '../formats/index.js';
import type { IngestOptions } from '../ingest/index.js';
import { ContextCollector } from '../correlate/index.js';
import { UnanchoredMatches } from '../placement/place-unanchored.js';
import { keepsEvent, needsPlacing, type EventFilter } from './filter-events.js';
import { SortedRuns } from './sorted-runs.js';
import { runPipeline, type PipelineResult } from './run-pipeline.js';
import { readSettled } from './read-settled.js';
import type { SettledFacts } from './settled-facts.js';

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
  /**
   * Sort key: the event's time, or for an untimed line the last time seen before it in the same file (none when
   * the file showed no time yet: such lines come first).
   */
  readonly key?: number;
  /** Position in the run's event order: ties keep each file's own order. */
  readonly order: number;
}

/** Events sorted in memory per run before a run goes to disk: bounds memory whatever the bundle's size. */
const EVENTS_PER_RUN = 20_000;

/**
 * The timeline pipeline: ingest → formats → placement → filter → events merged by time. Kept events are sorted in
 * runs of bounded size spilled to temporary files and merged (k-way) when iterated, so memory stays flat in the
 * bundle's size; events waiting for placement (host-less, boot-relative) are spilled the same way until the end.
 */
export async function readTimeline(inputs: readonly string[], options: TimelineOptions): Promise<Timeline> {
  const { result, rows } = await readSettled(inputs, (settled) => readOnce(inputs, options, settled), (first) => first.rows.close());
  return { accounting: result, [Symbol.asyncIterator]: () => eventsOf(rows) };
}

async function readOnce(inputs: readonly string[], options: TimelineOptions, settled: SettledFacts | undefined): Promise<{ result: PipelineResult; rows: SortedRuns<Row> }> {
  const rows = new SortedRuns<Row>(compareRows, EVENTS_PER_RUN);
  // Raw dmesg lines (seconds since boot) and host-less files are placed once every boot and host is known.
  const context = new ContextCollector(options.lifecycle);
  const unanchored = new UnanchoredMatches();
  const held = new SortedRuns<Row>((a, b) => a.order - b.order, EVENTS_PER_RUN);
  let order = 0;
  let lastMember = '';
  let carry: number | undefined;
  const keep = (event: LogEvent, sortKey: number | undefined, position: number): void => {
    if (!keepsEvent(options.filter, event)) return;
    rows.add({ event, key: event.timestamp ?? sortKey, order: position });
  };
  try {
    const accounting = await runPipeline({
      inputs,
      ingest: { ...options.ingest, ...(settled ? { settledLayouts: settled.layouts } : {}) },
      timeZone: options.timeZone,
      onProgress: options.onProgress,
      ...(settled ? { settled } : {}),
      onEvent: (event) => {
        const member = `${event.origin.bundle}\u0000${event.origin.member}`;
        if (member !== lastMember) {
          lastMember = member;
          carry = undefined;
        }
        if (event.timestamp !== undefined) carry = event.timestamp;
        order++;
        context.observe(event);
        unanchored.observe(event);
        if (needsPlacing(event)) {
          held.add({ event, key: carry, order });
          return;
        }
        keep(event, carry, order);
      },
    });
    const place = unanchored.placer(context.result());
    for await (const item of held.merged()) {
      const event = place(item.event);
      keep(event, event.timestamp ?? item.key, item.order);
    }
    return { result: accounting, rows };
  } catch (error) {
    held.close();
    rows.close();
    throw error;
  }
}

async function* eventsOf(rows: SortedRuns<Row>): AsyncGenerator<LogEvent> {
  for await (const row of rows.merged()) yield row.event;
}

/** Files are mostly ordered already; equal times keep each file's own order. */
function compareRows(a: Row, b: Row): number {
  return (a.key ?? -Infinity) - (b.key ?? -Infinity) || compareOrigin(a.event, b.event) || a.order - b.order;
}

function compareOrigin(a: LogEvent, b: LogEvent): number {
  return a.origin.bundle.localeCompare(b.origin.bundle) || a.origin.member.localeCompare(b.origin.member) || a.origin.line - b.origin.line;
}
