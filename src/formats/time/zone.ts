import { tzOffset } from '@date-fns/tz';
import { utcDateTime } from './utc-date-time.js';

/** A zone logsift can convert local wall times with: an IANA name or a fixed offset. */
export interface Zone {
  /** As given: `Europe/Berlin`, `+02:00`, `UTC`. */
  readonly name: string;
  /** Offset in minutes east of UTC at the given UTC instant. */
  offsetAt(epochMs: number): number;
  /** Set for zones with one offset all year (`+02:00`, `CEST` read from a journal header), so the zone can be re-made elsewhere (a worker thread). */
  readonly fixedMinutes?: number;
}

const FIXED_OFFSET = /^(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})?$/;

/** Parses `--tz` / bundle zone text; undefined when it is neither a fixed offset nor a known IANA zone. */
export function parseZone(text: string): Zone | undefined {
  const trimmed = text.trim();
  if (/^(?:UTC|GMT|Z|Etc\/UTC|Etc\/GMT)$/i.test(trimmed)) return fixedZone(trimmed, 0);
  const fixed = FIXED_OFFSET.exec(trimmed);
  if (fixed) {
    const minutes = Number(fixed[2]) * 60 + Number(fixed[3] ?? 0);
    if (minutes > 18 * 60) return undefined;
    return fixedZone(trimmed, fixed[1] === '-' ? -minutes : minutes);
  }
  try {
    // Intl throws RangeError for unknown zone names; that is the validation.
    new Intl.DateTimeFormat('en-US', { timeZone: trimmed });
  } catch {
    return undefined;
  }
  return { name: trimmed, offsetAt: hourlyOffsets((epochMs) => tzOffset(trimmed, new Date(epochMs))) };
}

const HOUR_MS = 3_600_000;
const MAX_CACHED_HOURS = 8192;

/**
 * `offsetAt` remembered per UTC hour: asking Intl costs microseconds and every year-less line asks twice. An hour is
 * cached only when its first and last millisecond have the same offset, i.e. when no transition falls inside it
 * (the tz database never puts two transitions that cancel out within one hour); other hours ask every time.
 */
function hourlyOffsets(offsetAt: (epochMs: number) => number): (epochMs: number) => number {
  const byHour = new Map<number, number | null>();
  return (epochMs) => {
    const hour = Math.floor(epochMs / HOUR_MS);
    if (!Number.isFinite(hour)) return offsetAt(epochMs);
    const known = byHour.get(hour);
    if (known !== undefined) return known ?? offsetAt(epochMs);
    const start = offsetAt(hour * HOUR_MS);
    const steady = start === offsetAt(hour * HOUR_MS + HOUR_MS - 1);
    if (byHour.size >= MAX_CACHED_HOURS) byHour.clear();
    byHour.set(hour, steady ? start : null);
    return steady ? start : offsetAt(epochMs);
  };
}

export function fixedZone(name: string, minutes: number): Zone {
  return { name, offsetAt: () => minutes, fixedMinutes: minutes };
}

export const UTC_ZONE: Zone = fixedZone('UTC', 0);

/** Converts local calendar parts in `zone` to epoch ms; DST gaps resolve forward, repeats to the first occurrence. */
export function localToEpoch(
  zone: Zone,
  year: number, month: number, day: number, hour: number, minute: number, second: number, millis: number,
): number {
  const asUtc = utcDateTime(year, month, day, hour, minute, second) + millis;
  // Two passes converge for every real zone: the offset at the guessed instant is the offset at the answer
  // except inside a transition, where the second pass picks the side the wall time belongs to.
  let guess = asUtc - zone.offsetAt(asUtc) * 60_000;
  guess = asUtc - zone.offsetAt(guess) * 60_000;
  return guess;
}
