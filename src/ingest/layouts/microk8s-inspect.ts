import { collectionTimeFromName } from '../collection-time-from-name.js';
import { componentFromName } from '../component-from-path.js';
import { type BundleLayout, NOT_A_LOG } from './bundle-layout.js';

const ARCHIVE_NAME = /inspection-report-\d{8}_\d{6}/;

/**
 * `microk8s inspect` (canonical/microk8s scripts/inspect.sh, docs/input-formats.md A1): every member
 * under `inspection-report/`; `<svc>/journal.log` is `journalctl -u <svc>` in the short format;
 * `apparmor/dmesg` is raw dmesg; args/, network/, sys/, k8s/ hold command output, not logs.
 */
export const microk8sInspect: BundleLayout = {
  id: 'microk8s-inspect',
  scope: 'bundle',
  recognise(path, archiveName) {
    const byPath = path === 'inspection-report' || path.startsWith('inspection-report/');
    const byName = archiveName !== undefined && ARCHIVE_NAME.test(archiveName);
    if (!byPath && !byName) return undefined;
    const collectedAt = archiveName !== undefined && byName ? collectionTimeFromName(archiveName) : undefined;
    return { layout: 'microk8s-inspect', root: byPath ? 'inspection-report/' : '', ...(collectedAt !== undefined ? { collectedAt } : {}) };
  },
  describe(relativePath) {
    const [top, ...rest] = relativePath.split('/');
    const file = rest.join('/');
    if (rest.length === 0) return { notALog: NOT_A_LOG };
    if (top === 'apparmor') return file === 'dmesg' ? { component: 'kernel', formatHint: 'dmesg' } : { notALog: NOT_A_LOG };
    if (top === 'k8s' && file === 'cluster-info-dump') return {};
    if (['args', 'network', 'sys', 'k8s', 'dqlite'].includes(top)) return { notALog: NOT_A_LOG };
    if (/(^|\.)microk8s\.daemon-|^microk8s\./.test(top)) {
      const component = componentFromName(top) ?? top.replace(/^(snap\.)?microk8s\.daemon-/, '');
      if (file === 'journal.log') return { component, formatHint: 'journal-short' };
      // systemctl/snapctl status ends with a journal tail that journal.log already holds.
      if (file === 'systemctl.log' || file === 'snapctl.log') return { notALog: 'service status (its journal tail duplicates journal.log)' };
      return { component };
    }
    return {};
  },
};
