/**
 * Telling a PostgreSQL `--index` from a file path, and naming the server in messages. Kept apart from the
 * implementation so choosing the store never loads the `pg` driver.
 */

const POSTGRES_SCHEME = /^postgres(?:ql)?:\/\//i;

/** `postgres://…` or `postgresql://…` (any case): a server; anything else is an SQLite file path. */
export function isPostgresLocation(location: string): boolean {
  return POSTGRES_SCHEME.test(location);
}

/**
 * The connection string as it may be printed: the password and the query (which may carry `password=`,
 * `sslkey=` …) are left out, so `postgres://support:secret@db:5432/logsift?sslmode=require` is
 * `postgres://support@db:5432/logsift`. A string that is not a URL is named by its scheme only (`postgres://…`).
 */
export function describePostgresLocation(location: string): string {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    return `${location.match(POSTGRES_SCHEME)?.[0] ?? 'postgres://'}…`;
  }
  const user = url.username === '' ? '' : `${url.username}@`;
  return `${url.protocol}//${user}${url.host}${url.pathname}`;
}

/** How any index location is named in output: a file path as given, a server without its secrets. */
export function describeIndexLocation(location: string): string {
  return isPostgresLocation(location) ? describePostgresLocation(location) : location;
}
