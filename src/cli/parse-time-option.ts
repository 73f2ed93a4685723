import type { Zone } from '../formats/index.js';
import { UTC_ZONE } from '../formats/index.js';
import { UsageError } from './exit-codes.js';

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Parses `--since`/`--until`: `2025-03-14`, `2025-03-14 14:00`, `2025-03-14T14:25:11.5Z`, with an optional offset;
 * without one the time is read in `zone` (`--tz`, else UTC).
 */
export function parseTimeOption(flag: string, text: string, zone: Zone = UTC_ZONE): number {
  const m = DATE_TIME.exec(text.trim());
  if (!m) throw new UsageError(`${flag} "${text}": expected a date like 2025-03-14 or 2025-03-14 14:25[:11][Z|+02:00]`);
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', offset] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) {
    throw new UsageError(`${flag} "${text}": not a valid date and time`);
  }
  const millis = frac ? Number(`0.${frac}`) * 1000 : 0;
  const local = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(s)) + millis;
  if (offset) {
    if (/^z$/i.test(offset)) return local;
    const sign = offset.startsWith('-') ? -1 : 1;
    const digits = offset.slice(1).replace(':', '');
    return local - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  let guess = local - zone.offsetAt(local) * 60_000;
  guess = local - zone.offsetAt(guess) * 60_000;
  return guess;
}
