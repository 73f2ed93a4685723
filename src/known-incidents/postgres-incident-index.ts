import type { Client, QueryResultRow } from 'pg';
import type { Sighting } from '../model/incident.js';
import { IndexError, type AddResult, type IncidentIndex, type IndexEntry, type KnownIncident } from './incident-index.js';
import { knownIncidentFromRow, type ColumnReaders, type StoredItemRow } from './stored-item-row.js';
import { describePostgresLocation } from './postgres-location.js';
import { LATEST_POSTGRES_SCHEMA_VERSION, MIGRATIONS_TABLE_COMMENT, POSTGRES_MIGRATIONS } from './postgres-migrations.js';

export interface PostgresIndexOptions {
  /** `write` creates the tables when the schema holds none; `read` reads an empty schema as an empty index and creates nothing. */
  readonly mode: 'read' | 'write';
  /** How long to wait for a lock another writer holds (PostgreSQL's `lock_timeout`) before giving up as `locked`. Default 5000. */
  readonly lockTimeoutMs?: number;
  /** How long to wait for the server to answer a connection before giving up as `unreachable`. Default 10000. */
  readonly connectTimeoutMs?: number;
}

export const DEFAULT_LOCK_TIMEOUT_MS = 5000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** Items per INSERT: one statement per chunk keeps each message to the server bounded on a 40,000-incident report. */
const INSERT_CHUNK = 5000;

/**
 * Opens (creating or migrating as needed) the known-incident index in the PostgreSQL database `location`
 * (`postgres://user@host:port/db`) names, in the connection's current schema. The `pg` driver is loaded here, on
 * first use, so a run with a file index never loads it. A server that does not answer, refuses the login or has no
 * such database, and a schema holding another program's tables, are refused with an IndexError naming the server
 * without its password. Migrations run under an advisory lock, so two processes opening a fresh database at once
 * create the tables once.
 */
export async function openPostgresIncidentIndex(location: string, options: PostgresIndexOptions): Promise<IncidentIndex> {
  const server = describePostgresLocation(location);
  try {
    new URL(location);
  } catch {
    throw new IndexError('not-an-index', `index ${server} is not a valid connection URL (postgres://USER@HOST:PORT/DATABASE; not shown, it may hold a password)`);
  }
  const lockTimeoutMs = options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: location, connectionTimeoutMillis: connectTimeoutMs, application_name: 'logsift' });
  const connection = new Connection(client, server, lockTimeoutMs, connectTimeoutMs);
  try {
    await client.connect();
  } catch (error) {
    await connection.close();
    throw connection.connectFailure(error);
  }
  try {
    const version = await inspect(client, server);
    if (options.mode === 'read' && version === 0) return new PostgresIncidentIndex(connection, false);
    if (version < LATEST_POSTGRES_SCHEMA_VERSION) await migrate(client, lockTimeoutMs);
    return new PostgresIncidentIndex(connection, true);
  } catch (error) {
    await connection.close();
    throw connection.asIndexError(error);
  }
}

/** The client, and what became of it: a connection the server drops while idle is an `error` event, kept to explain the next call. */
class Connection {
  private lost: Error | undefined;
  private closed = false;

  constructor(
    readonly client: Client,
    readonly server: string,
    readonly lockTimeoutMs: number,
    private readonly connectTimeoutMs: number,
  ) {
    // Unhandled, an idle connection's error (server restarted, backend terminated) would end the process.
    client.on('error', (error) => {
      this.lost = error;
    });
  }

