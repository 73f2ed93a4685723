// The UTC month last asked about, as [start, end) in epoch ms: consecutive log timestamps nearly always fall in it.
let cachedStart = NaN;
let cachedEnd = NaN;
let cachedIndex = NaN;
const MAX_TIME = 8.64e15;

/**
 * `year * 12 + (month - 1)` of an epoch-ms instant in UTC (`Math.floor(i / 12)` is the year, `i % 12 + 1` the
 * month). Same answer as `new Date(ms).getUTCFullYear()`/`getUTCMonth()`, without building a Date per line.
 */
export function utcMonthIndex(ms: number): number {
  // Date truncates toward zero and gives up beyond ±8.64e15 ms (ECMA-262 TimeClip); so does this.
  const t = Math.trunc(ms);
  if (t >= cachedStart && t < cachedEnd && t <= MAX_TIME && t >= -MAX_TIME) return cachedIndex;
  const date = new Date(t);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  const index = year * 12 + month;
  if (Number.isFinite(index)) {
    cachedStart = Date.UTC(year, month, 1);
    cachedEnd = Date.UTC(year, month + 1, 1);
    // Date.UTC maps years 0..99 to 1900..1999; such months are simply not cached.
    if (!(t >= cachedStart && t < cachedEnd)) cachedStart = cachedEnd = NaN;
    cachedIndex = index;
  }
  return index;
}
