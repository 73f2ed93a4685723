import { createServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IndexError, type IncidentIndex } from '../../src/known-incidents/incident-index.js';
import { openPostgresIncidentIndex } from '../../src/known-incidents/postgres-incident-index.js';
import { LATEST_POSTGRES_SCHEMA_VERSION } from '../../src/known-incidents/postgres-migrations.js';
import { entry, item, OOM_FP, SANDBOX_FP } from './index-entries.js';
import { freshSchema, TEST_POSTGRES_URL, type TestSchema } from './postgres-test-database.js';

/*
 * What only a server index has to get right: the schema it creates in a shared database, tables it must not take
 * for its own, a server that is not there or refuses the login, another writer's lock, and a connection the server
 * drops while an add is half done or while the index sits idle during an analysis. The behaviour both indexes
 * share is in incident-index-contract.test.ts.
 */

let schema: TestSchema;
const opened: IncidentIndex[] = [];
beforeEach(async () => {
  schema = await freshSchema();
});
afterEach(async () => {
  for (const index of opened.splice(0)) await index.close();
  await schema.drop();
});

async function open(mode: 'read' | 'write' = 'write', options: { lockTimeoutMs?: number } = {}): Promise<IncidentIndex> {
  const index = await openPostgresIncidentIndex(schema.url, { mode, ...options });
  opened.push(index);
  return index;
}

async function expectIndexError(promise: Promise<unknown>, problem: IndexError['problem'], message: RegExp): Promise<IndexError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(IndexError);
  expect((error as IndexError).message).toMatch(message);
  expect((error as IndexError).problem).toBe(problem);
  expect((error as IndexError).message).not.toContain('\n');
  return error as IndexError;
}

const tablesOf = async (s: TestSchema) =>
  (await s.query<{ tablename: string }>('SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY tablename', [s.name])).rows.map((r) => r.tablename);

