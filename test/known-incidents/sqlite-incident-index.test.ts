import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IndexError } from '../../src/known-incidents/incident-index.js';
import { openSqliteIncidentIndex } from '../../src/known-incidents/sqlite-incident-index.js';
import { LATEST_SCHEMA_VERSION } from '../../src/known-incidents/sqlite-migrations.js';
import { entry, item, OOM_FP, SANDBOX_FP } from './index-entries.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'logsift-index-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

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

// The behaviour every index shares (lookups, search, all-or-nothing adds) is in incident-index-contract.test.ts.
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

  it('reads a missing file as "missing" without creating it', async () => {
    const path = join(dir, 'absent.sqlite');
    await expectIndexError(openSqliteIncidentIndex(path, { mode: 'read' }), 'missing', /^no index at .*absent\.sqlite/);
    expect(existsSync(path)).toBe(false);
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
