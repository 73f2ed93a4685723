/**
 * The SQLite index schema, as numbered migrations applied in order, each in its own transaction and recorded in
 * `schema_migrations`. Never edit a shipped migration: add the next number (README "Known-incident index" documents
 * the resulting schema). Times are ISO 8601 UTC text and lists are JSON text, so the file reads well in the
 * `sqlite3` shell and maps onto the PostgreSQL implementation's timestamptz/jsonb columns.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'additions and incidents',
    sql: `
      CREATE TABLE additions (
        id            INTEGER PRIMARY KEY,
        ticket        TEXT NOT NULL,
        note          TEXT,
        added_at      TEXT NOT NULL,
        report_start  TEXT,
        report_end    TEXT,
        hosts         TEXT NOT NULL,
        versions      TEXT NOT NULL,
        tool_version  TEXT NOT NULL,
        inputs        TEXT NOT NULL,
        source_kind   TEXT NOT NULL CHECK (source_kind IN ('bundle', 'report')),
        source_name   TEXT NOT NULL,
        source_sha256 TEXT
      );
      CREATE INDEX additions_ticket ON additions (ticket);
      CREATE TABLE incidents (
        id          INTEGER PRIMARY KEY,
        addition_id INTEGER NOT NULL REFERENCES additions (id) ON DELETE CASCADE,
        fingerprint TEXT NOT NULL,
        kind        TEXT NOT NULL CHECK (kind IN ('incident', 'unrecognised')),
        signature   TEXT,
        title       TEXT NOT NULL,
        severity    TEXT,
        host        TEXT,
        first_seen  TEXT,
        last_seen   TEXT,
        count       INTEGER NOT NULL
      );
      CREATE INDEX incidents_fingerprint ON incidents (fingerprint);
      CREATE INDEX incidents_signature ON incidents (signature);
      CREATE INDEX incidents_addition ON incidents (addition_id);
    `,
  },
];

/** The schema version this build writes and reads. */
export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
