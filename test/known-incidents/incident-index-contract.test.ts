import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IncidentIndex, IndexEntry } from '../../src/known-incidents/incident-index.js';
import { openIncidentIndex } from '../../src/known-incidents/open-incident-index.js';
import { entry, item, OOM_FP, SANDBOX_FP } from './index-entries.js';
import { freshSchema, type TestSchema } from './postgres-test-database.js';

/*
 * What every known-incident index promises, run against each implementation through the same opener the commands
 * use (`--index PATH` or `--index postgres://…`): the SQLite file and a real PostgreSQL server (a fresh schema per
 * test). A behaviour that differs between them is a bug in one of them.
 */

/** One implementation as the tests see it: where its store is, and how to tell a store nothing was written to. */
interface Store {
  readonly location: string;
  /** Makes the store exist without an index in it (an empty file; a schema without tables). */
  makeEmpty(): Promise<void>;
  /** True while nothing has been written to the store made by makeEmpty. */
  isUntouched(): Promise<boolean>;
  dispose(): Promise<void>;
}

async function sqliteStore(): Promise<Store> {
  const dir = mkdtempSync(join(tmpdir(), 'logsift-index-'));
  const location = join(dir, 'known-incidents.sqlite');
  return {
    location,
    makeEmpty: async () => writeFileSync(location, ''),
    isUntouched: async () => statSync(location).size === 0,
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function postgresStore(): Promise<Store> {
  const schema: TestSchema = await freshSchema();
  return {
    location: schema.url,
    makeEmpty: async () => undefined,
    isUntouched: async () => (await schema.query('SELECT 1 FROM pg_tables WHERE schemaname = $1', [schema.name])).rowCount === 0,
    dispose: () => schema.drop(),
  };
}

const IMPLEMENTATIONS = [
  { name: 'SQLite file', store: sqliteStore },
  { name: 'PostgreSQL server', store: postgresStore },
] as const;

describe.each(IMPLEMENTATIONS)('the known-incident index on $name', ({ store: makeStore }) => {
  let store: Store;
  const opened: IncidentIndex[] = [];
  const open = async (mode: 'read' | 'write' = 'write') => {
    const index = await openIncidentIndex(store.location, { mode });
    opened.push(index);
    return index;
  };
  beforeEach(async () => {
    store = await makeStore();
  });
  afterEach(async () => {
    for (const index of opened.splice(0)) await index.close();
    await store.dispose();
  });

  it('finds the tickets a fingerprint was filed under, newest first, one per ticket, with the note', async () => {
    const index = await open();
    await index.add(entry('4711', [item(SANDBOX_FP), item(OOM_FP, { signature: 'kernel-oom-kill' })], Date.parse('2025-03-02T09:00:00Z')));
    // The same ticket filed twice counts once, at its first filing.
    await index.add({ ...entry('4711', [item(SANDBOX_FP)], Date.parse('2025-03-05T09:00:00Z')), note: 'follow-up: same again after the BIOS update' });
    const second = await index.add({ ...entry('SUP-9', [item(SANDBOX_FP)], Date.parse('2025-04-10T12:00:00Z')), note: undefined });
    expect(second).toEqual({ added: 1, seenBefore: 1 });
    const found = await index.sightings([SANDBOX_FP, 'ffffffffffffffff', OOM_FP]);
    expect(found.get(SANDBOX_FP)).toEqual([
      { ticket: 'SUP-9', added: Date.parse('2025-04-10T12:00:00Z') },
      { ticket: '4711', added: Date.parse('2025-03-02T09:00:00Z'), note: 'power cut; containerd state wiped' },
    ]);
    expect(found.get(OOM_FP)?.map((s) => s.ticket)).toEqual(['4711']);
    expect(found.has('ffffffffffffffff')).toBe(false);
  });

  it('keeps what was filed after it is closed and opened again, and reads it opened to read', async () => {
    const writer = await open();
    await writer.add(entry('4711', [item(SANDBOX_FP)]));
    await writer.close();
    const reader = await open('read');
    expect((await reader.sightings([SANDBOX_FP])).get(SANDBOX_FP)?.map((s) => s.ticket)).toEqual(['4711']);
    expect((await reader.search(SANDBOX_FP)).map((k) => k.ticket)).toEqual(['4711']);
  });

  it('files the same report under the same ticket again as a second filing, shown once as a sighting', async () => {
    const index = await open();
    const report = entry('4711', [item(SANDBOX_FP), item(OOM_FP, { signature: 'kernel-oom-kill' })]);
    expect(await index.add(report)).toEqual({ added: 2, seenBefore: 0 });
    expect(await index.add(report)).toEqual({ added: 2, seenBefore: 0 });
    expect((await index.search(SANDBOX_FP)).map((k) => k.ticket)).toEqual(['4711', '4711']);
    expect((await index.sightings([SANDBOX_FP])).get(SANDBOX_FP)).toHaveLength(1);
  });

  it('counts a fingerprint filed twice in one report once, and one already known from another ticket as seen before', async () => {
    const index = await open();
    await index.add(entry('4711', [item(SANDBOX_FP)]));
    const result = await index.add(entry('4712', [item(SANDBOX_FP, { host: 'a' }), item(SANDBOX_FP, { host: 'b' }), item(OOM_FP)]));
    expect(result).toEqual({ added: 3, seenBefore: 1 });
  });

  it('looks up thousands of fingerprints at once', async () => {
    const index = await open();
    const fingerprints = Array.from({ length: 1700 }, (_, n) => n.toString(16).padStart(16, '0'));
    await index.add(entry('T-1', fingerprints.map((f) => item(f))));
    const found = await index.sightings(fingerprints);
    expect(found.size).toBe(1700);
    expect(await index.sightings([])).toEqual(new Map());
  });

  it('searches by fingerprint or by signature id, with the addition each came from', async () => {
    const index = await open();
    await index.add(entry('4711', [item(SANDBOX_FP), item(OOM_FP, { signature: 'kernel-oom-kill', title: 'OOM kill' })]));
    const byFingerprint = await index.search(OOM_FP);
    expect(byFingerprint).toHaveLength(1);
    expect(byFingerprint[0]).toMatchObject({
      fingerprint: OOM_FP, signature: 'kernel-oom-kill', ticket: '4711', note: 'power cut; containerd state wiped',
      report: { hosts: ['k3s-node-03'], versions: { version: ['v1.7.23-k3s2'] }, start: Date.parse('2025-03-14T06:00:00Z') },
      source: { kind: 'bundle', name: 'k3s-node-03-support.tgz', sha256: 'a'.repeat(64) },
    });
    expect((await index.search('containerd-sandbox-recovery-failed')).map((k) => k.fingerprint)).toEqual([SANDBOX_FP]);
    expect(await index.search('containerd')).toEqual([]);
  });

  it('stores a ticket id with shell metacharacters and quotes exactly as given', async () => {
    const ticket = `SUP-1'; DROP TABLE additions; -- $(rm -rf /) "x" ✓`;
    const index = await open();
    await index.add(entry(ticket, [item(SANDBOX_FP, { title: 'a {"quoted", \\array} title' })]));
    expect((await index.sightings([SANDBOX_FP])).get(SANDBOX_FP)?.[0]?.ticket).toBe(ticket);
    expect((await index.search(SANDBOX_FP))[0]?.title).toBe('a {"quoted", \\array} title');
  });

  it('writes nothing of an addition that fails part-way', async () => {
    const index = await open();
    await index.add(entry('4711', [item(SANDBOX_FP)]));
    // The 3rd item breaks the kind CHECK constraint after two rows are inserted.
    const broken = [item('1111111111111111'), item('2222222222222222'), { ...item('3333333333333333'), kind: 'other' as 'incident' }];
    await expect(index.add(entry('9999', broken))).rejects.toThrow(/check constraint/i);
    expect(await index.sightings(['1111111111111111', '2222222222222222'])).toEqual(new Map());
    expect(await index.search('containerd-sandbox-recovery-failed')).toHaveLength(1);
    expect((await index.sightings([SANDBOX_FP])).get(SANDBOX_FP)).toHaveLength(1);
  });

  it('reads a store holding no index as an empty index, and writes nothing to it', async () => {
    await store.makeEmpty();
    const index = await open('read');
    expect(await index.sightings([SANDBOX_FP])).toEqual(new Map());
    expect(await index.search(SANDBOX_FP)).toEqual([]);
    await index.close();
    expect(await store.isUntouched()).toBe(true);
  });
});

describe('SQLite and PostgreSQL indexes', () => {
  let stores: Store[] = [];
  afterEach(async () => {
    for (const store of stores) await store.dispose();
    stores = [];
  });

  it('answer the same calls with the same results, field for field', async () => {
    stores = [await sqliteStore(), await postgresStore()];
    // Every optional field absent somewhere, times to the millisecond, a versions object whose keys are not sorted.
    const calls: IndexEntry[] = [
      entry('4711', [item(SANDBOX_FP), item(OOM_FP, { signature: 'kernel-oom-kill', severity: undefined, firstSeen: undefined, lastSeen: Number.NaN })]),
      {
        ...entry('SUP-12', [
          { fingerprint: 'fp1:template:9a0b', kind: 'unrecognised', title: 'failed to pull image <*>: <*> ✗', host: 'node-a,node-b', count: 2 },
          item(SANDBOX_FP, { host: undefined, count: 9_000_000_000 }),
        ], Date.parse('2025-04-01T08:00:00.123Z')),
        note: undefined,
        report: { hosts: ['node-a', 'node-b'], versions: { version: ['v1.32.1+k3s1'], containerd: ['v2.0.2-k3s2'], 'apiserver-version': [] }, toolVersion: '0.2.0', inputs: ['a.tgz', '-'] },
        source: { kind: 'report', name: 'a.json' },
      },
    ];
    const answers = [];
    for (const store of stores) {
      const index = await openIncidentIndex(store.location, { mode: 'write' });
      try {
        const added = [];
        for (const call of calls) added.push(await index.add(call));
        answers.push({
          added,
          bySignature: await index.search('containerd-sandbox-recovery-failed'),
          byFingerprint: await index.search('fp1:template:9a0b'),
          sightings: [...(await index.sightings([OOM_FP, 'fp1:template:9a0b', SANDBOX_FP, 'unknown']))],
        });
      } finally {
        await index.close();
      }
    }
    expect(answers[0]!.bySignature).toHaveLength(2);
    expect(JSON.stringify(answers[1])).toBe(JSON.stringify(answers[0]));
  });
});
