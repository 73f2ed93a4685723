import type { SignatureSeverity } from '../model/signature.js';

/** Incident severities, most severe first: the order incidents are sorted and grouped in. */
export const SEVERITY_ORDER: readonly SignatureSeverity[] = ['critical', 'error', 'warning', 'info'];
