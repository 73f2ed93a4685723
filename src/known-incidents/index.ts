import type { OpenIncidentIndex } from './incident-index.js';
import { openSqliteIncidentIndex } from './sqlite-incident-index.js';

export { IndexError, type AddResult, type IncidentIndex, type OpenIncidentIndex, type IndexEntry, type IndexedItem, type IndexedReport, type IndexProblem, type KnownIncident } from './incident-index.js';
export { openSqliteIncidentIndex, DEFAULT_BUSY_TIMEOUT_MS, type SqliteIndexOptions } from './sqlite-incident-index.js';
export { LATEST_SCHEMA_VERSION } from './sqlite-migrations.js';
export { defaultIndexPath } from './default-index-path.js';
export { ticketProblem, noteProblem, MAX_TICKET_LENGTH, MAX_NOTE_LENGTH } from './ticket-id.js';
export { readReportJson, ReportFileError, READABLE_REPORT_SCHEMA_VERSIONS } from './read-report-json.js';
export { itemsOfReport, versionsOf, type FileableReport } from './report-entry.js';
export { renderMatchesJson, renderMatchesText } from './render-matches.js';

/** The index the commands open: the SQLite file. A PostgreSQL implementation would be chosen here, by location. */
export const openIncidentIndex: OpenIncidentIndex = openSqliteIncidentIndex;
