export * from './log-line.js';
export * from './log-event.js';
export * from './diagnostic.js';
export * from './coverage.js';
export * from './signature.js';
export * from './match.js';
export * from './incident.js';
export * from './report.js';
