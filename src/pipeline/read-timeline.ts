import type { LogEvent } from '../model/log-event.js';
import { severityRank, type Severity } from '../model/log-event.js';
import type { Zone } from '../formats/index.js';
import type { IngestOptions } from '../ingest/index.js';
import { ContextCollector, UnanchoredMatches } from '../correlate/index.js';
import { runPipeline, type PipelineResult } from './run-pipeline.js';

export interface TimelineOptions {
  readonly ingest: IngestOptions;
  /** `--tz`: overrides every zone the bundle reveals. */
  readonly timeZone?: Zone;
  readonly since?: number;
  readonly until?: number;
  readonly hosts?: ReadonlySet<string>;
  readonly components?: ReadonlySet<string>;
  readonly minSeverity?: Severity;
  readonly grep?: RegExp;
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
  const context = new ContextCollector();
  const unanchored = new UnanchoredMatches();
  const held: { event: LogEvent; carry: number; order: number }[] = [];
  let order = 0;
  let lastMember = '';
  let carry = -Infinity;
  const keep = (event: LogEvent, sortKey: number, position: number): void => {
    if (options.since !== undefined && (event.timestamp === undefined || event.timestamp < options.since)) return;
    if (options.until !== undefined && (event.timestamp === undefined || event.timestamp > options.until)) return;
    if (options.hosts && !options.hosts.has(event.host ?? '')) return;
    if (options.components && !options.components.has(event.component ?? '')) return;
    if (options.minSeverity && severityRank(event.severity) > severityRank(options.minSeverity)) return;
    const grep = options.grep;
    if (grep && !grep.test(event.message) && !Object.values(event.fields).some((v) => grep.test(v))) return;
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
      if (!event.host || (event.timestamp === undefined && event.monotonic !== undefined)) {
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
