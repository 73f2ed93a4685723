/*
 * The UTC minute last asked about and its start in epoch ms: consecutive lines of a log nearly always fall in the same
 * minute (85–100 % of the bench bundle's journal, syslog and containerd lines), so their stamps need no `Date.UTC`,
 * a runtime call that cost more than reading the stamp's digits.
 */
let cachedYear = NaN;
let cachedMonth = NaN;
let cachedDay = NaN;
let cachedHour = NaN;
let cachedMinute = NaN;
let cachedStart = NaN;

/** Beyond this a minute's start plus its seconds could leave `Date`'s range (ECMA-262 TimeClip, ±8.64e15 ms). */
const MAX_MINUTE_START = 8.64e15 - 61_000;

/**
 * `Date.UTC(year, month - 1, day, hour, minute, second)` (month 1..12), the same double: for a whole `second` in
 * 0..60 it is the minute's start (exact integer milliseconds, well below 2^53) plus `second * 1000`, exactly as
 * `Date.UTC` sums the parts; anything else is handed to `Date.UTC` itself.
 */
export function utcDateTime(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const wholeSecond = second >= 0 && second <= 60 && Math.floor(second) === second;
  if (wholeSecond && minute === cachedMinute && hour === cachedHour && day === cachedDay && month === cachedMonth && year === cachedYear) {
    return cachedStart + second * 1000;
  }
  const start = Date.UTC(year, month - 1, day, hour, minute, 0);
  // Only whole-number fields whose minute stays in range are remembered (Date.UTC truncates fractions).
  if (
    !(Math.abs(start) <= MAX_MINUTE_START) || !Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day) ||
    !Number.isInteger(hour) || !Number.isInteger(minute)
  ) {
    return Date.UTC(year, month - 1, day, hour, minute, second);
  }
  cachedYear = year;
  cachedMonth = month;
  cachedDay = day;
  cachedHour = hour;
  cachedMinute = minute;
  cachedStart = start;
  return wholeSecond ? start + second * 1000 : Date.UTC(year, month - 1, day, hour, minute, second);
}
