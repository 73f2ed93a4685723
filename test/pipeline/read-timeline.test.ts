import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/model/log-event.js';
import { readTimeline, readTimelineLines, type TimelineLines, type TimelineOptions } from '../../src/pipeline/read-timeline.js';
import { formatEventLine, jsonEventHead, jsonEventLine, toJsonEvent } from '../../src/report/render-timeline-event.js';
import { displayPath } from '../../src/ingest/index.js';
import { loadLifecycle } from '../../src/patterns/index.js';
import { shippedPatternsDir } from '../../src/cli/shipped-patterns-dir.js';

/*
 * `logsift timeline` renders each event once, as it is read (readTimelineLines), unless --redact or --dedupe need
 * the merged events (readTimeline). Both paths must print the same timeline, byte for byte.
 */

const SAMPLES = join(import.meta.dirname, '../../samples');
const samples = readdirSync(SAMPLES).filter((name) => /\.(tgz|tar\.gz)$/.test(name)).sort();
const lifecycle = loadLifecycle(shippedPatternsDir());
const options: TimelineOptions = { ingest: {}, filter: {}, lifecycle };

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Every event by the event path, and its accounting's renames. */
async function events(input: string): Promise<{ events: LogEvent[]; renamed: ReadonlyMap<string, string> }> {
  const timeline = await readTimeline([input], options);
  return { events: await collect(timeline), renamed: timeline.accounting.renamed };
}

const JSON_LINES: TimelineLines = { render: jsonEventHead, complete: jsonEventLine };
const TEXT_LINES: TimelineLines = { render: (event) => formatEventLine(event), complete: (line) => line };

describe('readTimelineLines gives the lines of readTimeline\'s events', () => {
  it.each(samples)('%s: the same --json lines', async (name) => {
    const input = join(SAMPLES, name);
    const expected = await events(input);
    const lines = await collect(await readTimelineLines([input], options, JSON_LINES));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines).toEqual(expected.events.map((event) => JSON.stringify(toJsonEvent(event, expected.renamed))));
  });

  it.each(samples)('%s: the same text lines', async (name) => {
    const input = join(SAMPLES, name);
    const expected = await events(input);
    const lines = await collect(await readTimelineLines([input], options, TEXT_LINES));
    expect(lines).toEqual(expected.events.map((event) => formatEventLine(event)));
  });

  it('keeps rendered text that spans lines, starts with a quote or holds tabs, through runs spilled to disk', async () => {
    // Enough events to spill (more than a thousand wait in memory), each rendered into text the run files must
    // carry as one line and give back unchanged.
    const input = join(SAMPLES, 'k3s-power-loss.tgz');
    const expected = await events(input);
    expect(expected.events.length).toBeGreaterThan(2000);
    const awkward: TimelineLines = {
      render: (event) => `"${event.message}\n\t${event.origin.line}\\n"`,
      complete: (rendered, file, line) => `${file}:${line} ${rendered}`,
    };
    const lines = await collect(await readTimelineLines([input], options, awkward));
    expect(lines).toEqual(expected.events.map((event) => {
      const file = displayPath(event.origin.bundle, event.origin.member);
      return `${expected.renamed.get(file) ?? file}:${event.origin.line} "${event.message}\n\t${event.origin.line}\\n"`;
    }));
  });

  it('applies the same filter as readTimeline', async () => {
    const input = join(SAMPLES, 'two-node.tgz');
    const filtered: TimelineOptions = { ...options, filter: { minSeverity: 'warning' } };
    const timeline = await readTimeline([input], filtered);
    const expected = (await collect(timeline)).map((event) => JSON.stringify(toJsonEvent(event, timeline.accounting.renamed)));
    const lines = await collect(await readTimelineLines([input], filtered, JSON_LINES));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines).toEqual(expected);
  });
});
