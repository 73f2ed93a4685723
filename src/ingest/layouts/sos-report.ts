import { componentFromName } from '../component-from-path.js';
import { type BundleLayout, type MemberMapping, NOT_A_LOG } from './bundle-layout.js';
import { describeKubectlCapture, podLog } from './kubectl-capture.js';
import { isSosMetadata, learnSosMetadata } from './sos-report-metadata.js';
import { parseSosReportName } from './sos-report-name.js';
import { describeLogFile } from './var-log.js';

/**
 * sos report (sosreport/sos, docs/input-formats.md A4): everything under `sosreport-<host>[-<label>]
 * [-<case>]-<date>-<random>/` (or the legacy `sosreport-<host><case>-<YYYYmmddHHMMSS>/`). Copied files
 * keep their path (`var/log/messages`), journals are `sos_commands/<plugin>/journalctl_--no-pager…`,
 * size-capped ones live in `sos_strings/<plugin>/<name>.tailed`, kernel ring buffer in
 * `sos_commands/kernel/dmesg` (raw) and `dmesg_-T` (human).
 */
export const sosReport: BundleLayout = {
  id: 'sos-report',
  scope: 'bundle',
  recognise(path) {
    const top = path.split('/')[0];
    if (!top.startsWith('sosreport-') || path.length === top.length) return undefined;
    const { host, collectedAt } = parseSosReportName(top) ?? {};
    return { layout: 'sos-report', root: `${top}/`, ...(host ? { host } : {}), ...(collectedAt !== undefined ? { collectedAt } : {}) };
  },
  isMetadata: isSosMetadata,
  learn: learnSosMetadata,
  describe(relativePath) {
    const [top, ...rest] = relativePath.split('/');
    if (top === 'var' && rest[0] === 'log') return describeLogFile(relativePath);
    if (top === 'sos_commands') return describeCommand(rest);
    if (top === 'sos_strings') return describeTailed(rest[rest.length - 1] ?? '');
    if (top === 'sos_reports' || top === 'sos_logs') return { notALog: 'sos report metadata' };
    return { notALog: NOT_A_LOG };
  },
};

function describeCommand(rest: readonly string[]): MemberMapping {
  const [plugin, name = ''] = rest;
  const file = rest[rest.length - 1] ?? '';
  if (plugin === 'kernel' && /^dmesg/.test(name)) return { component: 'kernel', formatHint: /-T/.test(name) ? 'dmesg-human' : 'dmesg' };
  if (/^journalctl_/.test(name)) return describeJournal(name);
  // Newer sos (kubernetes plugin, podlogs option): `kubernetes/cluster-info/<ns>/podlogs/<pod>/kubectl_…_logs_<pod>_-c_<container>`.
  const podlogs = rest.indexOf('podlogs');
  if (podlogs >= 2 && rest.length === podlogs + 3) {
    return describeKubectlCapture(file, rest[podlogs - 1], rest[podlogs + 1]) ?? podLog(rest[podlogs - 1], rest[podlogs + 1], undefined);
  }
  // Classic sos: `kubernetes/pods/kubectl_--namespace_<ns>_logs_<pod>`; `get events` and `describe` captures anywhere.
  return describeKubectlCapture(file) ?? { notALog: NOT_A_LOG };
}

function describeJournal(name: string): MemberMapping {
  const unit = /--unit_([^_]+)/.exec(name);
  const component = unit ? componentFromName(unit[1]) : /_-k(_|$)|--dmesg/.test(name) ? 'kernel' : undefined;
  return component ? { component, formatHint: 'journal-short' } : { formatHint: 'journal-short' };
}

/** `var.log.messages.tailed` is the tail of /var/log/messages; `journalctl_….tailed` a capped journal. */
function describeTailed(name: string): MemberMapping {
  const plain = name.replace(/\.tailed$/, '');
  if (/^journalctl_/.test(plain)) return describeJournal(plain);
  if (plain.startsWith('var.log.')) return describeLogFile(`var/log/${plain.slice('var.log.'.length)}`);
  return { notALog: NOT_A_LOG };
}
