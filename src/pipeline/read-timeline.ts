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
import { displayPath } from '../ingest/display-path.js';

export interface TimelineOptions {
  readonly ingest: IngestOptions;
  /** `--tz`: overrides every zone the bundle reveals. */
  readonly timeZone?: Zone;
  /** Applied once each event's host and time are placed, as analyze applies it. */
  readonly filter: EventFilter;
  /** What boots look like (placement counts boot-relative times from them): `loadLifecycle`. */
  readonly lifecycle: LifecycleRules;
  readonly onProgress?: (progress: { bytesRead: number; members: number }) => void;
  /**
   * Keep each event's `raw` line. A timeline never prints it, so it is dropped before events wait on disk, unless
   * redaction reads it (pseudonyms are numbered in first-seen order, and the raw line is redacted first).
   */
  readonly keepRawLines?: boolean;
}

/** Every event of the inputs in time order (or its line), with the run's accounting (complete once it is open). */
export interface Timeline<T = LogEvent> extends AsyncIterable<T> {
  readonly accounting: PipelineResult;
}

/**
 * How a caller that prints each event as one line wants it (`readTimelineLines`): rendered once, when the event is
 * placed and kept, and completed at the merge with what only the end of the read settles. The merge then moves
 * strings only: no event is parsed back and rendered again.
 */
export interface TimelineLines {
  /** What the line says of the event (may span several lines). */
  readonly render: (event: LogEvent) => string;
  /** The output line from the rendered text and where the event is from: its file as the run reports it (renamed copies, `accounting.renamed`) and its line. */
  readonly complete: (rendered: string, file: string, line: number) => string;
}

/**
 * One kept event waiting to be merged, with its event already written out as JSON: a waiting event is one flat
 * string, not an object graph that may hold on to the text its strings were cut from.
 */
interface Row {
  /**
   * Sort key: the event's time, or for an untimed line the last time seen before it in the same file (none when
   * the file showed no time yet: such lines come first).
   */
  readonly key: number | undefined;
  /** Position in the run's event order: ties keep each file's own order. */
  readonly order: number;
  /** The event's file, as an index into the run's file table. */
  readonly file: number;
  readonly line: number;
  /** The event as JSON (held events, and every event of `readTimeline`), or as `TimelineLines.render` gave it. */
  readonly text: string;
}

/**
 * Events waiting in memory to be sorted into runs on disk: bounds memory whatever the bundle's size. A file in time
 * order makes one run; a file more shuffled than this makes runs of about twice this.
 */
const EVENTS_IN_MEMORY = 1024;

/**
 * The timeline pipeline: ingest → formats → placement → filter → events merged by time. Kept events are sorted in
 * runs of bounded size spilled to temporary files and merged (k-way) when iterated, so memory stays flat in the
 * bundle's size; events waiting for placement (host-less, boot-relative) are spilled the same way until the end.
 */
export async function readTimeline(inputs: readonly string[], options: TimelineOptions): Promise<Timeline> {
  const encode = options.keepRawLines ? encodeWithRaw : encodeWithoutRaw;
  const { result, rows } = await readSettled(inputs, (settled) => readOnce(inputs, options, settled, encode), (first) => first.rows.close());
  return { accounting: result, [Symbol.asyncIterator]: () => eventsOf(rows) };
}

/**
 * The same timeline as `readTimeline`, each event as the line `lines` renders: `lines.render(event)` completed
 * with the event's reported file and line is what rendering each event `readTimeline` yields would give.
 */
export async function readTimelineLines(inputs: readonly string[], options: TimelineOptions, lines: TimelineLines): Promise<Timeline<string>> {
  const { result, rows, files } = await readSettled(inputs, (settled) => readOnce(inputs, options, settled, lines.render), (first) => first.rows.close());
  return { accounting: result, [Symbol.asyncIterator]: () => linesOf(rows, files, result.renamed, lines.complete) };
}

interface ReadRows {
  readonly result: PipelineResult;
  readonly rows: SortedRuns<Row>;
  readonly files: FileTable;
}

