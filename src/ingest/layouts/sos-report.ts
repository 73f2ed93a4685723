import { collectionTimeFromName } from '../collection-time-from-name.js';
import { componentFromName } from '../component-from-path.js';
import { type BundleLayout, type MemberMapping, NOT_A_LOG } from './bundle-layout.js';
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
    const host = hostFromName(top);
    const collectedAt = collectionTimeFromName(top);
    return { layout: 'sos-report', root: `${top}/`, ...(host ? { host } : {}), ...(collectedAt !== undefined ? { collectedAt } : {}) };
  },
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
  if (plugin === 'kernel' && /^dmesg/.test(name)) return { component: 'kernel', formatHint: /-T/.test(name) ? 'dmesg-human' : 'dmesg' };
  if (/^journalctl_/.test(name)) return describeJournal(name);
  return { notALog: NOT_A_LOG };
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

/**
 * The host is the name minus the date part. A friendly name may also hold a label and a case id,
 * which cannot be told apart from a dashed host name (`worker-2`); names like that are far more
 * common than case ids, so the rest of the name is kept whole.
 */
function hostFromName(top: string): string | undefined {
  const body = top
    .slice('sosreport-'.length)
    .replace(/-\d{4}-\d{2}-\d{2}-[a-z]{7}$/, '')
    .replace(/-?\d{14}$/, '');
  return body === '' ? undefined : body;
}
