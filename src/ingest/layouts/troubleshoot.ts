import { collectionTimeFromName } from '../collection-time-from-name.js';
import { componentFromName } from '../component-from-path.js';
import { type BundleLayout, type LayoutMatch, NOT_A_LOG } from './bundle-layout.js';
import { podLog } from './kubectl-capture.js';
import { isTroubleshootMetadata, learnTroubleshootMetadata, NODE_LIST_BYTES } from './troubleshoot-metadata.js';

// replicatedhq/troubleshoot pkg/supportbundle/parse.go: ^\/?support-bundle-(\d{4})-(\d{2})-(\d{2})T(\d{2})_(\d{2})_(\d{2})\/?
// (or without the stamp: `support-bundle/`, as troubleshoot's own testdata archive has it).
const TOP_DIR = /^(redacted-)?support-bundle(?:-\d{4}-\d{2}-\d{2}T\d{2}_\d{2}_\d{2})?$/;
/**
 * A renamed bundle (a case number) is known by what only troubleshoot writes below its root: the cluster resources,
 * host collectors and `all-logs` link directories, the cluster info collector's version file. troubleshoot's own
 * reader (pkg/analyze/download.go FindBundleRootDir) takes any single top directory.
 */
const OWN_PATH = /^(?:cluster-resources|host-collectors|all-logs)\/[^/]|^cluster-info\/cluster_version\.json$/;

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
    if (TOP_DIR.test(top) && path.length > top.length) return matchAt(`${top}/`);
    if (OWN_PATH.test(path)) return matchAt('');
    const below = path.slice(top.length + 1);
    return path.length > top.length && OWN_PATH.test(below) ? matchAt(`${top}/`) : undefined;
  },
  isMetadata: isTroubleshootMetadata,
  learn: learnTroubleshootMetadata,
  metadataBytes: NODE_LIST_BYTES,
  describe(relativePath) {
    const segments = relativePath.split('/');
    const base = segments[segments.length - 1];
    // Events (`cluster-resources/events/<ns>.json`) are evidence: the formats read them as events.
    if (segments[0] === 'cluster-resources' && segments[1] === 'events' && segments.length === 3) return { formatHint: 'k8s-event-documents' };
    // `analysis.json` holds the analyzers' verdicts of the spec (troubleshoot pkg/constants ANALYSIS_FILENAME): not log lines.
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

function matchAt(root: string): LayoutMatch {
  const collectedAt = root === '' ? undefined : collectionTimeFromName(root.slice(0, -1));
  return { layout: 'troubleshoot', root, ...(collectedAt !== undefined ? { collectedAt } : {}) };
}