/** @param encodeKept how a kept event waits to be merged (the row's text). */
async function readOnce(inputs: readonly string[], options: TimelineOptions, settled: SettledFacts | undefined, encodeKept: (event: LogEvent) => string): Promise<ReadRows> {
  const files = new FileTable();
  const codec = rowCodec();
  const rows = new SortedRuns<Row>((a, b) => compareRows(files, a, b), EVENTS_IN_MEMORY, codec);
  // Raw dmesg lines (seconds since boot) and host-less files are placed once every boot and host is known.
  const context = new ContextCollector(options.lifecycle);
  const unanchored = new UnanchoredMatches();
  const held = new SortedRuns<Row>((a, b) => a.order - b.order, EVENTS_IN_MEMORY, codec);
  // A held event is parsed back once placed, so it waits as the event; `raw` only if a kept event would keep it.
  const encodeHeld = options.keepRawLines ? encodeWithRaw : encodeWithoutRaw;
  let order = 0;
  let lastBundle: string | undefined;
  let lastMember: string | undefined;
  let lastFile = -1;
  let carry: number | undefined;
  const keep = (event: LogEvent, sortKey: number | undefined, position: number, file: number): void => {
    if (!keepsEvent(options.filter, event)) return;
    rows.add({ key: event.timestamp ?? sortKey, order: position, file, line: event.origin.line, text: encodeKept(event) });
  };
  try {
    const accounting = await runPipeline({
      inputs,
      ingest: { ...options.ingest, ...(settled ? { settledLayouts: settled.layouts } : {}) },
      timeZone: options.timeZone,
      onProgress: options.onProgress,
      ...(settled ? { settled } : {}),
      onEvent: (event) => {
        const { bundle, member } = event.origin;
        // Compared apart, not joined: a joined key would be a new string per event, flattened to be compared.
        if (member !== lastMember || bundle !== lastBundle) {
          lastBundle = bundle;
          lastMember = member;
          lastFile = files.indexOf(bundle, member);
          carry = undefined;
        }
        if (event.timestamp !== undefined) carry = event.timestamp;
        order++;
        context.observe(event);
        unanchored.observe(event);
        if (needsPlacing(event)) {
          held.add({ key: carry, order, file: lastFile, line: event.origin.line, text: encodeHeld(event) });
          return;
        }
        keep(event, carry, order, lastFile);
      },
    });
    const place = unanchored.placer(context.result());
    for await (const item of held.merged()) {
      const event = place(JSON.parse(item.text) as LogEvent);
      keep(event, event.timestamp ?? item.key, item.order, item.file);
    }
    return { result: accounting, rows, files };
  } catch (error) {
    held.close();
    rows.close();
    throw error;
  }
}

async function* eventsOf(rows: SortedRuns<Row>): AsyncGenerator<LogEvent> {
  for await (const row of rows.merged()) yield JSON.parse(row.text) as LogEvent;
}

async function* linesOf(rows: SortedRuns<Row>, files: FileTable, renamed: ReadonlyMap<string, string>, complete: TimelineLines['complete']): AsyncGenerator<string> {
  const reported: string[] = [];
  for await (const row of rows.merged()) {
    let file = reported[row.file];
    if (file === undefined) {
      const shown = displayPath(files.bundles[row.file]!, files.members[row.file]!);
      reported[row.file] = file = renamed.get(shown) ?? shown;
    }
    yield complete(row.text, file, row.line);
  }
}

/** The files of a run, numbered as met; rows name their file by number. */
class FileTable {
  private readonly numbers = new Map<string, Map<string, number>>();
  readonly bundles: string[] = [];
  readonly members: string[] = [];

  indexOf(bundle: string, member: string): number {
    let byMember = this.numbers.get(bundle);
    if (!byMember) this.numbers.set(bundle, (byMember = new Map()));
    let index = byMember.get(member);
    if (index === undefined) {
      index = this.bundles.length;
      byMember.set(member, index);
      this.bundles.push(bundle);
      this.members.push(member);
    }
    return index;
  }
}

/** Files are mostly ordered already; equal times keep each file's own order, files ordered by path. */
function compareRows(files: FileTable, a: Row, b: Row): number {
  return (a.key ?? -Infinity) - (b.key ?? -Infinity) || compareOrigin(files, a, b) || a.order - b.order;
}

function compareOrigin(files: FileTable, a: Row, b: Row): number {
  // Lines of one file tie on time often (same millisecond): no collation needed to tell them apart.
  if (a.file === b.file) return a.line - b.line;
  return files.bundles[a.file]!.localeCompare(files.bundles[b.file]!) || files.members[a.file]!.localeCompare(files.members[b.file]!) || a.line - b.line;
}

/**
 * A row as one line: key, order, file and line before the row's text, tab-separated, so a merge compares rows
 * without parsing their text. The text goes last, so it may hold tabs; a text that holds a line break (a rendered
 * multi-line message) is written as a JSON string, and so is one that starts with a quote, so reading it back can
 * tell the two apart (event JSON starts with a brace).
 */
function rowCodec() {
  return {
    encode: (row: Row): string => `${row.key ?? ''}\t${row.order}\t${row.file}\t${row.line}\t${escapeText(row.text)}`,
    decode: (text: string): Row => {
      const a = text.indexOf('\t');
      const b = text.indexOf('\t', a + 1);
      const c = text.indexOf('\t', b + 1);
      const d = text.indexOf('\t', c + 1);
      // One object shape for every row (a spread here cost 20 times the rest of the decoding).
      return {
        key: a === 0 ? undefined : Number(text.slice(0, a)),
        order: Number(text.slice(a + 1, b)),
        file: Number(text.slice(b + 1, c)),
        line: Number(text.slice(c + 1, d)),
        text: unescapeText(text.slice(d + 1)),
      };
    },
  };
}

function escapeText(text: string): string {
  return text.includes('\n') || text.startsWith('"') ? JSON.stringify(text) : text;
}

function unescapeText(stored: string): string {
  return stored.startsWith('"') ? (JSON.parse(stored) as string) : stored;
}

/** The event as a timeline prints it: the parse layers (and the raw line) are only read by analysis. */
function encodeWithRaw(event: LogEvent): string {
  const { envelope: _envelope, payload: _payload, ...rest } = event;
  return JSON.stringify(rest);
}

function encodeWithoutRaw(event: LogEvent): string {
  const { envelope: _envelope, payload: _payload, raw: _raw, ...rest } = event;
  return JSON.stringify(rest);
}
