import { parseSosReportName } from './layouts/sos-report-name.js';

/**
 * The collection time stamped into a bundle name, as epoch ms read as UTC (the stamps are the
 * collecting node's local time and carry no zone, so UTC is the stated assumption):
 * - troubleshoot `support-bundle-2006-01-02T15_04_05` (replicatedhq/troubleshoot pkg/supportbundle/parse.go)
 * - Rancher `<host>-2024-01-02_15_04_05` (rancher2_logs_collector.sh `date +'%Y-%m-%d_%H_%M_%S'`)
 * - microk8s `inspection-report-20240102_150405` (scripts/inspect.sh `date +"%Y%m%d_%H%M%S"`)
 * - sos legacy `sosreport-<host>-20240102150405`, sos friendly `sosreport-<host>-2024-01-02-<suffix>` (sos-report-name.ts).
 * The friendly sos name has only the date, so the end of that day is returned: collectedAt is used
 * as the latest plausible time when a year is inferred, and the bundle was made some time that day.
 */
export function collectionTimeFromName(name: string): number | undefined {
  const base = name.replace(/\/+$/, '').split('/').pop() ?? '';
  let m = /(?:^|\D)(\d{4})-(\d{2})-(\d{2})T(\d{2})_(\d{2})_(\d{2})(?!\d)/.exec(base);
  if (m) return utc(m, true);
  m = /(?:^|\D)(\d{4})-(\d{2})-(\d{2})_(\d{2})_(\d{2})_(\d{2})(?!\d)/.exec(base);
  if (m) return utc(m, true);
  m = /(?:^|\D)(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})(?!\d)/.exec(base);
  if (m) return utc(m, true);
  return parseSosReportName(base)?.collectedAt;
}

function utc(m: RegExpExecArray, withTime: boolean): number | undefined {
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = withTime ? [Number(m[4]), Number(m[5]), Number(m[6])] : [0, 0, 0];
  if (year < 1990 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 2024-02-31 into March; a stamp that does not round-trip is not a date.
  return new Date(ms).getUTCDate() === day ? ms : undefined;
}
