import { describe, expect, it } from 'vitest';
import { journalExport } from '../../src/formats/journal-export.js';
import { journalJson } from '../../src/formats/journal-json.js';
import { journalShort } from '../../src/formats/journal-short.js';
import type { LogFormat, ParseOutput, ParsedRecord } from '../../src/formats/log-format.js';
import { decodedLines } from './decoded-lines.js';
import { feedLines, recordsOf } from './feed-lines.js';
import { journalFixtureBytes } from '../journal-fixture.js';

/*
 * The same journal read back by journalctl 252 in four output forms (test/fixtures/journal, see its README) must
 * give the same events through each reader.
 */

const decodedFile = (file: string): string[] => decodedLines(journalFixtureBytes(file));
const VARIANTS: readonly (readonly [string, number])[] = [
  ['boot1-unclean', 43],
  ['incident-default', 218],
  ['incident-legacy', 218],
  ['incident-regular-zstd', 218],
  ['incident-uncompressed', 218],
];

function parse(format: LogFormat, lines: readonly string[]): { records: ParsedRecord[]; outputs: ParseOutput[]; rejected: number } {
  const { out, accepted } = feedLines(format, lines);
  return { outputs: out, records: recordsOf(out), rejected: accepted.filter((a) => !a).length };
}

function epochMs(r: ParsedRecord): number {
  if (r.time?.kind !== 'instant') throw new Error(`line ${r.line}: expected an instant, got ${JSON.stringify(r.time)}`);
  return r.time.epochMs;
}

/** What `-o short*` prints for a JSON entry's MESSAGE: byte arrays as `[NB blob data]`, tabs as 8 spaces. */
function printedMessage(jsonLine: string, record: ParsedRecord): string {
  const raw = JSON.parse(jsonLine) as { MESSAGE?: unknown };
  if (Array.isArray(raw.MESSAGE)) return `[${raw.MESSAGE.length}B blob data]`;
  return record.message.replaceAll('\t', ' '.repeat(8));
}

describe('journal equivalence (reads test/fixtures/journal)', () => {
  for (const [name, count] of VARIANTS) {
    describe(name, () => {
      const jsonLines = decodedFile(`${name}.jsonl`);
      const json = parse(journalJson, jsonLines);
      const exported = parse(journalExport, decodedFile(`${name}.export`));
      const precise = parse(journalShort, decodedFile(`${name}.short-precise.txt`));
      const iso = parse(journalShort, decodedFile(`${name}.short-iso.txt`));

      it(`reads ${count} events from every form and accepts every line`, () => {
        for (const form of [json!, exported!, precise!, iso!]) {
          expect(form.records).toHaveLength(count);
          expect(form.rejected).toBe(0);
        }
        const boots = precise!.outputs.filter((o) => o.type === 'marker' && o.marker === 'boot');
        expect(boots).toHaveLength(count === 218 ? 1 : 0);
      });

      it('gives the same message, host, identifier, pid and boot in every form', () => {
        json!.records.forEach((j, i) => {
          const e = exported!.records[i]!;
          const printed = printedMessage(jsonLines[j.line - 1]!, j);
          expect(e.message, `export entry ${i + 1}`).toBe(j.message);
          for (const t of [precise!.records[i]!, iso!.records[i]!]) {
            expect(t.message, `text line ${t.line}`).toBe(printed);
            expect({ host: t.host, unit: t.unit, pid: t.pid }, `text line ${t.line}`).toEqual({ host: j.host, unit: j.unit, pid: j.pid });
            if (t.bootId !== undefined) expect(t.bootId).toBe(j.bootId);
          }
          expect({ host: e.host, unit: e.unit, pid: e.pid, bootId: e.bootId, severity: e.severity }).toEqual({ host: j.host, unit: j.unit, pid: j.pid, bootId: j.bootId, severity: j.severity });
        });
        // Boot 1 holds the non-UTF-8 MESSAGE; boot 2 the multi-line traceback.
        expect(precise!.records.some((r) => r.message === '[50B blob data]')).toBe(true);
        if (count === 218) {
          const traceback = json!.records.find((r) => r.unit === 'nodecheck')!;
          expect(traceback.message).toContain('\nTraceback (most recent call last):\n');
          expect(precise!.records.find((r) => r.unit === 'nodecheck')!.lineCount).toBe(8);
          expect(exported!.records.find((r) => r.unit === 'nodecheck')!.message).toBe(traceback.message);
        }
      });

      it('gives the same time in every form (the data is UTC)', () => {
        json!.records.forEach((j, i) => {
          const ms = epochMs(j);
          expect(epochMs(exported!.records[i]!)).toBe(ms);
          const utc = new Date(Math.floor(ms));
          const t = precise!.records[i]!;
          expect(t.time?.kind).toBe('wall');
          if (t.time?.kind !== 'wall') return;
          const { wall } = t.time;
          expect(
            { month: wall.month, day: wall.day, hour: wall.hour, minute: wall.minute, second: wall.second, micros: Math.round(wall.millis * 1000) },
            `short-precise line ${t.line}`,
          ).toEqual({ month: utc.getUTCMonth() + 1, day: utc.getUTCDate(), hour: utc.getUTCHours(), minute: utc.getUTCMinutes(), second: utc.getUTCSeconds(), micros: Math.round((ms % 1000) * 1000) });
          // short-iso prints whole seconds with `+0000`.
          expect(epochMs(iso!.records[i]!), `short-iso line ${iso!.records[i]!.line}`).toBe(Math.floor(ms / 1000) * 1000);
        });
      });

      it('keeps the same journal fields in JSON and export', () => {
        json!.records.forEach((j, i) => {
          const e = exported!.records[i]!;
          const { PROBE_RAW_REPLY: jsonBytes, ...jsonRest } = j.fields;
          const { PROBE_RAW_REPLY: exportBytes, damagedFields: _damaged, ...exportRest } = e.fields;
          expect(exportRest, `entry ${i + 1}`).toEqual(jsonRest);
          // The export reader sees the 0xFF byte only as U+FFFD.
          if (jsonBytes !== undefined) expect(exportBytes).toBe(jsonBytes.replace(/ff$/, '??'));
        });
      });
    });
  }

  it('reads the original export stream (incident.export) into the events journalctl read back', () => {
    const original = parse(journalExport, decodedFile('incident.export'));
    const json = parse(journalJson, decodedFile('incident-default.jsonl'));
    expect(original.rejected).toBe(0);
    expect(original.records.map((r) => [r.message, epochMs(r), r.unit, r.pid])).toEqual(json.records.map((r) => [r.message, epochMs(r), r.unit, r.pid]));
  });
});
