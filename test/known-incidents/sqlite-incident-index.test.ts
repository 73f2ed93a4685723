import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IndexError, type IndexEntry, type IndexedItem } from '../../src/known-incidents/incident-index.js';
import { openSqliteIncidentIndex } from '../../src/known-incidents/sqlite-incident-index.js';
import { LATEST_SCHEMA_VERSION } from '../../src/known-incidents/sqlite-migrations.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'logsift-index-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const SANDBOX_FP = 'fp1:containerd-sandbox-recovery-failed:57641900e54d';
const OOM_FP = 'fp1:kernel-oom-kill:3f9c1e0a77b2';

function item(fingerprint: string, overrides: Partial<IndexedItem> = {}): IndexedItem {
  return {
    fingerprint,
    kind: 'incident',
    signature: 'containerd-sandbox-recovery-failed',
    title: 'containerd cannot recover pod sandboxes after an unclean shutdown',
    severity: 'critical',
    host: 'k3s-node-03',
    firstSeen: Date.parse('2025-03-14T14:25:15.518Z'),
    lastSeen: Date.parse('2025-03-14T14:26:02.000Z'),
    count: 6,
    ...overrides,
  };
}

function entry(ticket: string, items: readonly IndexedItem[], added = Date.parse('2025-03-02T09:00:00Z')): IndexEntry {
  return {
    ticket,
    note: 'power cut; containerd state wiped',
    added,
    report: {
      start: Date.parse('2025-03-14T06:00:00Z'),
      end: Date.parse('2025-03-14T14:30:00Z'),
      hosts: ['k3s-node-03'],
      versions: { version: ['v1.7.23-k3s2'] },
      toolVersion: '0.1.0',
      inputs: ['k3s-node-03-support.tgz'],
    },
    source: { kind: 'bundle', name: 'k3s-node-03-support.tgz', sha256: 'a'.repeat(64) },
    items,
  };
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

async function expectIndexError(promise: Promise<unknown>, problem: IndexError['problem'], message: RegExp): Promise<void> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(IndexError);
  expect((error as IndexError).problem).toBe(problem);
  expect((error as IndexError).message).toMatch(message);
  expect((error as IndexError).message).not.toContain('\n');
}

/** A valid index holding one addition, closed (checkpointed into the main file). */
async function seededIndex(path: string): Promise<void> {
  const index = await openSqliteIncidentIndex(path, { mode: 'write' });
  await index.add(entry('4711', [item(SANDBOX_FP)]));
  await index.close();
}

