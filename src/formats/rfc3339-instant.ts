import type { RecordTime } from './log-format.js';
import { isValidClock } from './time/is-valid-clock.js';
import { readIsoDateTime, strictZoneAt } from './time/iso-date-time.js';
import { utcDateTime } from './time/utc-date-time.js';

/** Value of the ASCII digit at `i`, or -1: `\d` without the `u` flag is exactly [0-9]. */
function digitAt(text: string, i: number): number {
  const c = text.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

const fields = new Int32Array(6);

/**
 * The instant of a strict RFC3339 / RFC3339Nano timestamp (CRI and docker json-file envelopes, RFC 5424 syslog), epoch
 * ms with a sub-ms fraction; undefined when it is not one or a field is out of range. The stamp is `text` up to `end`
 * (all of it unless given), so a line's leading stamp is read without cutting it out.
 * Read by character positions rather than a regex: every CRI line has one, and a 11-group match array with its
 * substrings was a measurable share of parsing pod logs.
 */
export function rfc3339Instant(text: string, end = text.length): RecordTime | undefined {
  if (end < 20 || end > text.length || !readIsoDateTime(text, fields)) return undefined;
  const year = fields[0]!, month = fields[1]!, day = fields[2]!, hour = fields[3]!, minute = fields[4]!, second = fields[5]!;
  let i = 19;
  // Integer nanoseconds / 1e6 rounds exactly like a literal such as `702.348795`, so equal instants compare equal.
  let nanos = 0;
  if (text.charCodeAt(i) === 0x2e) {
    i++;
    const from = i;
    for (let d = digitAt(text, i); d >= 0 && i < end; d = digitAt(text, i)) {
      nanos = nanos * 10 + d;
      i++;
    }
    const count = i - from;
    if (count === 0 || count > 9) return undefined;
    nanos *= NANO_SCALE[count]!;
  }
  const offset = strictZoneAt(text, i, end);
  if (Number.isNaN(offset)) return undefined;
  if (!isValidClock(month, day, hour, minute, second)) return undefined;
  const epochMs = utcDateTime(year, month, day, hour, minute, second) - offset * 60_000 + nanos / 1e6;
  return Number.isFinite(epochMs) ? { kind: 'instant', epochMs } : undefined;
}

/** 10^(9 - digits): what a fraction of `digits` digits is multiplied by to count nanoseconds. */
const NANO_SCALE = [1e9, 1e8, 1e7, 1e6, 1e5, 1e4, 1e3, 100, 10, 1];
