import { collectionTimeFromName } from '../collection-time-from-name.js';
import { componentFromName } from '../component-from-path.js';
import { type BundleLayout, type MemberMapping, NOT_A_LOG } from './bundle-layout.js';
import { describeLogFile } from './var-log.js';

const TOP_DIR = /^(.+)-(\d{4}-\d{2}-\d{2}_\d{2}_\d{2}_\d{2})$/;
const DISTROS = new Set(['k3s', 'rke2', 'rke', 'kubeadm', 'pod']);

/**
 * Rancher logs collector (rancherlabs/support-tools rancher2_logs_collector.sh, docs/input-formats.md
 * A2): `tar -C $TMPDIR .` of `<hostname>-<YYYY-MM-DD_HH_MM_SS>/`, so members start with `./<host>-…/`.
 * `journald/<unit>` is journalctl short output, `systemlogs/` copies /var/log, `systeminfo/dmesg`
 * is `dmesg -T`, `<distro>/containerd.log` is logrus, `<distro>/podlogs/` holds pod output.
 */
export const rancherLogs: BundleLayout = {
  id: 'rancher-logs',
  scope: 'bundle',
  recognise(path) {
    const top = path.split('/')[0];
    const m = TOP_DIR.exec(top);
    if (m && path.length > top.length) {
      const collectedAt = collectionTimeFromName(top);
      return { layout: 'rancher-logs', root: `${top}/`, host: m[1], ...(collectedAt !== undefined ? { collectedAt } : {}) };
    }
    return undefined;
  },
  describe(relativePath) {
    const [top, ...rest] = relativePath.split('/');
    const file = rest.join('/');
    if (rest.length === 0) {
      return { notALog: top === 'collector-output.log' ? "the collector's own progress log" : NOT_A_LOG };
    }
    if (top === 'journald') {
      return { component: componentFromName(file) ?? file, formatHint: 'journal-short' };
    }
    if (top === 'systemlogs') {
      if (/^(atop|sa|sysstat)-data\//.test(file)) return { notALog: 'performance data (binary)' };
      return describeLogFile(file);
    }
    if (top === 'systeminfo') return file === 'dmesg' ? { component: 'kernel', formatHint: 'dmesg-human' } : { notALog: NOT_A_LOG };
    if (top === 'etcd' || top === 'networking') return { notALog: NOT_A_LOG };
    if (DISTROS.has(top)) return describeDistroFile(rest);
    return describeLogFile(relativePath);
  },
};

function describeDistroFile(rest: readonly string[]): MemberMapping {
  const [first, ...more] = rest;
  const file = rest.join('/');
  // Rotated copies (`containerd.log.1`, `containerd.log.2.gz`) hold the older lines: often the ones before a crash.
  if (/^containerd\.log(?:\.\d+)?(?:\.gz)?$/.test(file)) return { component: 'containerd', formatHint: 'logrus' };
  if (first === 'podlogs') {
    if (more.length > 1) return describeLogFile(`pods/${more.join('/')}`);
    // `kubectl logs` output without --timestamps: raw application lines named <ns>-<pod>[-previous].
    const name = (more[0] ?? '').replace(/-previous$/, '');
    const component = componentFromName(name);
    return component ? { component, formatHint: 'plain-text' } : { formatHint: 'plain-text' };
  }
  if (first === 'agent-logs' || first === 'server-logs') return describeLogFile(more.join('/'));
  if (first === 'containerlogs' || (first === 'rancher' && more[0] === 'containerlogs')) {
    return { component: componentFromName(rest[rest.length - 1]) ?? rest[rest.length - 1] };
  }
  if (first === 'kubectl' && more.join('/') === 'cluster-info_dump') return {};
  if (['kubectl', 'crictl', 'pod-manifests'].includes(first) || more.length === 0) return { notALog: NOT_A_LOG };
  return describeLogFile(file);
}
