import type { RecordTime } from './log-format.js';
import { isValidClock } from './time/is-valid-clock.js';
import { readIsoDateTime, strictZoneAt } from './time/iso-date-time.js';
import { utcDateTime } from './time/utc-date-time.js';

const GO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))? ?(Z|[+-]\d{2}(?::?\d{2})?)?(?: ([A-Za-z]{1,6}))?(?: m=[+-][\d.]+)?$/;

/** 10^digits, exact for up to 9 digits. */
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/** Scratch for `readIsoDateTime` (no allocation per line). */
const fields = new Int32Array(6);

/**
 * Times as Go programs print them: RFC3339 with `Z`/`+01:00`/`+0100` (logrus, zap, containerd), `2006-01-02 15:04:05`
 * without a zone (k0s), and `time.String()` (`2014-03-10 19:57:38.562264131 -0400 EDT m=+0.1`). With an offset it is an
 * instant; without, a wall time that keeps any zone abbreviation for later resolution.
 */
export function parseGoTime(value: string): RecordTime | undefined {
  const fast = rfc3339Fast(value);
  if (fast !== undefined) return fast;
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

/**
 * The shape logrus and containerd print on nearly every line (`2006-01-02T15:04:05.999999999Z07:00` with `Z` or
 * `±hh:mm`, nothing after), read by character positions with no match array; undefined for anything else, which then
 * takes the regex. Same arithmetic as the regex path: `digits / 10^count` is the correctly rounded value of the
 * decimal, exactly what `Number("0.digits")` gives.
 */
function rfc3339Fast(text: string): RecordTime | undefined {
  if (text.length < 20 || !readIsoDateTime(text, fields)) return undefined;
  const year = fields[0]!, month = fields[1]!, day = fields[2]!, hour = fields[3]!, minute = fields[4]!, second = fields[5]!;
  let i = 19;
  let millis = 0;
  if (text.charCodeAt(i) === 0x2e /* . */) {
    i++;
    const from = i;
    let digits = 0;
    for (let d = text.charCodeAt(i) - 48; d >= 0 && d <= 9; d = text.charCodeAt(i) - 48) {
      digits = digits * 10 + d;
      i++;
    }
    const count = i - from;
    if (count === 0 || count > 9) return undefined;
    millis = (digits / POW10[count]!) * 1000;
  }
  const offsetMinutes = strictZoneAt(text, i);
  if (Number.isNaN(offsetMinutes)) return undefined;
  // Out-of-range fields are refused by the regex path too; let it decide, with the same answer.
  if (!isValidClock(month, day, hour, minute, second)) return undefined;
  return { kind: 'instant', epochMs: utcDateTime(year, month, day, hour, minute, second) + millis - offsetMinutes * 60_000 };
}
