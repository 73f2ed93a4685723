import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openJournalFile } from '../../../src/ingest/journal-file/journal-bytes.js';
import { readJournalFile } from '../../../src/ingest/journal-file/read-journal-file.js';
import { readBundle } from '../../../src/ingest/read-bundle.js';
import { journalFixtureFile, journalFixtureLines } from '../../journal-fixture.js';

// A journal on disk is read at offsets (bounded memory) instead of buffered: these compare that path with
// journalctl's own output for the real systemd files in test/fixtures/journal, and with the buffered path.

const work = mkdtempSync(path.join(os.tmpdir(), 'logsift-journal-bytes-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function onDisk(name: string, bytes: Uint8Array): string {
  const file = path.join(work, name);
  writeFileSync(file, bytes);
  return file;
}

async function lines(source: Parameters<typeof readJournalFile>[0]) {
  const read = readJournalFile(source);
  if (!read.ok) throw new Error(read.reason);
  const out: { ordinal: number; text: string }[] = [];
  for await (const line of read.lines) out.push(line);
  return { out, problems: read.problems };
}

const sorted = (entry: Record<string, unknown>): [string, unknown][] => Object.entries(entry).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

describe('a binary journal read at offsets from disk', () => {
  it.each(['incident-default', 'incident-uncompressed', 'incident-regular-zstd', 'incident-legacy', 'boot1-unclean'])(
    '%s gives the entries journalctl printed, line for line as when buffered',
    async (name) => {
      const bytes = journalFixtureFile(name);
      const file = await openJournalFile(onDisk(`${name}.journal`, bytes));
      try {
        const fromDisk = await lines(file);
        const buffered = await lines(bytes);
        expect(fromDisk.out).toEqual(buffered.out);
        const expected = journalFixtureLines(`${name}.jsonl`).filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
        expect(fromDisk.out.map((l) => sorted(JSON.parse(l.text) as Record<string, unknown>))).toEqual(expected.map(sorted));
      } finally {
        await file.close();
      }
    },
  );

  it('reports a copy cut short the way the buffered reader does, keeping the entries before the cut', async () => {
    const whole = journalFixtureFile('incident-default');
    const cut = whole.subarray(0, Math.floor(whole.length / 3));
    const file = await openJournalFile(onDisk('cut.journal', cut));
    try {
      const fromDisk = await lines(file);
      const buffered = await lines(cut);
      expect(fromDisk).toEqual(buffered);
      expect(fromDisk.problems.length).toBeGreaterThan(0);
    } finally {
      await file.close();
    }
  });

  it('is what ingest does for a journal file in a directory, with the same lines as from an archive member', async () => {
    const dir = path.join(work, 'bundle', 'var', 'log', 'journal', '0123');
    const bytes = journalFixtureFile('incident-default');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'system.journal'), bytes);
    const texts: string[] = [];
    for await (const member of readBundle([path.join(work, 'bundle')], {}, { memberSkipped: () => undefined, memberDamaged: () => undefined, diagnostic: () => undefined })) {
      if (!member.member.source.member.endsWith('system.journal')) continue;
      for await (const line of member.lines) texts.push(line.text);
    }
    expect(texts).toEqual((await lines(bytes)).out.map((l) => l.text));
  });
});
