import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readJournalFile } from '../../../src/ingest/journal-file/read-journal-file.js';
import { journalFixtureFile } from '../../journal-fixture.js';


function journal(name: string): Uint8Array {
  // A plain Uint8Array, not a Buffer: Buffer#slice is a view, and the tests below rely on slice copying.
  return new Uint8Array(journalFixtureFile(name));
}

interface Outcome {
  readonly refused?: string;
  readonly texts: string[];
  readonly problems: string[];
}

/** Reads everything; any throw fails the calling test, which is the point. */
async function readAll(bytes: Uint8Array): Promise<Outcome> {
  const read = readJournalFile(bytes);
  if (!read.ok) return { refused: read.reason, texts: [], problems: [] };
  const texts: string[] = [];
  for await (const line of read.lines) texts.push(line.text);
  return { texts, problems: read.problems.map((p) => p.message) };
}

/** Offset just past the last object: the part of the 8 MiB file that holds anything. */
function usedEnd(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tail = Number(view.getBigUint64(136, true));
  return tail + Number(view.getBigUint64(tail + 8, true));
}

describe('readJournalFile on cut and corrupted files (test/fixtures/journal)', () => {
  const names = ['incident-default', 'incident-legacy'] as const;

  it.each(names)('%s: a file cut anywhere yields a prefix of the entries and says why it stopped', async (name) => {
    const whole = journal(name);
    const full = await readAll(whole);
    const end = usedEnd(whole);
    for (const cut of [0, 7, 100, 207, 300, Math.floor(end * 0.3), Math.floor(end * 0.5), Math.floor(end * 0.9), end - 1]) {
      const outcome = await readAll(whole.subarray(0, cut));
      if (outcome.refused !== undefined) {
        expect(cut).toBeLessThan(512);
        expect(outcome.refused).toMatch(/header|signature/);
        continue;
      }
      expect(outcome.texts.length).toBeLessThanOrEqual(full.texts.length);
      if (cut < end / 2) expect(outcome.texts.length).toBeLessThan(full.texts.length);
      // Entries that survive are whole and identical; fields whose DATA object was cut away are left out.
      for (const [i, text] of outcome.texts.entries()) {
        const got = JSON.parse(text) as Record<string, unknown>;
        const want = JSON.parse(full.texts[i]) as Record<string, unknown>;
        expect(got['__CURSOR']).toBe(want['__CURSOR']);
      }
      expect(outcome.problems.length).toBeGreaterThan(0);
      expect(outcome.problems[0]).toMatch(/offset \d+/);
    }
  });

  it('refuses a file that lies about its header size', async () => {
    const bytes = journal('incident-uncompressed').slice();
    new DataView(bytes.buffer).setBigUint64(88, 1n << 40n, true);
    expect((await readAll(bytes)).refused).toMatch(/header_size .* \(byte 88\)/);
  });

  it('stops on an entry array chain that loops back on itself', async () => {
    const bytes = journal('incident-uncompressed').slice();
    const view = new DataView(bytes.buffer);
    const first = view.getBigUint64(176, true);
    // Point the first array's `next` back at itself.
    view.setBigUint64(Number(first) + 16, first, true);
    const outcome = await readAll(bytes);
    expect(outcome.texts.length).toBeGreaterThan(0);
    expect(outcome.problems).toEqual([expect.stringMatching(/loops back/)]);
  });

  it('notices entries lost from a closed file when the chain simply ends early', async () => {
    const bytes = journal('incident-uncompressed').slice();
    const view = new DataView(bytes.buffer);
    // Clear the first array's `next` link: nothing is malformed, the later entries are just unreachable.
    view.setBigUint64(Number(view.getBigUint64(176, true)) + 16, 0n, true);
    const outcome = await readAll(bytes);
    expect(outcome.texts.length).toBeLessThan(218);
    expect(outcome.problems).toEqual([`the header counts 218 entries but the entry list holds only ${outcome.texts.length}`]);
  });

  it.each(names)('%s: random bit flips in the used part never throw or hang, and every line stays valid JSON', async (name) => {
    const whole = journal(name);
    const end = usedEnd(whole);
    let entries = 0;
    let damaged = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 0, max: end - 1 }), fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 40 }), async (flips) => {
        const bytes = whole.slice(0, end);
        for (const [at, bit] of flips) bytes[at] ^= 1 << bit;
        const outcome = await readAll(bytes);
        for (const text of outcome.texts) expect(() => JSON.parse(text)).not.toThrow();
        expect(outcome.texts.length).toBeLessThanOrEqual(218);
        entries += outcome.texts.length;
        if (outcome.problems.length > 0 || outcome.refused !== undefined) damaged++;
      }),
      { numRuns: 150, seed: 20250314 },
    );
    // The flips must have hit structure often enough to exercise the damage paths, and left most entries readable.
    expect(damaged).toBeGreaterThan(10);
    expect(entries).toBeGreaterThan(150 * 100);
  });
});
