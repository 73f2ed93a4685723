/** ISO 8601 UTC with millisecond precision, the one timestamp shape every renderer prints. */
export function formatTime(ms: number | undefined): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return 'unknown time';
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? 'unknown time' : date.toISOString();
}

/** Short human duration: `27s`, `41m 20s`, `8h 13m`, `2d 3h`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 === 0 ? `${m}m` : `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 === 0 ? `${h}h` : `${h}h ${m % 60}m`;
  const d = Math.floor(h / 24);
  return h % 24 === 0 ? `${d}d` : `${d}d ${h % 24}h`;
}

/** `start → end (duration)`, or what is known of it. */
export function formatSpan(start: number | undefined, end: number | undefined): string {
  if (start === undefined && end === undefined) return 'no timestamps';
  if (start === undefined || end === undefined) return formatTime(start ?? end);
  if (start === end) return formatTime(start);
  return `${formatTime(start)} → ${formatTime(end)} (${formatDuration(end - start)})`;
}
