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

/** How a renderer names a zone it shows times in. */
export interface DisplayZone {
  /** `CEST`, `-05:00`, `Europe/Berlin`. */
  readonly name: string;
  offsetAt(epochMs: number): number;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `+02:00` for 120 minutes east of UTC. */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The zone as a label after a time: an abbreviation or offset as the bundle named it, an IANA name as its offset then. */
function zoneLabel(zone: DisplayZone, ms: number): string {
  return zone.name.includes('/') ? formatOffset(zone.offsetAt(ms)) : zone.name;
}

/**
 * A time as the host's own logs print it: `2025-06-02 09:02:37.000 CEST`. Without a zone (or in UTC) the ISO 8601
 * UTC shape of `formatTime`, so a report read in UTC is unchanged.
 */
export function formatTimeIn(ms: number | undefined, zone: DisplayZone | undefined): string {
  if (zone === undefined || typeof ms !== 'number' || !Number.isFinite(ms)) return formatTime(ms);
  const offset = zone.offsetAt(ms);
  if (offset === 0 && /^(?:UTC|GMT|Z|Etc\/UTC|Etc\/GMT|[+-]00:?00)$/i.test(zone.name)) return formatTime(ms);
  const local = new Date(ms + offset * 60_000);
  if (Number.isNaN(local.getTime())) return 'unknown time';
  return `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}.${pad(local.getUTCMilliseconds(), 3)} ${zoneLabel(zone, ms)}`;
}

/** `start → end (duration)` in a zone, or what is known of it. */
export function formatSpanIn(start: number | undefined, end: number | undefined, zone: DisplayZone | undefined): string {
  if (start === undefined && end === undefined) return 'no timestamps';
  if (start === undefined || end === undefined) return formatTimeIn(start ?? end, zone);
  if (start === end) return formatTimeIn(start, zone);
  return `${formatTimeIn(start, zone)} → ${formatTimeIn(end, zone)} (${formatDuration(end - start)})`;
}

/** `14:25:15Z`: the UTC clock time beside a local one, for the summary. */
export function formatUtcClock(ms: number | undefined): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return 'unknown time';
  const d = new Date(ms);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}Z`;
}
