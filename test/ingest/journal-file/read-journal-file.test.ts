import { describe, expect, it } from 'vitest';
import { readJournalFile } from '../../../src/ingest/journal-file/read-journal-file.js';
import { journalFixtureFile, journalFixtureLines } from '../../journal-fixture.js';
import { hasTool, recompressDataObjects } from './compress-with-tools.js';

// Real journal files written by systemd-journal-remote 252 and the `journalctl -o json` output for each
// (see test/fixtures/journal/README.md).

function journal(name: string): Uint8Array {
  return journalFixtureFile(name);
}

function expected(name: string): Record<string, unknown>[] {
  return journalFixtureLines(`${name}.jsonl`)
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Field order differs between journalctl and this reader, so entries compare as sorted key/value lists. */
function sorted(entry: Record<string, unknown>): [string, unknown][] {
  return Object.entries(entry).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

async function readAll(bytes: Uint8Array) {
  const read = readJournalFile(bytes);
  if (!read.ok) throw new Error(read.reason);
  const lines: { ordinal: number; text: string }[] = [];
  for await (const line of read.lines) lines.push(line);
  return { read, lines, entries: lines.map((l) => JSON.parse(l.text) as Record<string, unknown>) };
}

describe('readJournalFile on real systemd 252 files (test/fixtures/journal)', () => {
  it.each([
    ['incident-default', ['KEYED-HASH', 'COMPRESSED-ZSTD', 'COMPACT'], 218],
    ['incident-uncompressed', ['KEYED-HASH', 'COMPACT'], 218],
    ['incident-regular-zstd', ['KEYED-HASH', 'COMPRESSED-ZSTD'], 218],
    ['incident-legacy', [], 218],
    ['boot1-unclean', ['KEYED-HASH', 'COMPRESSED-ZSTD', 'COMPACT'], 43],
  ])('%s yields the same entries journalctl -o json printed', async (name, flags, count) => {
    const { read, lines, entries } = await readAll(journal(name));
    expect(read.ok && read.header.flagNames).toEqual(flags);
    expect(entries).toHaveLength(count);
    expect(entries.map(sorted)).toEqual(expected(name).map(sorted));
    expect(lines.map((l) => l.ordinal)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    expect(read.ok && read.problems).toEqual([]);
  });

  it('reports the never-closed file as ONLINE and still reads all of it', async () => {
    const { read, entries } = await readAll(journal('boot1-unclean'));
    expect(read.ok && read.header.state).toBe('online');
    expect(entries.at(-1)?.['MESSAGE']).toMatch(/^W0314 13:43:51/);
  });

  it('keeps raw bytes, non-UTF-8 text and multi-line messages the way journalctl prints them', async () => {
    const { entries } = await readAll(journal('incident-default'));
    const probe = entries.find((e) => 'PROBE_RAW_REPLY' in e);
    expect(probe?.['PROBE_RAW_REPLY']).toEqual([21, 3, 3, 0, 2, 2, 40, 0, 255]);
    expect(probe?.['MESSAGE']).toEqual(expect.stringContaining('\n'));
    const backup = entries.find((e) => e['SYSLOG_IDENTIFIER'] === 'nas-backup');
    expect(Array.isArray(backup?.['MESSAGE'])).toBe(true);
  });

  it.each(['incident-default', 'incident-regular-zstd'])('%s: decompresses the zstd DATA objects (the long "Running kube-apiserver" and "Running kubelet" lines)', async (name) => {
    const bytes = journal(name);
    const { entries } = await readAll(bytes);
    const long = entries.map((e) => e['MESSAGE']).filter((m): m is string => typeof m === 'string' && m.includes('msg="Running kube'));
    expect(long.length).toBeGreaterThan(0);
    for (const message of long) {
      expect(message.length).toBeGreaterThan(512);
      // Only compressed: the text itself is nowhere in the file's bytes.
      expect(Buffer.from(bytes).includes(Buffer.from(message))).toBe(false);
    }
  });

  for (const [kind, flag] of [
    ['xz', 'COMPRESSED-XZ'],
    ['lz4', 'COMPRESSED-LZ4'],
  ] as const) {
    it.skipIf(!hasTool(kind))(`reads ${kind}-compressed DATA objects (made from the uncompressed file with the ${kind} tool)`, async () => {
      const bytes = new Uint8Array(journal('incident-uncompressed'));
      expect(recompressDataObjects(bytes, kind)).toBeGreaterThanOrEqual(8);
      const { read, entries } = await readAll(bytes);
      expect(read.ok && read.header.flagNames).toContain(flag);
      expect(read.ok && read.problems).toEqual([]);
      expect(entries.map(sorted)).toEqual(expected('incident-uncompressed').map(sorted));
    });
  }

  it.each(['incident-default', 'incident-uncompressed'])('%s: prints values over maxFieldBytes as null, as journalctl does without --all', async (name) => {
    const read = readJournalFile(journal(name), { maxFieldBytes: 1000 });
    if (!read.ok) throw new Error(read.reason);
    const entries: Record<string, unknown>[] = [];
    for await (const line of read.lines) entries.push(JSON.parse(line.text) as Record<string, unknown>);
    expect(entries.filter((e) => e['MESSAGE'] === null)).toHaveLength(8);
    expect(read.problems).toEqual([]);
  });

  it('leaves out a field whose compressed payload is corrupt, and says which object and entry', async () => {
    const bytes = new Uint8Array(journal('incident-default'));
    const plain = await readAll(bytes);
    // Corrupt the middle of every zstd frame (zstd DATA objects carry object flag 4 at byte 1).
    const view = new DataView(bytes.buffer);
    let offset = Number(view.getBigUint64(88, true));
    let corrupted = 0;
    while (offset + 16 <= bytes.length && bytes[offset] !== 0) {
      const size = Number(view.getBigUint64(offset + 8, true));
      if (bytes[offset] === 1 && bytes[offset + 1] === 4) {
        bytes.fill(0xff, offset + 72 + 8, offset + size);
        corrupted++;
      }
      offset += Math.ceil(size / 8) * 8;
    }
    expect(corrupted).toBe(8);
    const { read, entries } = await readAll(bytes);
    expect(entries).toHaveLength(plain.entries.length);
    const damaged = entries.filter((e) => !('MESSAGE' in e));
    expect(damaged.length).toBeGreaterThan(0);
    expect(read.ok && read.problems[0]).toMatchObject({ ordinal: expect.any(Number), message: expect.stringMatching(/^entry #\d+: field left out: DATA object at offset \d+: zstd data is corrupt/) });
  });
});
