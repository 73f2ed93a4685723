import type { LayoutMatch } from './bundle-layout.js';

/**
 * The files of a sos report that name its host, collection time and zone (sosreport/sos): the `host` plugin runs
 * `hostname` into `sos_commands/host/hostname` with a root symlink `hostname` (sos 3 wrote
 * `sos_commands/general/hostname`); the `date` plugin runs `date` (root symlink `date`) and `date --utc` into
 * `sos_commands/date/`; the `systemd` plugin runs `timedatectl` (`Time zone: Europe/Berlin (CET, +0100)`), and
 * `etc/timezone` (Debian, Ubuntu) is copied as is. Higher ranks win; of two files of one rank, the first by path, so
 * the member order never decides.
 */
const HOST_FILES: Readonly<Record<string, number>> = { hostname: 3, 'sos_commands/host/hostname': 3, 'sos_commands/general/hostname': 2 };
const DATE_FILES: Readonly<Record<string, number>> = {
  'sos_commands/date/date_--utc': 3,
  date: 2,
  'sos_commands/date/date': 2,
  'sos_commands/general/date': 2,
};
const ZONE_FILES: Readonly<Record<string, number>> = { 'sos_commands/systemd/timedatectl': 2, 'etc/timezone': 1 };
// An IANA name (`Europe/Berlin`, `America/Argentina/Buenos_Aires`, `UTC`); whether the zone exists is checked where it is used.
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+){0,2}$/;
const TIMEDATECTL_ZONE = /^\s*Time zone:\s*(\S+)/m;
// A zone other than UTC is the collecting node's local time, read as UTC like the name stamps: it ranks below `--utc`.
const LOCAL_DATE_RANK = 1;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const HOST_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})$/;
// `date` in the C locale (sos runs commands with LC_ALL=C): `Fri Feb 11 19:45:12 UTC 2022`.
const DATE_OUTPUT = /^[A-Z][a-z]{2} +([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (?:([A-Za-z][A-Za-z0-9+-]*) )?(\d{4})$/;

export function isSosMetadata(relativePath: string): boolean {
  return relativePath in HOST_FILES || relativePath in DATE_FILES || relativePath in ZONE_FILES;
}

/** Whether a fact learned from `path` at `rank` gives way to what is already known (a higher rank, or a path before it). */
function knownBetter(match: LayoutMatch, fact: string, rank: number, path: string): boolean {
  const known = match.learnedRank?.[fact] ?? 0;
  if (known !== rank) return known > rank;
  const from = match.learnedFrom?.[fact];
  return from === undefined || from <= path;
}

function learned(match: LayoutMatch, fact: string, rank: number, path: string): Pick<LayoutMatch, 'learnedRank' | 'learnedFrom'> {
  return { learnedRank: { ...match.learnedRank, [fact]: rank }, learnedFrom: { ...match.learnedFrom, [fact]: path } };
}

/** The match with the host or collection time the file states, when it outranks what was known. */
export function learnSosMetadata(relativePath: string, text: string, match: LayoutMatch): LayoutMatch | undefined {
  const line = text.split('\n', 1)[0]!.trim();
  const hostRank = HOST_FILES[relativePath];
  if (hostRank !== undefined) {
    if (!HOST_NAME.test(line) || knownBetter(match, 'host', hostRank, relativePath)) return undefined;
    return { ...match, host: line, ...learned(match, 'host', hostRank, relativePath) };
  }
  const zoneRank = ZONE_FILES[relativePath];
  if (zoneRank !== undefined) {
    const zone = relativePath === 'etc/timezone' ? line : TIMEDATECTL_ZONE.exec(text)?.[1];
    if (zone === undefined || !ZONE_NAME.test(zone) || knownBetter(match, 'zone', zoneRank, relativePath)) return undefined;
    return { ...match, timeZone: zone, ...learned(match, 'zone', zoneRank, relativePath) };
  }
  const dateRank = DATE_FILES[relativePath];
  const m = dateRank === undefined ? null : DATE_OUTPUT.exec(line);
  if (!m || dateRank === undefined) return undefined;
  const index = MONTHS.indexOf(m[1]!);
  const month = index >= 0 ? index : undefined;
  const [day, hour, minute, second, year] = [m[2], m[3], m[4], m[5], m[7]].map(Number) as [number, number, number, number, number];
  if (month === undefined || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  const at = Date.UTC(year, month, day, hour, minute, second);
  if (new Date(at).getUTCDate() !== day) return undefined;
  const utc = m[6] === undefined || /^(UTC|GMT|Z|UCT)$/.test(m[6]);
  const rank = utc ? dateRank : LOCAL_DATE_RANK;
  if (knownBetter(match, 'date', rank, relativePath)) return undefined;
  return { ...match, collectedAt: at, collectedAtSource: "the sos report's date file", ...learned(match, 'date', rank, relativePath) };
}
