/** Exact names (service units, file stems, container names) and the component they log for. */
const COMPONENTS: Readonly<Record<string, string>> = {
  k3s: 'k3s',
  'k3s-agent': 'k3s',
  'k3s-server': 'k3s',
  rke2: 'rke2',
  'rke2-server': 'rke2',
  'rke2-agent': 'rke2',
  containerd: 'containerd',
  kubelet: 'kubelet',
  kubelite: 'kubelite',
  kern: 'kernel',
  kernel: 'kernel',
  dmesg: 'kernel',
  etcd: 'etcd',
  'kube-apiserver': 'apiserver',
  apiserver: 'apiserver',
  'kube-controller-manager': 'controller-manager',
  'kube-scheduler': 'scheduler',
  'kube-proxy': 'kube-proxy',
  kubeproxy: 'kube-proxy',
  'k8s-dqlite': 'dqlite',
  docker: 'docker',
  dockerd: 'docker',
  'cloud-init': 'cloud-init',
  coredns: 'coredns',
  flanneld: 'flannel',
  'kube-flannel': 'flannel',
  'cluster-agent': 'cluster-agent',
  'rancher-system-agent': 'rancher-system-agent',
  'systemd-networkd': 'systemd-networkd',
};

/** Static pods are named `<component>-<node>`; their logs are named after the pod. */
const POD_PREFIXES: readonly (readonly [RegExp, string])[] = [
  [/^(?:kube-system[-_])?kube-apiserver-/, 'apiserver'],
  [/^(?:kube-system[-_])?etcd-/, 'etcd'],
  [/^(?:kube-system[-_])?kube-controller-manager-/, 'controller-manager'],
  [/^(?:kube-system[-_])?kube-scheduler-/, 'scheduler'],
  [/^(?:kube-system[-_])?kube-proxy-/, 'kube-proxy'],
  [/^(?:kube-system[-_])?coredns-/, 'coredns'],
  [/^(?:kube-flannel[-_])?kube-flannel-ds-/, 'flannel'],
];

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
  const exact = COMPONENTS[stem];
  if (exact) return exact;
  for (const [prefix, component] of POD_PREFIXES) if (prefix.test(stem)) return component;
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
