export { IndexError, type AddResult, type IncidentIndex, type OpenIncidentIndex, type IndexEntry, type IndexedItem, type IndexedReport, type IndexProblem, type KnownIncident } from './incident-index.js';
// The implementations (sqlite-incident-index.ts, postgres-incident-index.ts) are not re-exported: openIncidentIndex
// imports the one a location needs, so its driver is loaded only then.
export { openIncidentIndex } from './open-incident-index.js';
export { describeIndexLocation, isPostgresLocation } from './postgres-location.js';
export { defaultIndexPath } from './default-index-path.js';
export { ticketProblem, noteProblem, MAX_TICKET_LENGTH, MAX_NOTE_LENGTH } from './ticket-id.js';
export { readReportJson, ReportFileError, READABLE_REPORT_SCHEMA_VERSIONS } from './read-report-json.js';
export { itemsOfReport, versionsOf, type FileableReport } from './report-entry.js';
export { renderMatchesJson, renderMatchesText } from './render-matches.js';
