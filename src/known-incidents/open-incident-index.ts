import type { IncidentIndex, OpenIncidentIndex } from './incident-index.js';
import { isPostgresLocation } from './postgres-location.js';

/**
 * The index the commands open, chosen by its location: `postgres://…` or `postgresql://…` is a PostgreSQL server
 * (a team's shared index), anything else an SQLite file. Each implementation, and with it its driver (`pg`,
 * better-sqlite3), is imported only when an index of its kind is opened: a run without `--index` loads neither.
 */
export const openIncidentIndex: OpenIncidentIndex = async (location, options): Promise<IncidentIndex> => {
  if (isPostgresLocation(location)) {
    const { openPostgresIncidentIndex } = await import('./postgres-incident-index.js');
    return openPostgresIncidentIndex(location, options);
  }
  const { openSqliteIncidentIndex } = await import('./sqlite-incident-index.js');
  return openSqliteIncidentIndex(location, options);
};
