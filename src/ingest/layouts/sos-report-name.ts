/** What a sos report's name says: the short host name, the case id, and the collection day or time. */
export interface SosReportName {
  readonly host?: string;
  readonly caseId?: string;
  /** Epoch ms read as UTC: the legacy name's full stamp, or the end of the friendly name's day (latest plausible). */
  readonly collectedAt?: number;
}

const ARCHIVE_EXTENSION = /\.(tar(\.(xz|gz|bz2|zst))?|tgz|txz|zip)$/;
// sosreport/sos sos/policies/__init__.py get_archive_name: friendly `sosreport-{name}{-label}{-case}-%Y-%m-%d-{rand}`,
// legacy `sosreport-{name}{.case}-%Y%m%d%H%M%S` (sos 2/3 appended a short random tail too). The random tail's length
// changed between releases and people rename bundles, so any length, or none, is accepted.
const FRIENDLY = /^sosreport-(.+?)-(\d{4})-(\d{2})-(\d{2})(?:-[A-Za-z0-9]+)?$/;
const LEGACY = /^sosreport-(.+?)-?(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:-[A-Za-z0-9]+)?$/;
// Case ids are support-ticket numbers (Red Hat's are 8 digits); a host name rarely ends in 5 or more digits after a dash.
const CASE_ID = /-(\d{5,})$/;

/** Reads `sosreport-…` (a directory or an archive name, a path allowed); undefined when it is not one. */
export function parseSosReportName(name: string): SosReportName | undefined {
  const base = (name.replace(/\/+$/, '').split('/').pop() ?? '').replace(ARCHIVE_EXTENSION, '');
  if (!base.startsWith('sosreport-')) return undefined;
  const legacy = LEGACY.exec(base);
  if (legacy) {
    const dot = legacy[1].indexOf('.');
    const host = dot >= 0 ? legacy[1].slice(0, dot) : legacy[1];
    const caseId = dot >= 0 ? legacy[1].slice(dot + 1) : undefined;
    const collectedAt = utc(legacy.slice(2, 8).map(Number));
    return withDefined({ host, caseId, collectedAt });
  }
  const friendly = FRIENDLY.exec(base);
  if (friendly) {
    const caseMatch = CASE_ID.exec(friendly[1]);
    const host = caseMatch ? friendly[1].slice(0, caseMatch.index) : friendly[1];
    const day = utc([...friendly.slice(2, 5).map(Number), 0, 0, 0]);
    return withDefined({ host, caseId: caseMatch?.[1], collectedAt: day === undefined ? undefined : day + 86_400_000 - 1 });
  }
  const host = base.slice('sosreport-'.length);
  return withDefined({ host });
}

function utc([year, month, day, hour, minute, second]: readonly number[]): number | undefined {
  if (year < 1990 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 2024-02-31 into March; a stamp that does not round-trip is not a date.
  return new Date(ms).getUTCDate() === day ? ms : undefined;
}

function withDefined(name: { host?: string; caseId?: string; collectedAt?: number }): SosReportName {
  return {
    ...(name.host ? { host: name.host } : {}),
    ...(name.caseId ? { caseId: name.caseId } : {}),
    ...(name.collectedAt !== undefined ? { collectedAt: name.collectedAt } : {}),
  };
}
