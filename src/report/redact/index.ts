export { createRedactor, type Redactor, type RedactorOptions } from './redactor.js';
export { redactReport } from './redact-report.js';
export { redactEvent, redactJsonEvent } from './redact-event.js';
export { DETECTORS, type Detector } from './detectors.js';
export type { RedactionMap, PseudonymKind } from './pseudonym-table.js';
