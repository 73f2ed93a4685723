import type { RecordTime } from './log-format.js';
import { isValidClock } from './time/is-valid-clock.js';

const GO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))? ?(Z|[+-]\d{2}(?::?\d{2})?)?(?: ([A-Za-z]{1,6}))?(?: m=[+-][\d.]+)?$/;

/**
 * Times as Go programs print them: RFC3339 with `Z`/`+01:00`/`+0100` (logrus, zap, containerd), `2006-01-02 15:04:05`
 * without a zone (k0s), and `time.String()` (`2014-03-10 19:57:38.562264131 -0400 EDT m=+0.1`). With an offset it is an
 * instant; without, a wall time that keeps any zone abbreviation for later resolution.
 */
export function parseGoTime(value: string): RecordTime | undefined {
  const m = GO_TIME.exec(value);
  if (!m) return undefined;
  // Read one by one: a slice+map per timestamp was a measurable share of parsing containerd logs.
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  if (!isValidClock(month, day, hour, minute, second)) return undefined;
  const millis = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
  const zone = m[8];
  if (zone) {
    const digits = zone.slice(1).replace(':', '');
    const offsetMinutes =
      zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
    return { kind: 'instant', epochMs: Date.UTC(year, month - 1, day, hour, minute, second) + millis - offsetMinutes * 60_000 };
  }
  return { kind: 'wall', wall: { year, month, day, hour, minute, second, millis, ...(m[9] ? { zoneAbbreviation: m[9] } : {}) } };
}