  /** The server's and the driver's errors as one line a support engineer can act on. Anything else is a bug and is returned as it is. */
  asIndexError(error: unknown): unknown {
    if (error instanceof IndexError) return error;
    const server = this.server;
    const code = (error as { code?: unknown }).code;
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    const unreachable = (why: string) => new IndexError('unreachable', `cannot reach PostgreSQL index ${server}: ${why}`);
    const lostConnection = (why: string) => new IndexError('unreachable', `lost the connection to PostgreSQL index ${server}: ${why}`);
    switch (code) {
      case 'ECONNREFUSED':
        return unreachable('connection refused (is the server running and listening there?)');
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return unreachable('no such host');
      case 'ETIMEDOUT':
      case 'EHOSTUNREACH':
      case 'ENETUNREACH':
        return unreachable(`no route to the server (${code})`);
      case 'ECONNRESET':
      case 'EPIPE':
        return lostConnection(code);
      case '28P01':
      case '28000':
        return new IndexError('denied', `PostgreSQL index ${server} refused the login: ${message}`);
      case '3D000':
        return new IndexError('missing', `PostgreSQL index ${server}: ${message} (create it: createdb)`);
      case '55P03':
        return new IndexError('locked', `PostgreSQL index ${server} is locked by another writer (waited ${this.lockTimeoutMs / 1000} s); left as it was, try again when it is done`);
      case '3F000':
        return new IndexError('unwritable', `cannot use PostgreSQL index ${server}: no schema to create its tables in (the connection's search_path names none that exists; create the schema first)`);
      case '42501':
      case '25006':
      case '53100':
        return new IndexError('unwritable', `cannot use PostgreSQL index ${server}: ${message}`);
      case 'XX001':
      case 'XX002':
        return new IndexError('damaged', `PostgreSQL index ${server} is damaged (${message})`);
    }
    if (typeof code === 'string' && (code.startsWith('08') || code.startsWith('57P') || code === '53300')) return lostConnection(message);
    if (this.lost !== undefined || /^Connection terminated|is not queryable/.test(message)) return lostConnection(this.lost?.message.split('\n')[0] ?? message);
    return error;
  }

  /**
   * Why the connection could not be made, always as an IndexError: before a session exists nothing is logsift's
   * bug (a TLS mismatch, another protocol on that port, a proxy that never answers).
   */
  connectFailure(error: unknown): IndexError {
    const known = this.asIndexError(error);
    if (known instanceof IndexError) return known;
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    const why = /timeout/i.test(message) ? `no answer within ${this.connectTimeoutMs / 1000} s (is a PostgreSQL server listening there?)` : message;
    return new IndexError('unreachable', `cannot reach PostgreSQL index ${this.server}: ${why}`);
  }

  /** Runs `work`; its failures come out as IndexErrors where they are about the server. */
  async guard<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) throw new IndexError('unwritable', `index ${this.server} is closed`);
    try {
      return await work();
    } catch (error) {
      throw this.asIndexError(error);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.client.end();
    } catch {
      // Already gone: nothing left to close.
    }
  }
}

interface TableRow {
  name: string;
  comment: string | null;
}

/** Reads what the current schema holds, without writing: the index's schema version, or an IndexError saying why it cannot be used. */
async function inspect(client: Client, server: string): Promise<number> {
  const { rows } = await client.query<TableRow>(`
    SELECT c.relname AS name, obj_description(c.oid, 'pg_class') AS comment
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
      AND c.relname IN ('schema_migrations', 'additions', 'incidents')`);
  const migrations = rows.find((row) => row.name === 'schema_migrations');
  if (rows.length > 0 && migrations?.comment !== MIGRATIONS_TABLE_COMMENT) {
    const names = rows.map((row) => row.name).sort().join(', ');
    const schema = (await client.query<{ schema: string }>('SELECT current_schema() AS schema')).rows[0]!.schema;
    throw new IndexError('not-an-index', `PostgreSQL index ${server}: schema "${schema}" holds tables (${names}) that are not a logsift index (left as they were; give the index its own database or schema)`);
  }
  if (migrations === undefined) return 0;
  const version = Number((await client.query<{ version: number | null }>('SELECT MAX(version) AS version FROM schema_migrations')).rows[0]!.version ?? 0);
  if (version > LATEST_POSTGRES_SCHEMA_VERSION) {
    throw new IndexError('newer-schema', `PostgreSQL index ${server} has schema version ${version}, written by a newer logsift (this one reads up to ${LATEST_POSTGRES_SCHEMA_VERSION}): upgrade logsift`);
  }
  return version;
}