/** The server process of this test's index connection, once it waits as `waitEventType` (or at all). */
async function backendOf(s: TestSchema, waitEventType?: string): Promise<number> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const { rows } = await s.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND ($2::text IS NULL OR wait_event_type = $2)',
      [s.name, waitEventType ?? null],
    );
    if (rows.length === 1) return rows[0]!.pid;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no single index connection of ${s.name}${waitEventType ? ` waiting on a ${waitEventType}` : ''} appeared`);
}

describe('the PostgreSQL known-incident index', () => {
  it('creates its tables in the connection\'s schema, with the migrations recorded and marked as logsift\'s', async () => {
    const index = await open();
    await index.add(entry('4711', [item(SANDBOX_FP)]));
    expect(await tablesOf(schema)).toEqual(['additions', 'incidents', 'schema_migrations']);
    expect((await schema.query('SELECT version, name FROM schema_migrations')).rows).toEqual([{ version: 1, name: 'additions and incidents' }]);
    expect(LATEST_POSTGRES_SCHEMA_VERSION).toBe(1);
    expect((await schema.query("SELECT obj_description('schema_migrations'::regclass, 'pg_class') AS comment")).rows[0]).toEqual({ comment: 'logsift known-incident index' });
    // Times as timestamptz, lists as json text kept as written: psql shows what SQLite's file holds.
    expect((await schema.query('SELECT ticket, added_at::text AS added_at, hosts::text AS hosts, versions::text AS versions FROM additions')).rows).toEqual([
      { ticket: '4711', added_at: '2025-03-02 09:00:00+00', hosts: '["k3s-node-03"]', versions: '{"version":["v1.7.23-k3s2"]}' },
    ]);
  });

  it('creates the tables once when several processes open a fresh database at the same moment', async () => {
    const indexes = await Promise.all(Array.from({ length: 6 }, () => open()));
    await Promise.all(indexes.map((index, n) => index.add(entry(`T-${n}`, [item(SANDBOX_FP)]))));
    expect((await schema.query('SELECT COUNT(*)::int AS n FROM schema_migrations')).rows[0]).toEqual({ n: 1 });
    expect((await indexes[0]!.sightings([SANDBOX_FP])).get(SANDBOX_FP)).toHaveLength(6);
  });

  it('keeps to its own schema when the search_path goes on to a schema with another program\'s tables', async () => {
    const other = `${schema.name}_rails`;
    await schema.query(`CREATE SCHEMA ${other}; CREATE TABLE ${other}.schema_migrations (version varchar PRIMARY KEY); INSERT INTO ${other}.schema_migrations VALUES ('20240101120000')`);
    try {
      const url = new URL(schema.url);
      url.searchParams.set('options', `-c search_path=${schema.name},${other}`);
      const index = await openPostgresIncidentIndex(url.toString(), { mode: 'write' });
      await index.add(entry('4711', [item(SANDBOX_FP)]));
      expect((await index.search(SANDBOX_FP)).map((k) => k.ticket)).toEqual(['4711']);
      await index.close();
      expect(await tablesOf(schema)).toEqual(['additions', 'incidents', 'schema_migrations']);
      expect((await schema.query(`SELECT version FROM ${other}.schema_migrations`)).rows).toEqual([{ version: '20240101120000' }]);
    } finally {
      await schema.query(`DROP SCHEMA ${other} CASCADE`);
    }
  });

  describe('refuses, with one line naming the server, and leaves the database as it was', () => {
    it('a schema holding another program\'s schema_migrations (a Rails or Flyway-style table)', async () => {
      await schema.query('CREATE TABLE schema_migrations (version varchar PRIMARY KEY)');
      await schema.query("INSERT INTO schema_migrations VALUES ('20240101120000')");
      for (const mode of ['read', 'write'] as const) {
        await expectIndexError(
          open(mode),
          'not-an-index',
          new RegExp(`^PostgreSQL index postgres://postgres@127\\.0\\.0\\.1:5432/test: schema "${schema.name}" holds tables \\(schema_migrations\\) that are not a logsift index`),
        );
      }
      expect(await tablesOf(schema)).toEqual(['schema_migrations']);
    });

    it('a schema with another program\'s incidents table', async () => {
      await schema.query('CREATE TABLE incidents (id serial PRIMARY KEY, summary text)');
      await expectIndexError(open('write'), 'not-an-index', /holds tables \(incidents\) that are not a logsift index/);
      expect(await tablesOf(schema)).toEqual(['incidents']);
    });

    it('an index written by a newer logsift', async () => {
      await (await open()).add(entry('4711', [item(SANDBOX_FP)]));
      await schema.query("INSERT INTO schema_migrations VALUES ($1, 'from the future', now())", [LATEST_POSTGRES_SCHEMA_VERSION + 1]);
      for (const mode of ['read', 'write'] as const) {
        await expectIndexError(
          open(mode),
          'newer-schema',
          new RegExp(`has schema version ${LATEST_POSTGRES_SCHEMA_VERSION + 1}, written by a newer logsift \\(this one reads up to ${LATEST_POSTGRES_SCHEMA_VERSION}\\): upgrade logsift$`),
        );
      }
    });

    it('a server that is not listening, without printing the password', async () => {
      const error = await expectIndexError(
        openPostgresIncidentIndex('postgres://support:s3cret-pw@127.0.0.1:1/test?sslmode=disable&password=s3cret-pw', { mode: 'write' }),
        'unreachable',
        /^cannot reach PostgreSQL index postgres:\/\/support@127\.0\.0\.1:1\/test: connection refused \(is the server running and listening there\?\)$/,
      );
      expect(error.message).not.toContain('s3cret');
    });

    it('a port where something else listens and never answers', async () => {
      const sockets = new Set<Socket>();
      const silent = createServer((socket) => sockets.add(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const port = (silent.address() as AddressInfo).port;
      try {
        await expectIndexError(
          openPostgresIncidentIndex(`postgres://postgres@127.0.0.1:${port}/test`, { mode: 'read', connectTimeoutMs: 300 }),
          'unreachable',
          new RegExp(`^cannot reach PostgreSQL index postgres://postgres@127\\.0\\.0\\.1:${port}/test: no answer within 0\\.3 s \\(is a PostgreSQL server listening there\\?\\)$`),
        );
      } finally {
        for (const socket of sockets) socket.destroy();
        await new Promise((resolve) => silent.close(resolve));
      }
    });

    it('a TLS connection asked of a server that does not offer it', async () => {
      const url = new URL(TEST_POSTGRES_URL);
      url.searchParams.set('sslmode', 'verify-full');
      const ssl = (await schema.query<{ ssl: string }>('SHOW ssl')).rows[0]!.ssl;
      const opened = openPostgresIncidentIndex(url.toString(), { mode: 'read' });
      // This test server has TLS off (Debian's default cluster has it on, with a certificate no client trusts).
      if (ssl === 'off') await expectIndexError(opened, 'unreachable', /^cannot reach PostgreSQL index postgres:\/\/postgres@127\.0\.0\.1:5432\/test: The server does not support SSL connections$/);
      else await expectIndexError(opened, 'unreachable', /^cannot reach PostgreSQL index postgres:\/\/postgres@127\.0\.0\.1:5432\/test: .+/);
    });

    it('a host name that does not resolve', async () => {
      await expectIndexError(openPostgresIncidentIndex('postgresql://postgres@no-such-host.invalid/test', { mode: 'read' }), 'unreachable', /^cannot reach PostgreSQL index postgresql:\/\/postgres@no-such-host\.invalid\/test: no such host$/);
    });

    it('a login the server refuses', async () => {
      const url = new URL(TEST_POSTGRES_URL);
      url.username = 'no_such_logsift_role';
      await expectIndexError(openPostgresIncidentIndex(url.toString(), { mode: 'read' }), 'denied', /^PostgreSQL index postgres:\/\/no_such_logsift_role@.* refused the login: role "no_such_logsift_role" does not exist$/);
    });

    it('a database that does not exist', async () => {
      const url = new URL(TEST_POSTGRES_URL);
      url.pathname = '/no_such_logsift_db';
      await expectIndexError(openPostgresIncidentIndex(url.toString(), { mode: 'write' }), 'missing', /^PostgreSQL index postgres:\/\/.*\/no_such_logsift_db: database "no_such_logsift_db" does not exist \(create it: createdb\)$/);
    });

    it('a search_path naming no schema that exists: nothing to create the tables in', async () => {
      const url = new URL(schema.url);
      url.searchParams.set('options', `-c search_path=${schema.name}_absent`);
      await expectIndexError(openPostgresIncidentIndex(url.toString(), { mode: 'write' }), 'unwritable', /^cannot use PostgreSQL index postgres:\/\/postgres@127\.0\.0\.1:5432\/test: no schema to create its tables in/);
      // Reading finds an empty index there, and creates nothing either.
      const reader = await openPostgresIncidentIndex(url.toString(), { mode: 'read' });
      expect(await reader.search(SANDBOX_FP)).toEqual([]);
      await reader.close();
      expect((await schema.query('SELECT COUNT(*)::int AS n FROM pg_namespace WHERE nspname = $1', [`${schema.name}_absent`])).rows[0]).toEqual({ n: 0 });
    });

    it('a string that is not a URL, without echoing it', async () => {
      const error = await expectIndexError(openPostgresIncidentIndex('postgres://support:pw@[db', { mode: 'read' }), 'not-an-index', /^index postgres:\/\/… is not a valid connection URL/);
      expect(error.message).not.toContain('pw@');
    });

    it('a table another writer holds locked past the lock timeout', async () => {
      const index = await open('write', { lockTimeoutMs: 300 });
      await index.add(entry('4711', [item(SANDBOX_FP)]));
      await schema.query('BEGIN');
      await schema.query('LOCK TABLE incidents IN EXCLUSIVE MODE');
      try {
        await expectIndexError(index.add(entry('5000', [item(OOM_FP)])), 'locked', /is locked by another writer \(waited 0\.3 s\); left as it was, try again when it is done$/);
        // Readers are not blocked by that writer: "seen before" lookups keep working meanwhile.
        expect((await index.sightings([SANDBOX_FP])).get(SANDBOX_FP)?.[0]?.ticket).toBe('4711');
      } finally {
        await schema.query('ROLLBACK');
      }
      expect((await schema.query("SELECT COUNT(*)::int AS n FROM additions WHERE ticket = '5000'")).rows[0]).toEqual({ n: 0 });
    });
  });

  it('keeps nothing of an add whose connection the server ends half-way, and says so', async () => {
    const index = await open('write', { lockTimeoutMs: 60_000 });
    await index.add(entry('4711', [item(SANDBOX_FP)]));
    // Hold the add after its additions row is written, inside its transaction; then end its server process.
    await schema.query('BEGIN');
    await schema.query('LOCK TABLE incidents IN EXCLUSIVE MODE');
    try {
      // Settled at once, so its rejection is never unhandled while the test ends the backend.
      const settled = index.add(entry('CUT-1', Array.from({ length: 50 }, (_, n) => item(`cut-${n}`)))).then((result) => result, (error: unknown) => error);
      const pid = await backendOf(schema, 'Lock');
      await schema.query('SELECT pg_terminate_backend($1)', [pid]);
      await expectIndexError(settled.then((outcome) => Promise.reject(outcome)), 'unreachable', /^lost the connection to PostgreSQL index postgres:\/\/postgres@127\.0\.0\.1:5432\/test: .*; nothing of this add was filed$/);
    } finally {
      await schema.query('ROLLBACK');
    }
    expect((await schema.query("SELECT COUNT(*)::int AS n FROM additions WHERE ticket = 'CUT-1'")).rows[0]).toEqual({ n: 0 });
    expect((await schema.query("SELECT COUNT(*)::int AS n FROM incidents WHERE fingerprint LIKE 'cut-%'")).rows[0]).toEqual({ n: 0 });
    expect((await schema.query('SELECT COUNT(*)::int AS n FROM incidents')).rows[0]).toEqual({ n: 1 });
    // Using the index afterwards says the same, instead of hanging or crashing.
    await expectIndexError(index.sightings([SANDBOX_FP]), 'unreachable', /^lost the connection to PostgreSQL index/);
  });

  it('reports a connection dropped while the index sat idle (a long analysis) at the next lookup, without crashing', async () => {
    await (await open()).add(entry('4711', [item(SANDBOX_FP)]));
    const reader = await open('read');
    const pids = (await schema.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [schema.name])).rows.map((r) => r.pid);
    expect(pids).toHaveLength(2);
    for (const pid of pids) await schema.query('SELECT pg_terminate_backend($1)', [pid]);
    // The server's goodbye arrives as an 'error' event on the idle client; unhandled, it would end the process.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expectIndexError(reader.sightings([SANDBOX_FP]), 'unreachable', /^lost the connection to PostgreSQL index postgres:\/\/postgres@127\.0\.0\.1:5432\/test: /);
  });
});