describe('the SQLite known-incident index', () => {
  it('creates the file and its folder, in WAL mode, with the migrations recorded', async () => {
    const path = join(dir, 'nested', 'data', 'known-incidents.sqlite');
    await seededIndex(path);
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare('SELECT version, name FROM schema_migrations').all()).toEqual([{ version: 1, name: 'additions and incidents' }]);
    expect(LATEST_SCHEMA_VERSION).toBe(1);
    expect(db.prepare('SELECT ticket, source_name, hosts, versions FROM additions').get()).toEqual({
      ticket: '4711', source_name: 'k3s-node-03-support.tgz', hosts: '["k3s-node-03"]', versions: '{"version":["v1.7.23-k3s2"]}',
    });
    db.close();
  });

  it('finds the tickets a fingerprint was filed under, newest first, one per ticket, with the note', async () => {
    const path = join(dir, 'i.sqlite');
    const index = await openSqliteIncidentIndex(path, { mode: 'write' });
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
    await index.close();
  });

  it('looks up thousands of fingerprints at once', async () => {
    const path = join(dir, 'i.sqlite');
    const index = await openSqliteIncidentIndex(path, { mode: 'write' });
    const fingerprints = Array.from({ length: 1700 }, (_, n) => n.toString(16).padStart(16, '0'));
    await index.add(entry('T-1', fingerprints.map((f) => item(f))));
    const found = await index.sightings(fingerprints);
    expect(found.size).toBe(1700);
    await index.close();
  });

  it('searches by fingerprint or by signature id, with the addition each came from', async () => {
    const path = join(dir, 'i.sqlite');
    const index = await openSqliteIncidentIndex(path, { mode: 'write' });
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
    await index.close();
  });

  it('stores a ticket id with shell metacharacters and quotes exactly as given', async () => {
    const path = join(dir, 'i.sqlite');
    const ticket = `SUP-1'; DROP TABLE additions; -- $(rm -rf /) "x" ✓`;
    const index = await openSqliteIncidentIndex(path, { mode: 'write' });
    await index.add(entry(ticket, [item(SANDBOX_FP)]));
    expect((await index.sightings([SANDBOX_FP])).get(SANDBOX_FP)?.[0]?.ticket).toBe(ticket);
    await index.close();
  });

  it('writes nothing of an addition that fails part-way', async () => {
    const path = join(dir, 'i.sqlite');
    await seededIndex(path);
    const index = await openSqliteIncidentIndex(path, { mode: 'write' });
    // The 3rd item breaks the kind CHECK constraint after two rows are inserted.
    const broken = [item('1111111111111111'), item('2222222222222222'), { ...item('3333333333333333'), kind: 'other' as 'incident' }];
    await expect(index.add(entry('9999', broken))).rejects.toThrow(/CHECK constraint/);
    expect(await index.sightings(['1111111111111111', '2222222222222222'])).toEqual(new Map());
    expect((await index.sightings([SANDBOX_FP])).get(SANDBOX_FP)).toHaveLength(1);
    await index.close();
  });

  it('reads a missing file as "missing" without creating it', async () => {
    const path = join(dir, 'absent.sqlite');
    await expectIndexError(openSqliteIncidentIndex(path, { mode: 'read' }), 'missing', /^no index at .*absent\.sqlite/);
    expect(existsSync(path)).toBe(false);
  });

  it('reads an empty file as an empty index and leaves it empty', async () => {
    const path = join(dir, 'empty.sqlite');
    writeFileSync(path, '');
    const index = await openSqliteIncidentIndex(path, { mode: 'read' });
    expect(await index.sightings([SANDBOX_FP])).toEqual(new Map());
    expect(await index.search(SANDBOX_FP)).toEqual([]);
    await index.close();
    expect(statSync(path).size).toBe(0);
  });

  describe('refuses, with one line, and leaves the file as it was', () => {
    it('a file that is not SQLite', async () => {
      const path = join(dir, 'notes.sqlite');
      writeFileSync(path, 'ticket 4711: containerd sandbox recovery after power loss\n'.repeat(200));
      const before = sha256(path);
      for (const mode of ['read', 'write'] as const) {
        await expectIndexError(openSqliteIncidentIndex(path, { mode }), 'damaged', /notes\.sqlite is not a logsift index: not an SQLite database/);
      }
      expect(sha256(path)).toBe(before);
    });

    it('a truncated index', async () => {
      const path = join(dir, 'cut.sqlite');
      const index = await openSqliteIncidentIndex(path, { mode: 'write' });
      await index.add(entry('4711', Array.from({ length: 3000 }, (_, n) => item(`cut${n}`.padEnd(16, '0')))));
      await index.close();
      truncateSync(path, Math.floor(statSync(path).size / 2));
      const before = sha256(path);
      for (const mode of ['read', 'write'] as const) {
        const opened = openSqliteIncidentIndex(path, { mode }).then(async (i) => {
          try {
            await i.search('containerd-sandbox-recovery-failed');
          } finally {
            await i.close();
          }
        });
        await expectIndexError(opened, 'damaged', /^index .*cut\.sqlite is damaged \(.*\); left as it was$/);
      }
      expect(sha256(path)).toBe(before);
    });

    it('another program\'s SQLite database', async () => {
      const path = join(dir, 'other.sqlite');
      const other = new Database(path);
      other.exec('CREATE TABLE tickets (id TEXT)');
      other.close();
      const before = sha256(path);
      await expectIndexError(openSqliteIncidentIndex(path, { mode: 'write' }), 'not-an-index', /other\.sqlite is an SQLite database but not a logsift index/);
      expect(sha256(path)).toBe(before);
    });

    it('an index written by a newer logsift', async () => {
      const path = join(dir, 'newer.sqlite');
      await seededIndex(path);
      const newer = new Database(path);
      newer.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(LATEST_SCHEMA_VERSION + 1, 'from the future', '2027-01-01T00:00:00.000Z');
      newer.close();
      const before = sha256(path);
      for (const mode of ['read', 'write'] as const) {
        await expectIndexError(
          openSqliteIncidentIndex(path, { mode }),
          'newer-schema',
          new RegExp(`^index .*newer\\.sqlite has schema version ${LATEST_SCHEMA_VERSION + 1}, written by a newer logsift \\(this one reads up to ${LATEST_SCHEMA_VERSION}\\): upgrade logsift$`),
        );
      }
      expect(sha256(path)).toBe(before);
    });

    it('an index another writer holds past the busy timeout', async () => {
      const path = join(dir, 'busy.sqlite');
      await seededIndex(path);
      const before = sha256(path);
      const holder = new Database(path);
      holder.exec('BEGIN IMMEDIATE');
      holder.prepare("UPDATE additions SET note = 'being edited'").run();
      try {
        const index = await openSqliteIncidentIndex(path, { mode: 'write', busyTimeoutMs: 300 });
        await expectIndexError(index.add(entry('5000', [item(OOM_FP)])), 'locked', /^index .*busy\.sqlite is locked by another writer \(waited 0\.3 s\); left as it was, try again when it is done$/);
        // Readers are not blocked by a writer (WAL): "seen before" lookups keep working meanwhile.
        expect((await index.sightings([SANDBOX_FP])).get(SANDBOX_FP)?.[0]?.ticket).toBe('4711');
        await index.close();
        expect(sha256(path)).toBe(before);
      } finally {
        holder.exec('ROLLBACK');
        holder.close();
      }
    });
  });
});