/**
 * Applies the pending migrations, each in a transaction that first takes an advisory lock for this schema and then
 * re-reads the version: a second process opening at the same moment waits, then finds the work done. PostgreSQL's
 * DDL is transactional, so a migration interrupted at any point leaves nothing of itself.
 */
async function migrate(client: Client, lockTimeoutMs: number): Promise<void> {
  for (const migration of POSTGRES_MIGRATIONS) {
    await inTransaction(client, async () => {
      await client.query("SELECT set_config('lock_timeout', $1, true)", [`${lockTimeoutMs}ms`]);
      await client.query("SELECT pg_advisory_xact_lock(hashtext('logsift known-incident index'), hashtext(current_schema()))");
      // Looked up in the current schema itself: to_regclass would follow the search_path to another schema's table.
      const exists = (await client.query(`
        SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relname = 'schema_migrations'`)).rowCount === 1;
      if (!exists) {
        await client.query('CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)');
        await client.query(`COMMENT ON TABLE schema_migrations IS '${MIGRATIONS_TABLE_COMMENT}'`);
      }
      const current = Number((await client.query<{ version: number | null }>('SELECT MAX(version) AS version FROM schema_migrations')).rows[0]!.version ?? 0);
      if (current >= migration.version) return;
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, now())', [migration.version, migration.name]);
    });
  }
}

/** BEGIN … COMMIT around `work`; ROLLBACK when it throws (if the connection still stands: a lost one is rolled back by the server). */
async function inTransaction<T>(client: Client, work: () => Promise<T>, onCommit?: () => void): Promise<T> {
  await client.query('BEGIN');
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  onCommit?.();
  await client.query('COMMIT');
  return result;
}

interface ItemRow extends QueryResultRow, StoredItemRow<Date, string, unknown> {}

const iso = (ms: number | undefined): string | null => (ms === undefined || !Number.isFinite(ms) ? null : new Date(ms).toISOString());

class PostgresIncidentIndex implements IncidentIndex {
  constructor(
    private readonly connection: Connection,
    /** False for a schema without the tables, opened to read: nothing to find, nothing written. */
    private readonly hasSchema: boolean,
  ) {}

