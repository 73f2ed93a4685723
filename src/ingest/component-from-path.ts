import { COMPONENT_TABLE } from '../model/index.js';

/** The one component table (src/model/components.ts), indexed: formats reads the same for journal identifiers. */
const BY_NAME: ReadonlyMap<string, string> = new Map(COMPONENT_TABLE.flatMap(({ component, names }) => names.map((name) => [name, component] as const)));
const BY_PREFIX: readonly (readonly [string, string])[] = COMPONENT_TABLE.flatMap(({ component, prefixes }) => (prefixes ?? []).map((prefix) => [prefix, component] as const));

/** Pod log directories and container files start with the pod's namespace (`kube-system_etcd-cp1_<uid>`). */
const POD_NAMESPACE = /^(?:kube-system|kube-flannel)[-_]/;

/**
 * Maps a member path to the component it logs for, from the file name and then its parent
 * directories: `journald/k3s` → k3s, `k3s/containerd.log` → containerd,
 * `snap.microk8s.daemon-kubelite/journal.log` → kubelite, `kern.log.1` → kernel,
 * `pods/kube-system_kube-apiserver-n1_<uid>/kube-apiserver/0.log` → apiserver.
 */
export function componentFromPath(path: string): string | undefined {
  const inner = path.slice(path.lastIndexOf('!/') + 1);
  const segments = inner.split('/').filter((s) => s !== '');
  for (let i = segments.length - 1, tried = 0; i >= 0 && tried < 3; i--, tried++) {
    const found = componentFromName(segments[i]);
    if (found) return found;
  }
  return undefined;
}

/** Maps one name (a unit, a file name, a container or pod name) to a component. */
export function componentFromName(name: string): string | undefined {
  const stem = nameStem(name);
  const exact = BY_NAME.get(stem);
  if (exact !== undefined) return exact;
  const program = stem.replace(POD_NAMESPACE, '');
  for (const [prefix, component] of BY_PREFIX) if (program.startsWith(prefix)) return component;
  return undefined;
}

/**
 * Strips what does not name the program: compression and rotation suffixes (`.1`, `.2.gz`,
 * `-20240101`, `.20240101-150405`), `.log`/`.txt`, `.service`, the microk8s snap prefix
 * (`snap.microk8s.daemon-`), and a sos journal command (`journalctl_--no-pager_--unit_kubelet`).
 */
export function nameStem(name: string): string {
  let stem = name.toLowerCase();
  const unit = /--unit_([^_]+)/.exec(stem);
  if (unit) stem = unit[1];
  let previous: string;
  do {
    previous = stem;
    stem = stem
      .replace(/\.(gz|xz|zst|bz2|tailed|tmp)$/, '')
      .replace(/\.\d{8}-\d{6}$/, '')
      .replace(/[.-]\d{8}$/, '')
      .replace(/\.\d+$/, '')
      .replace(/\.(log|txt|service|out)$/, '');
  } while (stem !== previous);
  return stem.replace(/^snap\./, '').replace(/^microk8s\.daemon-/, '');
}
