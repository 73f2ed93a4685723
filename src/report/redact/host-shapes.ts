/**
 * What a host name looks like in free text, as data. A dotted word is a host name only when its last label is a
 * top-level domain listed here: `containerd.service`, `kubelet.go`, `k3s.yaml`, `libc.so.6` end in no TLD and stay.
 */

/** TLDs that end a two-label name (`acme.com`, `node1.lan`): generic ones and the names used for private networks. */
export const COMMON_TLDS: ReadonlySet<string> = new Set([
  'com', 'net', 'org', 'edu', 'gov', 'mil', 'int', 'io', 'co', 'ai', 'dev', 'app', 'cloud', 'info', 'biz', 'tech',
  'online', 'site', 'xyz', 'systems', 'solutions', 'services', 'network', 'company', 'corp', 'eu', 'us', 'uk', 'de',
  'fr', 'nl', 'ch', 'at', 'se', 'no', 'fi', 'dk', 'it', 'es', 'be', 'pl', 'cz', 'ie', 'ca', 'au', 'nz', 'jp',
  'cn', 'kr', 'br', 'mx', 'za', 'ru', 'ua', 'tr', 'gr', 'hu', 'ro', 'sk', 'hr', 'lt', 'lv', 'ee', 'is',
  'lu', 'li', 'sg', 'hk', 'tw', 'vn', 'my', 'il', 'ae', 'sa', 'pe', 'uy',
  // Private and site-local names (RFC 6762, RFC 8375, ICANN's .internal) and the usual home/corporate ones.
  'local', 'localdomain', 'internal', 'lan', 'home', 'arpa', 'intranet', 'private', 'priv', 'corp', 'domain',
]);

/**
 * More TLDs that end a name of three labels or more (`node1.acme.mobi`). Country codes that are also file
 * extensions (`.sh`, `.md`, `.py`, `.rs`, `.pl`, `.so`, `.ml`, `.mk`, `.pm`, `.ps`, `.in`, `.cc`, `.am`, `.ac`,
 * `.id`, `.do`, `.to`, `.bz`, `.md`, `.rs`; `.pt`, `.ar`, `.cl`, `.th`, `.si`
 * are left out of both lists, `.name` and `.me` too: `metadata.name` is a field path) are left out on purpose: `pkg.util.sh` is a file, far more often than a host.
 */
export const MORE_TLDS: ReadonlySet<string> = new Set([
  'mobi', 'aero', 'asia', 'jobs', 'travel', 'ltd', 'gmbh', 'ag', 'bg', 'by', 'kz', 'ge', 'ba', 'al', 'cy', 'mt', 'eg', 'ma', 'ng', 'ke', 'gh', 'tz', 'ug', 'pk', 'bd', 'lk', 'np', 'ph', 'fj', 'ir',
  'iq', 'jo', 'kw', 'qa', 'om', 'bh', 'lb', 've', 'ec', 'bo', 'gt', 'cr', 'pa', 'cu', 'pr',
]);

/**
 * Public names that are not customer data and carry meaning (image registries, Go module paths, API groups, the
 * cluster's own DNS suffix): a name equal to one of these or ending in `.`+one stays as it is.
 */
export const PUBLIC_DOMAINS: readonly string[] = [
  'k8s.io', 'kubernetes.io', 'x-k8s.io', 'docker.io', 'docker.com', 'github.com', 'githubusercontent.com',
  'github.io', 'gitlab.com', 'quay.io', 'gcr.io', 'ghcr.io', 'pkg.dev', 'golang.org', 'go.dev', 'gopkg.in',
  'etcd.io', 'cattle.io', 'rancher.com', 'rancher.io', 'k3s.io', 'rke2.io', 'suse.com', 'canonical.com',
  'ubuntu.com', 'microk8s.io', 'snapcraft.io', 'containerd.io', 'cncf.io', 'opencontainers.org', 'cilium.io',
  'projectcalico.org', 'tigera.io', 'coreos.com', 'metallb.io', 'longhorn.io', 'traefik.io', 'containo.us',
  'helm.sh', 'cert-manager.io', 'istio.io', 'nvidia.com', 'redhat.com', 'fedoraproject.org', 'debian.org',
  'kernel.org', 'freedesktop.org', 'systemd.io', 'prometheus.io', 'grafana.com', 'google.com', 'googleapis.com',
  'cluster.local', 'in-addr.arpa', 'ip6.arpa', 'localhost.localdomain', 'example.com', 'example.org', 'example.net',
  'ntp.org', 'letsencrypt.org', 'rsyslog.com', 'netfilter.org', 'coredns.io', 'man7.org', 'launchpad.net',
  'linux-nfs.org', 'chrony-project.org',
];

/**
 * Bundle host names so generic that replacing them in free text would garble messages ("k3s server started");
 * they are still replaced wherever a field holds a host.
 */
export const GENERIC_HOST_NAMES: ReadonlySet<string> = new Set([
  'localhost', 'ubuntu', 'debian', 'server', 'master', 'node', 'worker', 'agent', 'controller', 'host', 'k3s',
  'rke2', 'microk8s', 'minikube', 'kind', 'default', 'linux', 'unknown', 'control-plane',
]);

export function isPublicDomain(name: string): boolean {
  const lower = name.toLowerCase();
  return PUBLIC_DOMAINS.some((d) => lower === d || lower.endsWith(`.${d}`));
}

/**
 * The FQDN rule: at least two labels, the letters all one case (mixed case is code: `v1.Pod`), the last label a
 * listed TLD (two-label names need a common one), and not a public name.
 */
export function looksLikeHostName(name: string): boolean {
  const labels = name.split('.');
  if (labels.length < 2 || labels.some((l) => l === '')) return false;
  if (name !== name.toLowerCase() && name !== name.toUpperCase()) return false;
  const tld = labels[labels.length - 1]!.toLowerCase();
  const known = COMMON_TLDS.has(tld) || (labels.length >= 3 && MORE_TLDS.has(tld));
  return known && !isPublicDomain(name);
}
