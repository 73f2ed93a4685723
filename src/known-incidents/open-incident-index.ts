import type { IncidentIndex, OpenIncidentIndex } from './incident-index.js';
import { isPostgresLocation } from './postgres-location.js';
import { openSqliteIncidentIndex } from './sqlite-incident-index.js';

/**
 * The index the commands open, chosen by its location: `postgres://…` or `postgresql://…` is a PostgreSQL server
 * (a team's shared index), anything else an SQLite file. The PostgreSQL implementation, and with it the `pg`
 * driver, is imported only when a server is named, so a run with a file index loads neither.
 */
export const openIncidentIndex: OpenIncidentIndex = async (location, options): Promise<IncidentIndex> => {
  if (!isPostgresLocation(location)) return openSqliteIncidentIndex(location, options);
  const { openPostgresIncidentIndex } = await import('./postgres-incident-index.js');
  return openPostgresIncidentIndex(location, options);
};
