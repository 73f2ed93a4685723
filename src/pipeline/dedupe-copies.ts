import type { LogEvent } from '../model/log-event.js';
import { displayPath } from '../ingest/index.js';

/** Where another copy of a line is: the file as reported (renamed like the origin), its short member path, the line. */
export interface CopyOrigin {
  readonly file: string;
  readonly member: string;
  readonly line: number;
}

/** One timeline line, and with `--dedupe` the other files holding the same line. */
export interface TimelineEntry {
  readonly event: LogEvent;
  readonly alsoIn?: readonly CopyOrigin[];
}

interface Group {
  event: LogEvent;
  readonly copies: LogEvent[];
}

/**
 * `timeline --dedupe`: a node's journal dump, its syslog and the service's own log hold the same line; it is shown
 * once, naming the other copies. Copies are lines of the same host, second and message from different files (the
 * test the incident grouper counts copies by); repeats within one file stay, they are real repeats. Of the copies,
 * the one with the most precise time is shown. Events arrive in time order, so one second is held at a time.
 */
export async function* dedupeCopies(events: AsyncIterable<LogEvent>, renamed?: ReadonlyMap<string, string>): AsyncGenerator<TimelineEntry> {
  let second: number | undefined;
  let groups: Group[] = [];
  let byLine = new Map<string, Group[]>();
  const flush = function* (): Generator<TimelineEntry> {
    for (const group of groups) yield entryOf(group, renamed);
    groups = [];
    byLine = new Map();
  };
  for await (const event of events) {
    if (event.timestamp === undefined) {
      yield* flush();
      yield { event };
      continue;
    }
    const s = Math.floor(event.timestamp / 1000);
    if (s !== second) {
      yield* flush();
      second = s;
    }
    const key = `${event.host ?? ''}\u0000${event.message.trim()}`;
    const file = fileOf(event);
    const same = byLine.get(key);
    const joins = same?.find((g) => fileOf(g.event) !== file && !g.copies.some((c) => fileOf(c) === file));
    if (joins) {
      joins.copies.push(event);
      continue;
    }
    const group: Group = { event, copies: [] };
    groups.push(group);
    if (same) same.push(group);
    else byLine.set(key, [group]);
  }
  yield* flush();
}

function entryOf(group: Group, renamed?: ReadonlyMap<string, string>): TimelineEntry {
  if (group.copies.length === 0) return { event: group.event };
  const all = [group.event, ...group.copies];
  let best = all[0]!;
  for (const candidate of all) if (precision(candidate) > precision(best)) best = candidate;
  const origin = (e: LogEvent): CopyOrigin => {
    const file = displayPath(e.origin.bundle, e.origin.member);
    return { file: renamed?.get(file) ?? file, member: e.origin.member || e.origin.bundle, line: e.origin.line };
  };
  return { event: best, alsoIn: all.filter((e) => e !== best).map(origin) };
}

/** Sub-second digits and an exact (not inferred, not assumed) time make a copy the better one to show. */
function precision(event: LogEvent): number {
  return (event.timestamp! % 1000 !== 0 ? 1 : 0) + (event.timeQuality === 'exact' ? 2 : 0);
}

function fileOf(event: LogEvent): string {
  return `${event.origin.bundle}\u0000${event.origin.member}`;
}
