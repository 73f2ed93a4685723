/**
 * The PostgreSQL index schema, as numbered migrations applied in order, each in its own transaction under an
 * advisory lock and recorded in `schema_migrations`. The same tables, columns and meaning as the SQLite schema
 * (sqlite-migrations.ts; README "Known-incident index"), in PostgreSQL's types: times are `timestamptz`, lists and
 * maps are `json` (not `jsonb`: `json` keeps the text as written, so a `versions` object comes back with its keys in
 * the order they were filed, as SQLite returns it). Never edit a shipped migration: add the next number.
 *
 * Tables are created in the connection's current schema (the first of its `search_path`), so a team can give the
 * index a database or a schema of its own (`?options=-c%20search_path%3Dlogsift`).
 */
import type { Migration } from './sqlite-migrations.js';

/**
 * Marks `schema_migrations` as ours (the counterpart of SQLite's `PRAGMA application_id`): another program's
 * `schema_migrations` (Rails, Flyway-like tools) in the same schema is refused, never migrated.
 */
export const MIGRATIONS_TABLE_COMMENT = 'logsift known-incident index';

export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'additions and incidents',
    sql: `
      CREATE TABLE additions (
        id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        ticket        text NOT NULL,
        note          text,
        added_at      timestamptz NOT NULL,
        report_start  timestamptz,
        report_end    timestamptz,
        hosts         json NOT NULL,
        versions      json NOT NULL,
        tool_version  text NOT NULL,
        inputs        json NOT NULL,
        source_kind   text NOT NULL CHECK (source_kind IN ('bundle', 'report')),
        source_name   text NOT NULL,
        source_sha256 text
      );
      CREATE INDEX additions_ticket ON additions (ticket);
      CREATE TABLE incidents (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        addition_id bigint NOT NULL REFERENCES additions (id) ON DELETE CASCADE,
        fingerprint text NOT NULL,
        kind        text NOT NULL CHECK (kind IN ('incident', 'unrecognised')),
        signature   text,
        title       text NOT NULL,
        severity    text,
        host        text,
        first_seen  timestamptz,
        last_seen   timestamptz,
        count       bigint NOT NULL
      );
      CREATE INDEX incidents_fingerprint ON incidents (fingerprint);
      CREATE INDEX incidents_signature ON incidents (signature);
      CREATE INDEX incidents_addition ON incidents (addition_id);
    `,
  },
];

/** The PostgreSQL schema version this build writes and reads. */
export const LATEST_POSTGRES_SCHEMA_VERSION = POSTGRES_MIGRATIONS[POSTGRES_MIGRATIONS.length - 1]!.version;
