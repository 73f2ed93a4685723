import { describe, expect, it } from 'vitest';
import { formats, newMemberParseStats, MemberParser, payloadFormats, detectFormat } from '../../src/formats/index.js';
import type { LogFormat, FormatSample } from '../../src/formats/index.js';
import type { LogEvent } from '../../src/model/log-event.js';

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

// Vector's compliance harness: one test for every registered format, driven by the samples each declares.
describe.each(formats.map((f) => [f.id, f] as const))('format %s', (_id, format) => {
  it('declares real samples with their source', () => {
    expect(format.samples.length).toBeGreaterThan(0);
    for (const sample of format.samples) expect(sample.source).toMatch(/^(https?:\/\/|\.\.\/shared\/|\/work\/shared\/|[\w./-]+)/);
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
