import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describePostgresLocation } from '../../src/known-incidents/postgres-location.js';

/**
 * The real PostgreSQL server the index tests run against: loopback, trust auth, database `test` (CI's `.ci/run`
 * starts it and creates the database). Another server: LOGSIFT_TEST_POSTGRES_URL. Not answering is a failure with
 * the reason, never a skip: a skipped suite would pass CI with the PostgreSQL index untested.
 */
export const TEST_POSTGRES_URL = process.env['LOGSIFT_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A connection string whose search_path is `schema` (the index's tables go there), its connections named after it in pg_stat_activity. */
export function urlWithSchema(schema: string, base = TEST_POSTGRES_URL): string {
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  url.searchParams.set('application_name', schema);
  return url.toString();
}

/** A connected admin client, or an Error saying the server these tests need is not answering. */
export async function adminClient(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new Error(
      `PostgreSQL is not answering at ${describePostgresLocation(TEST_POSTGRES_URL)} (${(error as Error).message}): the known-incident index tests need a real server. ` +
        'Start it with .ci/start-services (Debian), or as the README says ("A team\'s index on PostgreSQL"), with a database test.',
    );
  }
  return client;
}

export interface TestSchema {
  /** The schema's name (`logsift_test_<random>`). */
  readonly name: string;
  /** A connection string that puts the index in this schema. */
  readonly url: string;
  /** Runs SQL as an admin, in this schema. */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
  /** Drops the schema and everything in it, and closes the admin connection. */
  drop(): Promise<void>;
}

/** A fresh, empty schema of its own per test, so parallel test files never see each other's rows. */
export async function freshSchema(): Promise<TestSchema> {
  const admin = await adminClient();
  const name = `logsift_test_${randomBytes(6).toString('hex')}`;
  await admin.query(`CREATE SCHEMA ${name}`);
  await admin.query(`SET search_path = ${name}`);
  return {
    name,
    url: urlWithSchema(name),
    query: (sql, values) => admin.query(sql, values),
    drop: async () => {
      try {
        await admin.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
      } finally {
        await admin.end();
      }
    },
  };
}
