import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { formats, newMemberParseStats, parseEvents, payloadFormats } from '../../../src/formats/index.js';
import type { LogEvent } from '../../../src/model/index.js';
import { journalFixtureFile, journalFixturePath } from '../../journal-fixture.js';
import { buildTar, buildTgz, runIngest, writeTemp } from '../ingest-harness.js';


function journal(name: string): Buffer {
  return journalFixtureFile(name);
}

const MACHINE = '4f6c0e2a9b3d4e1f8a7b6c5d4e3f2a1b';

describe('readBundle with binary journal members (test/fixtures/journal)', () => {
  it('reads a sos --all-logs journal inside a .tgz as journal-json lines numbered by entry', async () => {
    const tgz = await buildTgz([
      { name: `sosreport-k3s-node-03-2025-03-14-abcdefg/var/log/journal/${MACHINE}/system.journal`, data: journal('incident-default') },
      { name: `sosreport-k3s-node-03-2025-03-14-abcdefg/var/log/journal/${MACHINE}/system@00062fd0a1b2c3d4-0000000000000001.journal~`, data: journal('boot1-unclean') },
    ]);
    const r = await runIngest([writeTemp('sosreport-k3s-node-03-2025-03-14-abcdefg.tar.gz', tgz)]);
    expect(r.skipped).toEqual([]);
    expect(r.damaged).toEqual([]);
    expect(r.members.map((m) => [m.member.source.member.split('/').pop(), m.member.formatHint, m.lines.length])).toEqual([
      ['system.journal', 'journal-json', 218],
      ['system@00062fd0a1b2c3d4-0000000000000001.journal~', 'journal-json', 43],
    ]);
    const lines = r.members[0].lines;
    expect(lines.map((l) => l.lineNumber)).toEqual(Array.from({ length: 218 }, (_, i) => i + 1));
    expect(JSON.parse(lines[0].text)).toMatchObject({ __REALTIME_TIMESTAMP: '1741932723000000', _HOSTNAME: 'k3s-node-03', SYSLOG_IDENTIFIER: 'kernel' });
  });

  it('turns the entries into events with host, boot, unit and exact times', async () => {
    const r = await runIngest([writeTemp('system.journal', journal('incident-uncompressed'))]);
    const [{ member, lines }] = r.members;
    const events: LogEvent[] = [];
    const stats = newMemberParseStats();
    const source = { member, lines: (async function* () { yield* lines; })() };
    for await (const event of parseEvents(source, { formats, payloadFormats, anchors: {} }, stats)) events.push(event);
    expect(events).toHaveLength(218);
    expect(stats.unparsed).toBe(0);
    expect(new Set(events.map((e) => e.format === 'journal-json' || e.envelope?.format === 'journal-json'))).toEqual(new Set([true]));
    const fatal = events.find((e) => e.message.includes('Failed to run CRI service'));
    expect(fatal).toMatchObject({ host: 'k3s-node-03', bootId: '7d2f9e4c1a8b4f63b5e0c9d8a7f6e5d4', timeQuality: 'exact' });
    expect(fatal?.origin.member).toBe('system.journal');
    expect(new Date(fatal!.timestamp!).toISOString()).toMatch(/^2025-03-14T14:25:1/);
  });

  it('reads a gzipped journal named on the command line', async () => {
    const r = await runIngest([journalFixturePath('boot1-unclean.journal.gz')]);
    expect(r.members).toHaveLength(1);
    expect(r.members[0].lines).toHaveLength(43);
  });

  it('reads the entries before a tar cut inside the journal and reports the member damaged', async () => {
    const tar = await buildTar([{ name: 'var/log/journal/x/system.journal', data: journal('incident-legacy') }]);
    // The entries sit in the first ~200 KiB of the 8 MiB file; a cut at 100 KiB loses the later ones.
    const r = await runIngest([writeTemp('cut.tar', tar.subarray(0, 512 + 100 * 1024))]);
    expect(r.members).toHaveLength(1);
    const count = r.members[0].lines.length;
    expect(count).toBeLessThan(218);
    expect(r.damaged.length + r.skipped.length).toBeGreaterThan(0);
    expect([...r.damaged, ...r.skipped].map((d) => d.member.source.member)).toContain('var/log/journal/x/system.journal');
  });

  it('refuses a journal with an unknown incompatible flag, naming the reason', async () => {
    const bytes = Buffer.from(journal('boot1-unclean'));
    bytes.writeUInt32LE(bytes.readUInt32LE(12) | 0x40, 12);
    const r = await runIngest([writeTemp('future.journal', bytes)]);
    expect(r.members).toEqual([]);
    expect(r.skipped).toMatchObject([{ kind: 'skipped', code: 'unsupported', reason: expect.stringMatching(/^binary systemd journal: unknown incompatible header flags 0x40/) }]);
  });

  it('skips a journal larger than the buffer cap without reading it whole', async () => {
    const { readJournalMember } = await import('../../../src/ingest/journal-file/read-journal-member.js');
    const { IngestRun } = await import('../../../src/ingest/ingest-run.js');
    const { DEFAULT_INGEST_OPTIONS } = await import('../../../src/ingest/index.js');
    const skipped: { code: string; text: string }[] = [];
    const run = new IngestRun(DEFAULT_INGEST_OPTIONS, { memberSkipped: (_m, _k, reason) => skipped.push(reason), memberDamaged: () => {}, diagnostic: () => {} });
    let pulled = 0;
    const source = (async function* () {
      for (let i = 0; i < 100; i++) {
        pulled++;
        yield new Uint8Array(1024 * 1024);
      }
    })();
    const info = { source: { bundle: 'b.tgz', member: 'var/log/journal/x/system.journal' } };
    const out = [];
    for await (const m of readJournalMember(source, info, false, run, { maxBytes: 4 * 1024 * 1024 })) out.push(m);
    expect(out).toEqual([]);
    expect(pulled).toBe(5);
    expect(skipped).toEqual([{ code: 'limit', text: expect.stringMatching(/larger than 4 MiB/) }]);
  });

  it('reports a zeroed tail (a torn ONLINE copy) as damage and keeps the entries before it', async () => {
    const bytes = Buffer.from(journal('boot1-unclean'));
    // Zero the later part of the objects, as a copy taken while journald was still writing can leave it.
    const firstArray = Number(bytes.readBigUInt64LE(176));
    const tailObject = Number(bytes.readBigUInt64LE(136));
    bytes.fill(0, firstArray + Math.floor((tailObject - firstArray) * 0.6));
    const r = await runIngest([writeTemp('system.journal', gzipSync(bytes))]);
    expect(r.members).toHaveLength(1);
    expect(r.members[0].lines.length).toBeGreaterThan(0);
    expect(r.members[0].lines.length).toBeLessThan(43);
    expect(r.damaged).toMatchObject([{ reason: expect.stringMatching(/^binary systemd journal damaged: .*never closed/) }]);
    // Said once (issue 11: it was also a second warning, with the path doubled).
    expect(r.damaged).toHaveLength(1);
    expect(r.diagnostics).toEqual([]);
  });
});
