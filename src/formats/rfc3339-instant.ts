import type { RecordTime } from './log-format.js';
import { isValidClock } from './time/is-valid-clock.js';

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * The instant of a strict RFC3339 / RFC3339Nano timestamp (CRI and docker json-file envelopes, RFC 5424 syslog), epoch
 * ms with a sub-ms fraction; undefined when it is not one or a field is out of range.
 */
export function rfc3339Instant(text: string): RecordTime | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
  if (!isValidClock(month, day, hour, minute, second)) return undefined;
  const offset = m[8] === 'Z' ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
  // Integer nanoseconds / 1e6 rounds exactly like a literal such as `702.348795`, so equal instants compare equal.
  const fraction = m[7] ? Number(m[7].padEnd(9, '0')) / 1e6 : 0;
  const epochMs = Date.UTC(year, month - 1, day, hour, minute, second) - offset * 60_000 + fraction;
  return Number.isFinite(epochMs) ? { kind: 'instant', epochMs } : undefined;
}
