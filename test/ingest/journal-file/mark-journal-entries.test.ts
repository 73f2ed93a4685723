import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readBundle } from '../../../src/ingest/read-bundle.js';
import type { LogEvent } from '../../../src/model/log-event.js';
import { loadLibrary, type Library } from '../../../src/patterns/index.js';
import { rawLineMarkerFor } from '../../../src/patterns/raw-line-marker.js';
import { parseMember } from '../../../src/pipeline/parse-member.js';
import { shippedPatternsDir } from '../../../src/cli/shipped-patterns-dir.js';
import { runCli } from '../../cli/run-cli.js';
import { scratchDir } from '../../robustness/fixtures.js';
import { journalFixtureFile } from '../../journal-fixture.js';

// The raw-byte prefilter reads a binary journal entry's MESSAGE bytes (and any field outside the journal envelope)
// before any string is made: an unmarked entry skips the matcher, so no entry a signature matches may be unmarked.

const FIXTURES = ['incident-default', 'incident-uncompressed', 'incident-regular-zstd', 'incident-legacy', 'boot1-unclean'];

/** The events of one journal file on disk (read at offsets), each with whether the prefilter let it match. */
async function eventsOf(library: Library, bytes: Uint8Array): Promise<{ event: LogEvent; mayMatch: boolean }[]> {
  const path = join(scratchDir(), 'system.journal');
  writeFileSync(path, bytes);
  const lineMarker = rawLineMarkerFor(library.signatures)!;
  const out: { event: LogEvent; mayMatch: boolean }[] = [];
  for await (const member of readBundle([path], { lineMarker }, { memberSkipped: () => {}, memberDamaged: () => {}, diagnostic: () => {} })) {
    expect(member.marks).toBeDefined();
    await parseMember(member, {}, { siblingZone: () => undefined, latestYear: () => undefined, siblingNewest: () => undefined }, (event, mayMatch) => out.push({ event, mayMatch }));
  }
  return out;
}

describe('binary journal entries marked on their bytes', () => {
  let library: Library;
  beforeAll(async () => {
    ({ library } = await loadLibrary([shippedPatternsDir()]));
  });

  it.each(FIXTURES)('%s: every entry a signature matches is marked, and most are not', async (name) => {
    const events = await eventsOf(library, journalFixtureFile(name));
    expect(events.length).toBeGreaterThan(40);
    const matched = events.filter(({ event }) => library.match(event).length > 0);
    // boot1-unclean holds only a boot: no signature matches it.
    expect(matched.length > 0).toBe(name !== 'boot1-unclean');
    for (const { event, mayMatch } of matched) expect(mayMatch, event.message).toBe(true);
    expect(events.filter(({ mayMatch }) => !mayMatch).length).toBeGreaterThan(events.length / 2);
  });

  it('marks every entry with a value left out or a MESSAGE that is not text, which the bytes cannot vouch for', async () => {
    const events = await eventsOf(library, journalFixtureFile('incident-default'));
    const latin1 = events.filter(({ event }) => event.message.startsWith('Sauvegarde \ufffdchou\ufffde'));
    expect(latin1.length).toBeGreaterThan(0);
    for (const { mayMatch } of latin1) expect(mayMatch).toBe(true);
  });

  it('gives the same report and timeline with the prefilter on and off, in one thread and with workers', async () => {
    const dir = scratchDir();
    for (const name of FIXTURES) writeFileSync(join(dir, `${name}.journal`), journalFixtureFile(name));
    for (const args of [[dir, '--format', 'json', '--jobs', '0'], [dir, '--format', 'json', '--jobs', '1'], ['timeline', dir, '--json']]) {
      const off = await runCli(args, { env: { LOGSIFT_NO_PREFILTER: '1' } });
      const on = await runCli(args);
      expect(on.status).toBe(off.status);
      expect(on.stderr).toBe(off.stderr);
      expect(on.stdout).toBe(off.stdout);
      expect(on.stdout.length).toBeGreaterThan(1000);
    }
  });
});
