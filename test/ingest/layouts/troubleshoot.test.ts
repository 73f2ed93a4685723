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
    // No host yet: the bundle's node list (cluster-resources/nodes.json) may still name its only node.
    expect(m[`${top}/host-collectors/journald/k3s.txt`]).toEqual({ layout: 'troubleshoot', component: 'k3s', hostProvisional: true, collectedAt: Date.UTC(2025, 2, 14, 15, 4, 5) });
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

// troubleshoot's own testdata archive (testdata/supportbundle/support-bundle.tar.gz) has the top directory
// `support-bundle/`; a bundle renamed after a case keeps troubleshoot's directories below its top.
describe('troubleshoot layout without the stamped top directory', () => {
  it('recognises `support-bundle/` from its first member, whatever that member is', () => {
    for (const first of ['support-bundle/analysis.json', 'support-bundle/all-logs/traefik-7cd4fcff68-9blj6/traefik.log', 'support-bundle/version.yaml']) {
      const m = mapPaths('support-bundle.tar.gz', [first, 'support-bundle/cluster-resources/pods/logs/kube-system/traefik-7cd4fcff68-9blj6/traefik.log']);
      expect(m[first].layout, first).toBe('troubleshoot');
      if (!first.includes('/all-logs/')) expect(m[first].notALog, first).toBe('not a log');
      expect(m['support-bundle/cluster-resources/pods/logs/kube-system/traefik-7cd4fcff68-9blj6/traefik.log'].fields).toEqual({
        namespace: 'kube-system', pod: 'traefik-7cd4fcff68-9blj6', container: 'traefik',
      });
    }
  });

  it('recognises a renamed top directory by what only troubleshoot writes below it', () => {
    const m = mapPaths('case-4711.tgz', ['case-4711/cluster-resources/nodes.json', 'case-4711/analysis.json', 'case-4711/host-collectors/journald/k3s.txt']);
    expect(m['case-4711/analysis.json']).toMatchObject({ layout: 'troubleshoot', notALog: 'not a log' });
    expect(m['case-4711/host-collectors/journald/k3s.txt']).toMatchObject({ layout: 'troubleshoot', component: 'k3s' });
    const flat = mapPaths('bundle.tgz', ['cluster-info/cluster_version.json', 'cluster-resources/pods/logs/default/web-0/nginx.log']);
    expect(flat['cluster-resources/pods/logs/default/web-0/nginx.log']).toMatchObject({ layout: 'troubleshoot', fields: { pod: 'web-0', container: 'nginx' } });
  });

  it('leaves a kubectl cluster-info dump to its own layout', () => {
    const m = mapPaths('dump.tgz', ['cluster-info/nodes.json', 'cluster-info/kube-system/events.json']);
    expect(m['cluster-info/nodes.json'].layout).toBe('cluster-info-dump');
  });
});
