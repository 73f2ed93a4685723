import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formats, newMemberParseStats, MemberParser, payloadFormats, detectFormat } from '../../src/formats/index.js';
import type { LogFormat, FormatSample, RecordTime } from '../../src/formats/index.js';
import type { LogEvent } from '../../src/model/log-event.js';
import { feedLines, recordsOf } from './feed-lines.js';

/** Parses a sample's lines the way a member would be parsed, with its own format forced. */
function parseSample(format: LogFormat, sample: FormatSample): LogEvent[] {
  const stats = newMemberParseStats();
  const info = { source: { bundle: 'sample', member: format.id } };
  const parser = new MemberParser(info, format, { formats, payloadFormats, anchors: { latest: Date.UTC(2030, 0, 1) } }, stats);
  const events: LogEvent[] = [];
  sample.lines.forEach((text, i) => events.push(...parser.push({ source: info.source, lineNumber: i + 1, text })));
  events.push(...parser.end());
  return events;
}

/** The time the format's own parser reads from a sample (its first record), before any year or zone inference. */
function recordTime(format: LogFormat, sample: FormatSample): RecordTime | undefined {
  return recordsOf(feedLines(format, sample.lines).out)[0]?.time;
}

/** The instant a record time names when it is complete (an instant, or a wall time with year and offset). */
function completeInstant(time: RecordTime): number | undefined {
  if (time.kind === 'instant') return time.epochMs;
  if (time.kind !== 'wall' || time.wall.year === undefined || time.wall.offsetMinutes === undefined) return undefined;
  const { year, month, day, hour, minute, second, millis, offsetMinutes } = time.wall;
  return Date.UTC(year, month - 1, day, hour, minute, second) + millis - offsetMinutes * 60_000;
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A sample's source is a URL, or a file inside this repository (relative to its root), so anyone with a clone can open it. */
function isUrlOrRepositoryFile(source: string): boolean {
  if (/^https?:\/\/\S+$/.test(source)) return true;
  if (isAbsolute(source)) return false;
  const resolved = resolve(ROOT, source);
  const inside = relative(ROOT, resolved);
  return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside) && existsSync(resolved);
}

describe('sample sources', () => {
  it.each([
    ['https://github.com/kubernetes/kubernetes/issues/54760', true],
    ['test/fixtures/journal/incident-default.jsonl', true],
    ['../' + 'shared/data/journal/incident-default.jsonl', false],
    ['/home/dev/logs/kubelet.log', false],
    ['test/../../elsewhere/incident-default.jsonl', false],
    ['test/fixtures/journal/not-there.jsonl', false],
    ['kubelet logs', false],
  ])('%s is accepted: %s', (source, accepted) => {
    expect(isUrlOrRepositoryFile(source)).toBe(accepted);
  });
});

// Vector's compliance harness: one test for every registered format, driven by the samples each declares.
describe.each(formats.map((f) => [f.id, f] as const))('format %s', (_id, format) => {
  it('declares real samples with their source: a URL or a file in the repository', () => {
    expect(format.samples.length).toBeGreaterThan(0);
    for (const sample of format.samples) expect(isUrlOrRepositoryFile(sample.source), `${sample.source} (${sample.lines[0]})`).toBe(true);
  });

  it('reads the time each sample declares, and no time where a sample declares none', () => {
    for (const sample of format.samples) expect(recordTime(format, sample), sample.lines[0]).toEqual(sample.expect.time);
  });

  it('gives each event the instant of a sample whose time is complete', () => {
    for (const sample of format.samples) {
      const want = sample.expect.time === undefined ? undefined : completeInstant(sample.expect.time);
      if (want === undefined) continue;
      const event = parseSample(format, sample)[0]!;
      expect(event.timestamp, sample.lines[0]).toBeCloseTo(want, 3);
      expect(event.timeQuality, sample.lines[0]).toBe('exact');
    }
  });

  it('parses every sample into the expected fields', () => {
    for (const sample of format.samples) {
      const events = parseSample(format, sample);
      expect(events.length, `${format.id}: ${sample.lines[0]}`).toBeGreaterThan(0);
      const event = events[0]!;
      const { expect: want } = sample;
      if (want.message !== undefined) expect(event.message, sample.lines[0]).toBe(want.message);
      if (want.host !== undefined) expect(event.host).toBe(want.host);
      if (want.unit !== undefined) expect(event.unit).toBe(want.unit);
      if (want.pid !== undefined) expect(event.pid).toBe(want.pid);
      if (want.severity !== undefined) expect(event.severity, sample.lines[0]).toBe(want.severity);
      if (want.payloadFormat !== undefined) expect(event.format).toBe(want.payloadFormat);
      if (want.fields) expect(event.fields).toMatchObject(want.fields);
    }
  });

  it('is chosen by detection for its own samples (no other format claims them)', () => {
    if (format.id === 'plain-text') return;
    for (const sample of format.samples) {
      expect(detectFormat(sample.lines, formats).id, sample.lines[0]).toBe(format.id);
    }
  });

  it('parses deterministically', () => {
    for (const sample of format.samples) expect(parseSample(format, sample)).toEqual(parseSample(format, sample));
  });
});
