import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Sighting } from '../model/incident.js';
import { IndexError, type AddResult, type IncidentIndex, type IndexEntry, type KnownIncident } from './incident-index.js';
import { knownIncidentFromRow, type ColumnReaders, type StoredItemRow } from './stored-item-row.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './sqlite-migrations.js';

export interface SqliteIndexOptions {
  /** `write` creates a missing file (and its folder) and checks the file before changing it; `read` refuses a missing file. */
  readonly mode: 'read' | 'write';
  /** How long to wait for another writer before giving up as `locked` (SQLite's busy timeout). Default 5000. */
  readonly busyTimeoutMs?: number;
}

export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/** `PRAGMA application_id` of a logsift index ("lsft"): tells our file from any other SQLite database. */
const APPLICATION_ID = 0x6c736674;

/** A bound on host parameters per statement, well under SQLite's limit. */
const LOOKUP_CHUNK = 500;

/**
 * Opens (creating or migrating as needed) the SQLite index at `path`. The file is looked at before anything is
 * written to it: a file that is not SQLite, a damaged one, another program's database or one written by a newer
 * logsift is refused with an IndexError and left byte for byte as it was. WAL journal, FULL sync: an `add` killed at
 * any point leaves the index as before it or with all of it.
 */
export async function openSqliteIncidentIndex(path: string, options: SqliteIndexOptions): Promise<IncidentIndex> {
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  const exists = existsSync(path);
  if (!exists && options.mode === 'read') throw new IndexError('missing', `no index at ${path} (logsift index add creates one)`);
  if (exists && statSync(path).isDirectory()) throw new IndexError('not-an-index', `index ${path} is a directory, not an index file`);
  if (!exists) {
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (error) {
      throw new IndexError('unwritable', `cannot create the folder of index ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: busyTimeoutMs, fileMustExist: exists });
  } catch (error) {
    throw asIndexError(error, path, busyTimeoutMs);
  }
  try {
    const version = inspect(db, path, options.mode);
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = FULL');
    if (options.mode === 'read' && version === 0) return new SqliteIncidentIndex(db, path, busyTimeoutMs, false);
    if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
    // Only a pending migration takes the write lock: an up-to-date index opens even while another writer holds it.
    if (version < LATEST_SCHEMA_VERSION) migrate(db);
    return new SqliteIncidentIndex(db, path, busyTimeoutMs, true);
  } catch (error) {
    db.close();
    throw asIndexError(error, path, busyTimeoutMs);
  }
}

/** Reads what the file is, without writing: its schema version, or an IndexError saying why it cannot be used. */
function inspect(db: Database.Database, path: string, mode: 'read' | 'write'): number {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  if (tables.length > 0 && (!tables.includes('schema_migrations') || (applicationId !== 0 && applicationId !== APPLICATION_ID))) {
    throw new IndexError('not-an-index', `${path} is an SQLite database but not a logsift index (left as it was)`);
  }
  const version = tables.includes('schema_migrations')
    ? ((db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get() as number | null) ?? 0)
    : 0;
  if (version > LATEST_SCHEMA_VERSION) {
    throw new IndexError('newer-schema', `index ${path} has schema version ${version}, written by a newer logsift (this one reads up to ${LATEST_SCHEMA_VERSION}): upgrade logsift`);
  }
  // Before writing, prove the file whole: SQLite only notices damage on the pages a statement happens to touch.
  if (mode === 'write' && version > 0) {
    const problems = db.pragma('quick_check', { simple: false }) as { quick_check: string }[];
    if (problems.length !== 1 || problems[0]!.quick_check !== 'ok') {
      throw new IndexError('damaged', `index ${path} is damaged (${problems[0]?.quick_check ?? 'integrity check failed'}); left as it was`);
    }
  }
  return version;
}

/** Applies the pending migrations, each in a write transaction that re-reads the version (another process may be migrating too). */
function migrate(db: Database.Database): void {
  for (const migration of MIGRATIONS) {
    db.transaction(() => {
      db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
      const current = (db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get() as number | null) ?? 0;
      if (current >= migration.version) return;
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, new Date().toISOString());
      db.pragma(`application_id = ${APPLICATION_ID}`);
    }).immediate();
  }
}

/** SQLite's result codes, as one line a support engineer can act on. Anything else is a bug and is rethrown. */
function asIndexError(error: unknown, path: string, busyTimeoutMs: number): unknown {
  if (error instanceof IndexError) return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return error;
  const detail = (error as Error).message.split('\n')[0];
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new IndexError('locked', `index ${path} is locked by another writer (waited ${busyTimeoutMs / 1000} s); left as it was, try again when it is done`);
  }
  if (code === 'SQLITE_NOTADB') return new IndexError('damaged', `${path} is not a logsift index: not an SQLite database, or its header is damaged (left as it was)`);
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_IOERR_SHORT_READ') return new IndexError('damaged', `index ${path} is damaged (${detail}); left as it was`);
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM' || code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR')) {
    return new IndexError('unwritable', `cannot use index ${path}: ${detail}`);
  }
  return error;
}

type ItemRow = StoredItemRow<string, number, string>;

const iso = (ms: number | undefined): string | null => (ms === undefined || !Number.isFinite(ms) ? null : new Date(ms).toISOString());

class SqliteIncidentIndex implements IncidentIndex {
  constructor(
    private readonly db: Database.Database,
    private readonly path: string,
    private readonly busyTimeoutMs: number,
    /** False for an empty file opened to read: no tables, nothing to find, nothing written. */
    private readonly hasSchema: boolean,
  ) {}

  private guard<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw asIndexError(error, this.path, this.busyTimeoutMs);
    }
  }

  async add(entry: IndexEntry): Promise<AddResult> {
    if (!this.hasSchema) throw new IndexError('unwritable', `index ${this.path} was opened to read`);
    return this.guard(() => {
      const db = this.db;
      const insertAddition = db.prepare(`
        INSERT INTO additions (ticket, note, added_at, report_start, report_end, hosts, versions, tool_version, inputs, source_kind, source_name, source_sha256)
        VALUES (@ticket, @note, @added_at, @report_start, @report_end, @hosts, @versions, @tool_version, @inputs, @source_kind, @source_name, @source_sha256)`);
      const insertItem = db.prepare(`
        INSERT INTO incidents (addition_id, fingerprint, kind, signature, title, severity, host, first_seen, last_seen, count)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      const knownElsewhere = db.prepare('SELECT 1 FROM incidents JOIN additions ON additions.id = incidents.addition_id WHERE fingerprint = ? AND ticket <> ? LIMIT 1').pluck();
      const run = db.transaction((): AddResult => {
        const r = entry.report;
        const additionId = insertAddition.run({
          ticket: entry.ticket,
          note: entry.note ?? null,
          added_at: iso(entry.added),
          report_start: iso(r.start),
          report_end: iso(r.end),
          hosts: JSON.stringify(r.hosts),
          versions: JSON.stringify(r.versions),
          tool_version: r.toolVersion,
          inputs: JSON.stringify(r.inputs),
          source_kind: entry.source.kind,
          source_name: entry.source.name,
          source_sha256: entry.source.sha256 ?? null,
        }).lastInsertRowid;
        let seenBefore = 0;
        const counted = new Set<string>();
        for (const item of entry.items) {
          if (!counted.has(item.fingerprint)) {
            counted.add(item.fingerprint);
            if (knownElsewhere.get(item.fingerprint, entry.ticket) !== undefined) seenBefore++;
          }
          insertItem.run(additionId, item.fingerprint, item.kind, item.signature ?? null, item.title, item.severity ?? null, item.host ?? null, iso(item.firstSeen), iso(item.lastSeen), item.count);
        }
        return { added: entry.items.length, seenBefore };
      });
      return run.immediate();
    });
  }

  async sightings(fingerprints: readonly string[]): Promise<ReadonlyMap<string, readonly Sighting[]>> {
    const found = new Map<string, Sighting[]>();
    if (!this.hasSchema) return found;
    const unique = [...new Set(fingerprints)];
    return this.guard(() => {
      for (let at = 0; at < unique.length; at += LOOKUP_CHUNK) {
        const chunk = unique.slice(at, at + LOOKUP_CHUNK);
        // One row per fingerprint and ticket: its first filing, with that filing's note.
        const rows = this.db.prepare(`
          SELECT fingerprint, ticket, note, added_at FROM (
            SELECT incidents.fingerprint, additions.ticket, additions.note, additions.added_at, additions.id,
                   ROW_NUMBER() OVER (PARTITION BY incidents.fingerprint, additions.ticket ORDER BY additions.added_at, additions.id) AS filing
            FROM incidents JOIN additions ON additions.id = incidents.addition_id
            WHERE incidents.fingerprint IN (${chunk.map(() => '?').join(', ')})
          ) WHERE filing = 1
          ORDER BY fingerprint, added_at DESC, id DESC`).all(...chunk) as { fingerprint: string; ticket: string; note: string | null; added_at: string }[];
        for (const row of rows) {
          const list = found.get(row.fingerprint) ?? [];
          list.push({ ticket: row.ticket, added: Date.parse(row.added_at), ...(row.note === null ? {} : { note: row.note }) });
          found.set(row.fingerprint, list);
        }
      }
      return found;
    });
  }

  async search(term: string): Promise<readonly KnownIncident[]> {
    if (!this.hasSchema) return [];
    return this.guard(() => {
      const rows = this.db.prepare(`
        SELECT incidents.*, additions.*
        FROM incidents JOIN additions ON additions.id = incidents.addition_id
        WHERE fingerprint = @term OR signature = @term
        ORDER BY additions.added_at, additions.id, incidents.id`).all({ term }) as ItemRow[];
      return rows.map(knownIncident);
    });
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

/** SQLite keeps times as ISO text and lists as JSON text. */
const SQLITE_COLUMNS: ColumnReaders<string, number, string> = { time: Date.parse, count: (n) => n, json: (text) => JSON.parse(text) };

function knownIncident(row: ItemRow): KnownIncident {
  return knownIncidentFromRow(row, SQLITE_COLUMNS);
}
