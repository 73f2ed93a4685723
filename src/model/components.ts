/**
 * The one component table: which component a program, systemd unit, journal identifier, log file or container logs
 * for. Data only. Two lookups read it: `formats/component-of.ts` for journal and syslog identifiers (units),
 * `ingest/component-from-path.ts` for file, directory and pod names. Each first reduces its name to a program
 * name (drops `.service`, the snap prefix, rotation and compression suffixes, a pod's namespace) and then asks
 * the same two questions, so a name means the same component wherever it is read:
 *   1. Is it one of a component's `names`?            (exact, so `kubelet` but not `kubelet-wrapper`)
 *   2. Does it start with one of a component's `prefixes`, tried in table order?
 * Signatures filter on these component names (`components:` in patterns/), so the table is part of the matching
 * contract: renaming a component here changes which lines a signature sees.
 */
export interface ComponentNames {
  readonly component: string;
  /** Program, unit, identifier, file-stem and container names that log for the component. */
  readonly names: readonly string[];
  /** Name families: static pods (`kube-apiserver-<node>`), systemd's helpers (`systemd-logind`), microk8s daemons. */
  readonly prefixes?: readonly string[];
}

export const COMPONENT_TABLE: readonly ComponentNames[] = [
  { component: 'k3s', names: ['k3s', 'k3s-agent', 'k3s-server'] },
  { component: 'rke2', names: ['rke2', 'rke2-agent', 'rke2-server'] },
  { component: 'kubelite', names: ['kubelite'] },
  { component: 'containerd', names: ['containerd', 'containerd-shim', 'containerd-shim-runc-v2'] },
  { component: 'kubelet', names: ['kubelet'] },
  { component: 'apiserver', names: ['kube-apiserver', 'apiserver'], prefixes: ['kube-apiserver-'] },
  { component: 'controller-manager', names: ['kube-controller-manager'], prefixes: ['kube-controller-manager-'] },
  { component: 'scheduler', names: ['kube-scheduler'], prefixes: ['kube-scheduler-'] },
  { component: 'kube-proxy', names: ['kube-proxy', 'kubeproxy'], prefixes: ['kube-proxy-'] },
  { component: 'etcd', names: ['etcd'], prefixes: ['etcd-'] },
  { component: 'dqlite', names: ['k8s-dqlite'] },
  { component: 'docker', names: ['docker', 'dockerd'] },
  { component: 'kernel', names: ['kernel', 'kern', 'dmesg'] },
  { component: 'coredns', names: ['coredns'], prefixes: ['coredns-'] },
  { component: 'flannel', names: ['flanneld', 'kube-flannel'], prefixes: ['kube-flannel-ds-'] },
  { component: 'calico', names: ['calico', 'calico-node'] },
  { component: 'cloud-init', names: ['cloud-init'] },
  { component: 'cluster-agent', names: ['cluster-agent'] },
  { component: 'rancher-system-agent', names: ['rancher-system-agent'] },
  { component: 'time-sync', names: ['chronyd', 'ntpd', 'systemd-timesyncd'] },
  // Network configuration fails in its own way (links, DHCP, routes): its own component, not systemd's.
  { component: 'systemd-networkd', names: ['systemd-networkd'] },
  { component: 'systemd', names: ['systemd', 'init'], prefixes: ['systemd-'] },
  // A microk8s daemon the table does not name otherwise (`microk8s.daemon-apiserver-kicker`).
  { component: 'microk8s', names: [], prefixes: ['microk8s.daemon-'] },
];
