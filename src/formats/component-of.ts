/**
 * Maps a journal/syslog identifier or unit name to the component a support engineer thinks in.
 * The identifier wins over the file's layout because one journal dump mixes many units.
 */
const BY_IDENTIFIER: ReadonlyArray<readonly [RegExp, string]> = [
  [/^k3s(?:-agent|-server)?(?:\.service)?$/, 'k3s'],
  [/^rke2(?:-agent|-server)?(?:\.service)?$/, 'rke2'],
  [/^(?:snap\.)?microk8s\.daemon-kubelite(?:\.service)?$/, 'kubelite'],
  [/^(?:snap\.)?microk8s\.daemon-containerd(?:\.service)?$/, 'containerd'],
  [/^(?:snap\.)?microk8s\.daemon-k8s-dqlite(?:\.service)?$/, 'dqlite'],
  [/^(?:snap\.)?microk8s\.daemon-etcd(?:\.service)?$/, 'etcd'],
  [/^(?:snap\.)?microk8s\.daemon-flanneld(?:\.service)?$/, 'flannel'],
  [/^(?:snap\.)?microk8s\.daemon-([a-z-]+)(?:\.service)?$/, 'microk8s'],
  [/^containerd(?:\.service)?$/, 'containerd'],
  [/^containerd-shim(?:-runc-v2)?$/, 'containerd'],
  [/^kubelet(?:\.service)?$/, 'kubelet'],
  [/^(?:kube-)?apiserver$/, 'apiserver'],
  [/^kube-controller-manager$/, 'controller-manager'],
  [/^kube-scheduler$/, 'scheduler'],
  [/^kube-proxy$/, 'kube-proxy'],
  [/^etcd$/, 'etcd'],
  [/^(?:dockerd|docker)(?:\.service)?$/, 'docker'],
  [/^kernel$/, 'kernel'],
  [/^(?:chronyd|ntpd|systemd-timesyncd)$/, 'time-sync'],
  [/^(?:systemd|systemd-[a-z-]+|init)$/, 'systemd'],
  [/^(?:coredns)$/, 'coredns'],
  [/^(?:flanneld)$/, 'flannel'],
  [/^(?:calico-node|calico)$/, 'calico'],
];

// A journal names a handful of identifiers millions of times: remember answers (misses too, which try every
// pattern) instead of running up to 23 regexes per line. Bounded, since a hostile file could name unboundedly many.
const MEMO_LIMIT = 4096;
const MEMO_KEY_LENGTH = 256;
const memo = new Map<string, string | null>();

export function componentOf(identifier: string | undefined): string | undefined {
  if (!identifier) return undefined;
  const known = memo.get(identifier);
  if (known !== undefined) return known ?? undefined;
  let found: string | null = null;
  for (const [pattern, component] of BY_IDENTIFIER) {
    if (pattern.test(identifier)) {
      found = component;
      break;
    }
  }
  if (identifier.length <= MEMO_KEY_LENGTH) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(identifier, found);
  }
  return found ?? undefined;
}
