import type { Severity } from '../model/log-event.js';

/**
 * Syslog severity by priority level (RFC 5424 §6.2.1; the kernel's `<N>` and the journal's PRIORITY use the same
 * numbers): 0 emerg, 1 alert, 2 crit, 3 err, 4 warning, 5 notice, 6 info, 7 debug.
 */
export const prioritySeverities: readonly Severity[] = ['critical', 'critical', 'critical', 'error', 'warning', 'info', 'info', 'debug'];
