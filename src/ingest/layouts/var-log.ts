import { componentFromName, componentFromPath, nameStem } from '../component-from-path.js';
import type { BundleLayout, MemberMapping } from './bundle-layout.js';

/**
 * Raw copies of a node's /var/log (A6 of docs/input-formats.md): kubelet's
 * `pods/<ns>_<pod>_<uid>/<container>/<restart>.log[.<stamp>[.gz]]` in CRI format,
 * `containers/<pod>_<ns>_<container>-<id>.log` (symlinks into pods/), syslog, kern.log, dmesg,
 * `k3s.log` (openrc), and the containerd/kubelet files of k3s and RKE2.
 */
export const varLog: BundleLayout = {
  id: 'var-log',
  scope: 'member',
  recognise(path) {
    return /(^|\/)(var\/log\/|pods\/[^/]+_[^/]+_[^/]+\/[^/]+\/\d+\.log|containers\/[^/]+\.log)/.test(path)
      ? { layout: 'var-log', root: '' }
      : undefined;
  },
  describe(relativePath) {
    return describeLogFile(relativePath);
  },
};

/** Component and format of a log file found by its usual /var/log-style name; shared by the other layouts. */
export function describeLogFile(path: string): MemberMapping {
  const segments = path.split('/');
  const base = segments[segments.length - 1] ?? '';
  if (/\.tmp$/.test(base)) return { notALog: 'kubelet temporary file' };
  const pod = /(?:^|\/)pods\/([^/_]+)_([^/]+)_[^/_]+\/([^/]+)\/\d+\.log(\.\d{8}-\d{6})?(\.gz)?$/.exec(path);
  if (pod) return { component: componentFromName(pod[3]) ?? componentFromName(pod[2]) ?? pod[3], formatHint: 'cri' };
  const container = /(?:^|\/)containers\/([^/_]+)_([^/_]+)_(.+)-[0-9a-f]{64}\.log$/.exec(path);
  if (container) return { component: componentFromName(container[3]) ?? componentFromName(container[1]) ?? container[3], formatHint: 'cri' };
  const stem = nameStem(base);
  const component = componentFromPath(path);
  if (/^dmesg/.test(stem)) return { component: 'kernel', formatHint: /-t$|_-t$/.test(stem) ? 'dmesg-human' : 'dmesg' };
  if (/^(kern|syslog|messages|daemon|user)$/.test(stem)) return { component: stem === 'kern' ? 'kernel' : component, formatHint: 'journal-short' };
  if (stem === 'kubelet') return { component: 'kubelet', formatHint: 'klog' };
  if (stem === 'containerd' || stem === 'k3s' || /^(rke2|k3s)-(server|agent)$/.test(stem)) {
    return { component: component ?? stem, formatHint: 'logrus' };
  }
  return component ? { component } : {};
}
