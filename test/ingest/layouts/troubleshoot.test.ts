import { describe, expect, it } from 'vitest';
import { mapPaths } from './layout-harness.js';

// Paths written by replicatedhq/troubleshoot (docs/input-formats.md A5).
describe('troubleshoot layout', () => {
  const top = 'support-bundle-2025-03-14T15_04_05';
  const m = mapPaths(`${top}.tar.gz`, [
    `${top}/host-collectors/journald/k3s.txt`,
    `${top}/host-collectors/journald/k3s-info.json`,
    `${top}/host-collectors/journald/k3s-stderr.txt`,
    `${top}/host-collectors/worker-7/journald/kubelet.txt`,
    `${top}/cluster-resources/pods/logs/kube-system/etcd-cp1/etcd.log`,
    `${top}/cluster-resources/pods/logs/kube-system/etcd-cp1/etcd-previous.log`,
    `${top}/cluster-resources/events/kube-system.json`,
    `${top}/cluster-resources/pods/kube-system.json`,
    `${top}/version.yaml`,
  ]);

  it('maps host journald collectors without a format hint (the spec chooses the output format)', () => {
    expect(m[`${top}/host-collectors/journald/k3s.txt`]).toEqual({ layout: 'troubleshoot', component: 'k3s', collectedAt: Date.UTC(2025, 2, 14, 15, 4, 5) });
  });

  it('takes the host from a remote host collector path', () => {
    expect(m[`${top}/host-collectors/worker-7/journald/kubelet.txt`]).toMatchObject({ host: 'worker-7', component: 'kubelet' });
  });

  it('maps pod logs, current and previous', () => {
    expect(m[`${top}/cluster-resources/pods/logs/kube-system/etcd-cp1/etcd.log`].component).toBe('etcd');
    expect(m[`${top}/cluster-resources/pods/logs/kube-system/etcd-cp1/etcd-previous.log`].component).toBe('etcd');
    expect(m[`${top}/cluster-resources/pods/logs/kube-system/etcd-cp1/etcd.log`].fields).toEqual({ namespace: 'kube-system', pod: 'etcd-cp1', container: 'etcd' });
    // Events are evidence: the formats read them.
    expect(m[`${top}/cluster-resources/events/kube-system.json`].notALog).toBeUndefined();
  });

  it('marks collector metadata and JSON/YAML resources as not logs', () => {
    for (const p of ['host-collectors/journald/k3s-info.json', 'host-collectors/journald/k3s-stderr.txt', 'cluster-resources/pods/kube-system.json', 'version.yaml']) {
      expect(m[`${top}/${p}`].notALog, p).toBe('not a log');
    }
  });
});
