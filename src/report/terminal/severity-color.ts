import type { SignatureSeverity } from '../../model/signature.js';

/** ink colour names per severity; undefined when colour is off so no escape sequence is written. */
export function severityColor(severity: SignatureSeverity | string, color: boolean): string | undefined {
  if (!color) return undefined;
  switch (severity) {
    case 'critical':
      return 'redBright';
    case 'error':
      return 'red';
    case 'warning':
      return 'yellow';
    case 'info':
      return 'blue';
    default:
      return 'gray';
  }
}
