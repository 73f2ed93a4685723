import { describe, expect, it } from 'vitest';
import { readJournalFile, type JournalFileEntry } from '../../../src/ingest/journal-file/read-journal-file.js';
import { journalJson } from '../../../src/formats/journal-json.js';
import type { LogLine } from '../../../src/model/log-line.js';
import { hasTool, recompressDataObjects } from './compress-with-tools.js';
import { journalFixtureFile } from '../../journal-fixture.js';

// Entries of a binary journal reach the journal-json format decoded, not as a rendered `-o json` line it parses
// again. Both ways must give the same record, key order included (it is the order of `timeline --json` fields):
// every entry of every real fixture file, with values left out (a small maxFieldBytes) and binary fields among them.

const SOURCE = { bundle: 'test.journal', member: 'test.journal' };

async function entriesOf(bytes: Uint8Array, maxFieldBytes?: number): Promise<JournalFileEntry[]> {
  const read = readJournalFile(bytes, maxFieldBytes === undefined ? {} : { maxFieldBytes });
  if (!read.ok) throw new Error(read.reason);
  const out: JournalFileEntry[] = [];
  for await (const batch of read.batches) out.push(...batch);
  return out;
}

/**
 * The record journal-json makes of a line, as JSON text so that key order counts; without `lightWithoutPayload`, which
 * only a binary journal's record carries (its every field is read by the raw-byte prefilter: see parse-events).
 */
function recordOf(line: LogLine): string {
  const step = journalJson.createParser().push(line);
  expect(step.accepted).toBe(true);
  return JSON.stringify(step.out, (key, value: unknown) => (key === 'lightWithoutPayload' ? undefined : value));
}

function expectSameRecords(entries: readonly JournalFileEntry[]): void {
  for (const entry of entries) {
    const decoded = recordOf({ source: SOURCE, lineNumber: entry.ordinal, text: '', journalEntry: entry.entry });
    const parsed = recordOf({ source: SOURCE, lineNumber: entry.ordinal, text: entry.text });
    expect(decoded).toBe(parsed);
  }
}

describe('binary journal entries decoded straight to fields', () => {
  it.each(['incident-default', 'incident-uncompressed', 'incident-regular-zstd', 'incident-legacy', 'boot1-unclean'])(
    '%s: every entry gives the record its -o json line gives',
    async (name) => {
      const entries = await entriesOf(journalFixtureFile(name));
      expect(entries.length).toBeGreaterThan(40);
      expectSameRecords(entries);
      // The ISO-8859-1 MESSAGE and the raw-bytes PROBE_RAW_REPLY are among them.
      expect(entries.some((e) => e.entry.values.get('PROBE_RAW_REPLY')?.[0] === '1503030002022800ff')).toBe(name !== 'boot1-unclean');
      expect(entries.some((e) => e.entry.values.get('MESSAGE')?.[0]?.startsWith('Sauvegarde \ufffdchou\ufffde'))).toBe(true);
    },
  );

  it('gives the same records with values left out, in the order -o json lists them', async () => {
    const entries = await entriesOf(journalFixtureFile('incident-default'), 100);
    const withOmitted = entries.filter((e) => e.entry.omitted.length > 0);
    expect(withOmitted.length).toBeGreaterThan(8);
    expectSameRecords(entries);
  });

  it.skipIf(!hasTool('xz'))('gives the same records from xz-compressed fields, which decode asynchronously', async () => {
    const bytes = new Uint8Array(journalFixtureFile('incident-uncompressed'));
    expect(recompressDataObjects(bytes, 'xz')).toBeGreaterThanOrEqual(8);
    expectSameRecords(await entriesOf(bytes));
  });

  it('renders the JSON line only when asked: the decoded fields are all the journal format reads', async () => {
    const [first] = await entriesOf(journalFixtureFile('incident-default'));
    const step = journalJson.createParser().push({
      source: SOURCE,
      lineNumber: 1,
      get text(): string {
        throw new Error('text was read');
      },
      journalEntry: first!.entry,
    });
    expect(step.accepted).toBe(true);
    expect(step.out[0]).toMatchObject({ host: 'k3s-node-03', unit: 'kernel', message: expect.stringContaining('Linux version 6.1.0-31-amd64') });
  });
});

describe('a binary journal in the report', () => {
  it('shows an unrecognised error by its message, not by a serialised {"__CURSOR":…} entry, with and without workers', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { runCli } = await import('../../cli/run-cli.js');
    const file = join(mkdtempSync(join(tmpdir(), 'logsift-journal-')), 'system.journal');
    writeFileSync(file, journalFixtureFile('incident-default'));
    const inline = await runCli([file, '--format', 'json', '--jobs', '0']);
    const report = JSON.parse(inline.stdout) as { unrecognised: { example: { text: string } }[] };
    const examples = report.unrecognised.map((u) => u.example.text);
    expect(examples).toContain('k3s API health probe failed after 3 attempts');
    expect(examples.filter((text) => text.includes('__CURSOR'))).toEqual([]);
    // Workers are handed the entries as rendered JSON lines: the report must not tell the two ways apart.
    expect((await runCli([file, '--format', 'json', '--jobs', '1'])).stdout).toBe(inline.stdout);
  });
});
