import { collectionTimeFromName } from '../collection-time-from-name.js';
import { componentFromName } from '../component-from-path.js';
import { type BundleLayout, NOT_A_LOG } from './bundle-layout.js';
import { podLog } from './kubectl-capture.js';

// replicatedhq/troubleshoot pkg/supportbundle/parse.go: ^\/?support-bundle-(\d{4})-(\d{2})-(\d{2})T(\d{2})_(\d{2})_(\d{2})\/?
const TOP_DIR = /^(redacted-)?support-bundle-\d{4}-\d{2}-\d{2}T\d{2}_\d{2}_\d{2}$/;

/**
 * Replicated troubleshoot support bundle (docs/input-formats.md A5): `host-collectors/journald/<name>.txt`
 * (journalctl with whatever `--output` the spec chose, so no format hint), remote collectors under
 * `host-collectors/<node>/…`, pod logs in `cluster-resources/pods/logs/<ns>/<pod>/<container>.log`,
 * and JSON resources that are not logs.
 */
export const troubleshoot: BundleLayout = {
  id: 'troubleshoot',
  scope: 'bundle',
  recognise(path) {
    const top = path.split('/')[0];
    if (!TOP_DIR.test(top) || path.length === top.length) return undefined;
    const collectedAt = collectionTimeFromName(top);
    return { layout: 'troubleshoot', root: `${top}/`, ...(collectedAt !== undefined ? { collectedAt } : {}) };
  },
  describe(relativePath) {
    const segments = relativePath.split('/');
    const base = segments[segments.length - 1];
    // Events (`cluster-resources/events/<ns>.json`) are evidence: the formats read them as events.
    if (segments[0] === 'cluster-resources' && segments[1] === 'events' && segments.length === 3) return { formatHint: 'k8s-event-documents' };
    if (/-info\.json$|-stderr\.txt$|\.(json|yaml|yml)$/.test(base)) return { notALog: NOT_A_LOG };
    if (segments[0] === 'host-collectors') {
      const journald = segments.indexOf('journald');
      if (journald === 1 || journald === 2) {
        const name = base.replace(/\.txt$/, '');
        const component = componentFromName(name);
        const host = journald === 2 ? segments[1] : undefined;
        return { ...(component ? { component } : {}), ...(host ? { host } : {}) };
      }
      return {};
    }
    const pod = /^cluster-resources\/pods\/logs\/([^/]+)\/([^/]+)\/([^/]+?)(-previous)?\.log$/.exec(relativePath);
    if (pod) return podLog(pod[1], pod[2], pod[3]);
    if (segments[0] === 'cluster-resources' || segments[0] === 'execution-data') return { notALog: NOT_A_LOG };
    return {};
  },
};
