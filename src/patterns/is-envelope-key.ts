/**
 * Journal/environment keys (`_PID`, `SYSLOG_IDENTIFIER`, `MESSAGE`) describe the envelope, not what happened:
 * a key starting with `_`, or an upper-case letter followed only by upper-case letters, digits and `_`.
 * A char loop rather than a regex: it runs for every field of every event.
 */
export function isEnvelopeKey(key: string): boolean {
  const first = key.charCodeAt(0);
  if (first === 95) return true;
  if (!(first >= 65 && first <= 90)) return false;
  for (let i = 1; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95)) return false;
  }
  return true;
}
