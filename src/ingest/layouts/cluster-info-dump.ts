import { type BundleLayout, NOT_A_LOG } from './bundle-layout.js';
import { podLog } from './kubectl-capture.js';

// `events.json` is not among them: its Events are evidence, read by the formats.
const RESOURCE_FILE = /^(nodes|replication-controllers|services|daemonsets|deployments|replicasets|pods)\.(json|yaml|txt)$/;

/**
 * `kubectl cluster-info dump --output-directory=D` (kubernetes/kubectl clusterinfo_dump.go,
 * docs/input-formats.md A6): `D/nodes.json`, `D/<ns>/<kind>.json` resources and
 * `D/<ns>/<pod>/logs.txt` container logs framed by `==== START logs for container … ====`.
 */
export const clusterInfoDump: BundleLayout = {
  id: 'cluster-info-dump',
  scope: 'bundle',
  recognise(path) {
    const m = /^((?:[^/]+\/)?)(?:nodes\.(?:json|yaml|txt)$|[^/]+\/(?:events|pods|services|deployments|daemonsets|replicasets|replication-controllers)\.(?:json|yaml|txt)$|[^/]+\/[^/]+\/logs\.txt$)/.exec(path);
    if (!m) return undefined;
    return { layout: 'cluster-info-dump', root: m[1] };
  },
  describe(relativePath) {
    const segments = relativePath.split('/');
    const base = segments[segments.length - 1];
    if (RESOURCE_FILE.test(base)) return { notALog: NOT_A_LOG };
    if (base === 'logs.txt' && segments.length >= 3) {
      return { ...podLog(segments[segments.length - 3], segments[segments.length - 2], undefined), formatHint: 'plain-text' };
    }
    return {};
  },
};