  async add(entry: IndexEntry): Promise<AddResult> {
    const { client, server, lockTimeoutMs } = this.connection;
    if (!this.hasSchema) throw new IndexError('unwritable', `index ${server} was opened to read`);
    let committing = false;
    const filing = this.connection.guard(() =>
      inTransaction(client, async (): Promise<AddResult> => {
        await client.query("SELECT set_config('lock_timeout', $1, true)", [`${lockTimeoutMs}ms`]);
        const r = entry.report;
        const additionId = (
          await client.query<{ id: string }>(
            `INSERT INTO additions (ticket, note, added_at, report_start, report_end, hosts, versions, tool_version, inputs, source_kind, source_name, source_sha256)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
            [
              entry.ticket, entry.note ?? null, iso(entry.added), iso(r.start), iso(r.end), JSON.stringify(r.hosts), JSON.stringify(r.versions),
              r.toolVersion, JSON.stringify(r.inputs), entry.source.kind, entry.source.name, entry.source.sha256 ?? null,
            ],
          )
        ).rows[0]!.id;
        // Counted before this addition's rows go in; they carry this ticket and would not count anyway.
        const fingerprints = [...new Set(entry.items.map((item) => item.fingerprint))];
        const knownElsewhere = await client.query<{ n: string }>(
          `SELECT COUNT(DISTINCT incidents.fingerprint) AS n FROM incidents JOIN additions ON additions.id = incidents.addition_id
           WHERE incidents.fingerprint = ANY($1::text[]) AND additions.ticket <> $2`,
          [fingerprints, entry.ticket],
        );
        for (let at = 0; at < entry.items.length; at += INSERT_CHUNK) {
          const chunk = entry.items.slice(at, at + INSERT_CHUNK);
          // One statement per chunk, rows in the report's order (ids ascend as SQLite's do).
          await client.query(
            `INSERT INTO incidents (addition_id, fingerprint, kind, signature, title, severity, host, first_seen, last_seen, count)
             SELECT $1, f, k, s, t, sev, h, fs, ls, c
             FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::timestamptz[], $10::bigint[])
                  WITH ORDINALITY AS u(f, k, s, t, sev, h, fs, ls, c, n)
             ORDER BY n`,
            [
              additionId,
              chunk.map((i) => i.fingerprint),
              chunk.map((i) => i.kind),
              chunk.map((i) => i.signature ?? null),
              chunk.map((i) => i.title),
              chunk.map((i) => i.severity ?? null),
              chunk.map((i) => i.host ?? null),
              chunk.map((i) => iso(i.firstSeen)),
              chunk.map((i) => iso(i.lastSeen)),
              chunk.map((i) => i.count),
            ],
          );
        }
        return { added: entry.items.length, seenBefore: Number(knownElsewhere.rows[0]!.n) };
      }, () => (committing = true)),
    );
    return filing.catch((error: unknown) => {
      if (!(error instanceof IndexError) || error.problem !== 'unreachable') throw error;
      // The server rolls back a transaction whose connection is gone; only a break during COMMIT leaves the outcome unknown.
      const outcome = committing ? 'the connection broke while committing, so the add may or may not be filed: check with logsift index search' : 'nothing of this add was filed';
      throw new IndexError('unreachable', `${error.message}; ${outcome}`);
    });
  }

  async sightings(fingerprints: readonly string[]): Promise<ReadonlyMap<string, readonly Sighting[]>> {
    const found = new Map<string, Sighting[]>();
    if (!this.hasSchema || fingerprints.length === 0) return found;
    const { client } = this.connection;
    return this.connection.guard(async () => {
      // One row per fingerprint and ticket: its first filing, with that filing's note. "C" collation: the byte order SQLite sorts in.
      const { rows } = await client.query<{ fingerprint: string; ticket: string; note: string | null; added_at: Date }>(
        `SELECT fingerprint, ticket, note, added_at FROM (
           SELECT DISTINCT ON (incidents.fingerprint, additions.ticket)
                  incidents.fingerprint, additions.ticket, additions.note, additions.added_at, additions.id
           FROM incidents JOIN additions ON additions.id = incidents.addition_id
           WHERE incidents.fingerprint = ANY($1::text[])
           ORDER BY incidents.fingerprint, additions.ticket, additions.added_at, additions.id
         ) AS first_filings
         ORDER BY fingerprint COLLATE "C", added_at DESC, id DESC`,
        [[...new Set(fingerprints)]],
      );
      for (const row of rows) {
        const list = found.get(row.fingerprint) ?? [];
        list.push({ ticket: row.ticket, added: row.added_at.getTime(), ...(row.note === null ? {} : { note: row.note }) });
        found.set(row.fingerprint, list);
      }
      return found;
    });
  }

  async search(term: string): Promise<readonly KnownIncident[]> {
    if (!this.hasSchema) return [];
    const { client } = this.connection;
    return this.connection.guard(async () => {
      const { rows } = await client.query<ItemRow>(
        `SELECT incidents.fingerprint, incidents.kind, incidents.signature, incidents.title, incidents.severity, incidents.host,
                incidents.first_seen, incidents.last_seen, incidents.count,
                additions.ticket, additions.note, additions.added_at, additions.report_start, additions.report_end, additions.hosts,
                additions.versions, additions.tool_version, additions.inputs, additions.source_kind, additions.source_name, additions.source_sha256
         FROM incidents JOIN additions ON additions.id = incidents.addition_id
         WHERE incidents.fingerprint = $1 OR incidents.signature = $1
         ORDER BY additions.added_at, additions.id, incidents.id`,
        [term],
      );
      return rows.map(knownIncident);
    });
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}

/** node-postgres gives timestamptz as Date, bigint counts as text and json columns parsed. */
const POSTGRES_COLUMNS: ColumnReaders<Date, string, unknown> = { time: (date) => date.getTime(), count: Number, json: (value) => value };

function knownIncident(row: ItemRow): KnownIncident {
  return knownIncidentFromRow(row, POSTGRES_COLUMNS);
}
