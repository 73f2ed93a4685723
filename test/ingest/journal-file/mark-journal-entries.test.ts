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
import { decodeField, decodeJournalEntry } from '../../../src/ingest/journal-file/decode-journal-entry.js';
import { formats, newMemberParseStats, parseEventBatches, payloadFormats } from '../../../src/formats/index.js';
import type { LogLine, MemberLines } from '../../../src/model/log-line.js';
import { ANALYSIS_SKIM_POLICY } from '../../../src/pipeline/skim-eligibility.js';

// The raw-byte prefilter reads a binary journal entry's MESSAGE bytes (and any field outside the journal envelope)
// before any string is made: an unmarked entry skips the matcher, so no entry a signature matches may be unmarked.

const FIXTURES = ['incident-default', 'incident-uncompressed', 'incident-regular-zstd', 'incident-legacy', 'boot1-unclean'];

/**
 * The events of one journal file on disk (read at offsets), each with whether the prefilter let it match; `skim`:
 * light events where the analysis needs no more, as the analysis reads them.
 */
async function eventsOf(library: Library, bytes: Uint8Array, skim = false): Promise<{ event: LogEvent; mayMatch: boolean }[]> {
  const path = join(scratchDir(), 'system.journal');
  writeFileSync(path, bytes);
  const lineMarker = rawLineMarkerFor(library.signatures)!;
  const out: { event: LogEvent; mayMatch: boolean }[] = [];
  for await (const member of readBundle([path], { lineMarker }, { memberSkipped: () => {}, memberDamaged: () => {}, diagnostic: () => {} })) {
    expect(member.marks).toBeDefined();
    await parseMember(member, {}, { siblingZone: () => undefined, latestYear: () => undefined, siblingNewest: () => undefined }, (event, mayMatch) => out.push({ event, mayMatch }), skim);
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

  it.each([['prefilter', 'LOGSIFT_NO_PREFILTER'], ['skim', 'LOGSIFT_NO_SKIM']])(
    'gives the same report and timeline with the %s on and off, in one thread and with workers, file by file and together',
    async (_, switchOff) => {
      const dir = scratchDir();
      for (const name of FIXTURES) writeFileSync(join(dir, `${name}.journal`), journalFixtureFile(name));
      const runs = [[dir, '--format', 'json', '--jobs', '0'], [dir, '--format', 'json', '--jobs', '1'], ['timeline', dir, '--json']];
      for (const name of FIXTURES) runs.push([join(dir, `${name}.journal`), '--format', 'json'], [join(dir, `${name}.journal`), '--format', 'text']);
      for (const args of runs) {
        const off = await runCli(args, { env: { [switchOff]: '1' } });
        const on = await runCli(args);
        expect(on.status).toBe(off.status);
        expect(on.stderr).toBe(off.stderr);
        expect(on.stdout).toBe(off.stdout);
        expect(on.stdout.length).toBeGreaterThan(1000);
      }
    },
  );

  it('gives light events (no message, no fields) for most unmarked entries', async () => {
    const events = await eventsOf(library, journalFixtureFile('incident-default'), true);
    const light = events.filter(({ event }) => event.message === '' && Object.keys(event.fields).length === 0);
    expect(light.length).toBeGreaterThan(events.length / 3);
    for (const { mayMatch, event } of light) {
      expect(mayMatch).toBe(false);
      expect(['info', 'debug']).toContain(event.severity);
      expect(['kernel', 'systemd', undefined]).not.toContain(event.component);
    }
  });

  it('reads every later entry of a process whole once a marked entry of it may open a lasting crash, and only those', async () => {
    const entry = (ordinal: number, pid: string, message: string): LogLine => {
      const header = { seqnumId: '0'.repeat(32), seqnum: BigInt(ordinal), realtime: 1741962322860763n + BigInt(ordinal), monotonic: 1n, bootId: 'b'.repeat(32), xorHash: 0n };
      const fields = [['_HOSTNAME', 'node-1'], ['PRIORITY', '6'], ['SYSLOG_IDENTIFIER', 'k3s'], ['_PID', pid], ['MESSAGE', message]]
        .map(([name, value]) => decodeField(name!, new TextEncoder().encode(value)));
      return { source: { bundle: 'j', member: 'j' }, lineNumber: ordinal, text: '', journalEntry: decodeJournalEntry(header, fields) };
    };
    const lines = [
      entry(1, '7', 'probe started'),
      entry(2, '7', 'Traceback (most recent call last):\n  File "/usr/local/lib/nodecheck/probe.py", line 3'),
      entry(3, '7', 'probe retried'),
      entry(4, '8', 'probe started'),
    ];
    const member: MemberLines = {
      member: { source: { bundle: 'j', member: 'j' }, formatHint: 'journal-json' },
      lines: (async function* () { yield* lines; })(),
      marks: { isMarked: (line) => line === 2 },
    };
    const events: LogEvent[] = [];
    for await (const batch of parseEventBatches(member, { formats, payloadFormats, anchors: {}, skim: ANALYSIS_SKIM_POLICY }, newMemberParseStats())) events.push(...batch);
    expect(events.map((e) => e.message)).toEqual(['', lines[1]!.journalEntry!.head!.message, 'probe retried', '']);
    expect(events.map((e) => e.pid)).toEqual([7, 7, 7, 8]);
  });

  it('marks an entry with a field name holding a space, which the prefilter cannot read as a key', () => {
    expect(decodeField('MY FIELD', new TextEncoder().encode('value')).alwaysMatchable).toBe(true);
    expect(decodeField('MY_FIELD', new TextEncoder().encode('value')).alwaysMatchable).toBeUndefined();
  });
});
