import { TZDate } from '@date-fns/tz';
// One module per function: the 'date-fns' index loads all ~300 of them (~0.15 s of start-up).
import { add } from 'date-fns/add';
import { isExists } from 'date-fns/isExists';
import { startOfDay } from 'date-fns/startOfDay';
import type { Duration } from 'date-fns';
import type { Zone } from '../formats/index.js';
import { UTC_ZONE } from '../formats/index.js';
import { UsageError } from './exit-codes.js';

/**
 * A `--since`/`--until` value, checked when the command line is read and resolved once the anchor is known.
 *
 * Relative forms (`now`, `today`, `yesterday`, `14:25`, `-1h`, `1 hour ago`) count from the ANCHOR: the time of the
 * input's last event, not the clock of the machine running logsift — a bundle is read days after it was collected,
 * and "the last hour" means the last hour of the logs. Absolute forms ignore the anchor.
 */
export interface TimeBound {
  readonly flag: string;
  readonly text: string;
  /** Whether it needs the anchor (the input's last event). */
  readonly relative: boolean;
  /** The instant, epoch ms. */
  resolve(anchor: number): number;
}

export { TIME_FORMS_HELP } from './common-option-specs.js';
import { TIME_FORMS_HELP } from './common-option-specs.js';

const ABSOLUTE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const TIME_OF_DAY = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const EPOCH = /^@(\d+(?:\.\d+)?)$/;
const UNITS: Record<string, keyof Duration | 'milliseconds'> = {
  ms: 'milliseconds', msec: 'milliseconds',
  s: 'seconds', sec: 'seconds', secs: 'seconds', second: 'seconds', seconds: 'seconds',
  m: 'minutes', min: 'minutes', mins: 'minutes', minute: 'minutes', minutes: 'minutes',
  h: 'hours', hr: 'hours', hrs: 'hours', hour: 'hours', hours: 'hours',
  d: 'days', day: 'days', days: 'days',
  w: 'weeks', week: 'weeks', weeks: 'weeks',
  M: 'months', month: 'months', months: 'months',
  y: 'years', year: 'years', years: 'years',
};
const SPAN_PART = /(\d+)\s*([a-zA-Z]+)/g;

/** Parses `--since`/`--until` in journalctl's forms; without an offset, wall times are read in `zone` (`--tz`, else UTC). */
export function parseTimeOption(flag: string, text: string, zone: Zone = UTC_ZONE): TimeBound {
  const trimmed = text.trim();
  const refuse = (why: string): never => {
    throw new UsageError(`${flag} "${text}": ${why}; expected ${TIME_FORMS_HELP}`);
  };
  const absolute = (instant: number): TimeBound => ({ flag, text, relative: false, resolve: () => instant });
  const relative = (resolve: (anchor: number) => number): TimeBound => ({ flag, text, relative: true, resolve });
  const tz = zoneName(zone);
  const inZone = (anchor: number) => new TZDate(anchor, tz);

  const epoch = EPOCH.exec(trimmed);
  if (epoch) return absolute(Math.round(Number(epoch[1]) * 1000));

  const m = ABSOLUTE.exec(trimmed);
  if (m) {
    const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', offset] = m;
    const [year, month, day, hours, minutes, seconds] = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
    if (!isExists(year, month - 1, day)) refuse(`there is no ${y}-${mo}-${d}`);
    if (hours > 23 || minutes > 59 || seconds > 59) refuse(`not a valid time of day`);
    const millis = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
    if (offset) {
      const local = Date.UTC(year, month - 1, day, hours, minutes, seconds, millis);
      if (/^z$/i.test(offset)) return absolute(local);
      const sign = offset.startsWith('-') ? -1 : 1;
      const digits = offset.slice(1).replace(':', '');
      return absolute(local - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000);
    }
    return absolute(new TZDate(year, month - 1, day, hours, minutes, seconds, millis, tz).getTime());
  }

  const word = trimmed.toLowerCase();
  if (word === 'now') return relative((anchor) => anchor);
  if (word === 'today') return relative((anchor) => startOfDay(inZone(anchor)).getTime());
  if (word === 'yesterday') return relative((anchor) => add(startOfDay(inZone(anchor)), { days: -1 }).getTime());
  if (word === 'tomorrow') return relative((anchor) => add(startOfDay(inZone(anchor)), { days: 1 }).getTime());

  const clock = TIME_OF_DAY.exec(trimmed);
  if (clock) {
    const [hours, minutes, seconds] = [Number(clock[1]), Number(clock[2]), Number(clock[3] ?? 0)];
    if (hours > 23 || minutes > 59 || seconds > 59) refuse('not a valid time of day');
    return relative((anchor) => add(startOfDay(inZone(anchor)), { hours, minutes, seconds }).getTime());
  }

  // "-1h", "+2d", "-1h 30min", "1 hour ago", "2 days ago".
  const ago = /\s+ago$/i.test(trimmed);
  const sign = ago || trimmed.startsWith('-') ? -1 : trimmed.startsWith('+') ? 1 : 0;
  if (sign === 0) refuse('not a date or time');
  const body = trimmed.replace(/^[+-]\s*/, '').replace(/\s+ago$/i, '');
  const duration: Record<string, number> = {};
  let consumed = '';
  for (const part of body.matchAll(SPAN_PART)) {
    const unit = UNITS[part[2]!] ?? UNITS[part[2]!.toLowerCase()];
    if (!unit) refuse(`unknown unit "${part[2]}"`);
    duration[unit!] = (duration[unit!] ?? 0) + sign * Number(part[1]);
    consumed += part[0];
  }
  if (consumed === '' || consumed.replace(/\s+/g, '') !== body.replace(/\s+/g, '')) refuse('not a date or time');
  const { milliseconds = 0, ...calendar } = duration;
  return relative((anchor) => add(inZone(anchor), calendar as Duration).getTime() + milliseconds);
}

/** The zone as @date-fns/tz names it: an IANA name, or a fixed offset as `+02:00`. */
function zoneName(zone: Zone): string {
  if (zone.fixedMinutes !== undefined) {
    const minutes = Math.abs(zone.fixedMinutes);
    return `${zone.fixedMinutes < 0 ? '-' : '+'}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  }
  return zone.name;
}
