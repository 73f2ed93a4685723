import { describe, expect, it } from 'vitest';
import { mapPaths } from './layout-harness.js';

// Paths written by rancherlabs/support-tools rancher2_logs_collector.sh (docs/input-formats.md A2); `./` is stripped before.
const top = 'k3s-node-03-2025-03-14_15_04_05';
describe('rancher-logs layout', () => {
  const m = mapPaths(`${top}.tar.gz`, [
    `${top}/`,
    `${top}/journald/k3s`,
    `${top}/journald/containerd`,
    `${top}/k3s/containerd.log`,
    `${top}/k3s/containerd.log.1`,
    `${top}/k3s/containerd.log.2.gz`,
    `${top}/k3s/containerd.log.bak-config`,
    `${top}/systemlogs/kern.log.1`,
    `${top}/systemlogs/syslog.2.gz`,
    `${top}/systeminfo/dmesg`,
    `${top}/systeminfo/ps`,
    `${top}/k3s/kubectl/pods`,
    `${top}/k3s/podlogs/kube-system-coredns-6799fbcd5-x2x`,
    `${top}/k3s/podlogs/kube-system_etcd-n1_0b1c/etcd/0.log`,
    `${top}/rke2/agent-logs/kubelet.log`,
    `${top}/collector-output.log`,
    `${top}/systemlogs/sa-data/sa14`,
  ]);

  it('takes the host (with dashes) and collectedAt from the top directory', () => {
    expect(m[`${top}/journald/k3s`]).toEqual({
      layout: 'rancher-logs',
      host: 'k3s-node-03',
      component: 'k3s',
      formatHint: 'journal-short',
      collectedAt: Date.UTC(2025, 2, 14, 15, 4, 5),
    });
  });

  it('maps each known file to its component and format', () => {
    expect(m[`${top}/journald/containerd`]).toMatchObject({ component: 'containerd', formatHint: 'journal-short' });
    expect(m[`${top}/k3s/containerd.log`]).toMatchObject({ component: 'containerd', formatHint: 'logrus' });
    expect(m[`${top}/k3s/containerd.log.1`]).toMatchObject({ component: 'containerd', formatHint: 'logrus' });
    expect(m[`${top}/k3s/containerd.log.2.gz`]).toMatchObject({ component: 'containerd', formatHint: 'logrus' });
    expect(m[`${top}/k3s/containerd.log.bak-config`].notALog).toBe('not a log');
    expect(m[`${top}/systemlogs/kern.log.1`]).toMatchObject({ component: 'kernel', formatHint: 'journal-short' });
    expect(m[`${top}/systemlogs/syslog.2.gz`]).toMatchObject({ formatHint: 'journal-short' });
    expect(m[`${top}/systeminfo/dmesg`]).toMatchObject({ component: 'kernel', formatHint: 'dmesg-human' });
    expect(m[`${top}/k3s/podlogs/kube-system-coredns-6799fbcd5-x2x`]).toMatchObject({ component: 'coredns', formatHint: 'plain-text' });
    expect(m[`${top}/k3s/podlogs/kube-system_etcd-n1_0b1c/etcd/0.log`]).toMatchObject({ component: 'etcd', formatHint: 'cri' });
    expect(m[`${top}/rke2/agent-logs/kubelet.log`]).toMatchObject({ component: 'kubelet', formatHint: 'klog' });
  });

  it('marks tables, command output and binary performance data as not logs', () => {
    expect(m[`${top}/systeminfo/ps`].notALog).toBe('not a log');
    expect(m[`${top}/k3s/kubectl/pods`].notALog).toBe('not a log');
    expect(m[`${top}/collector-output.log`].notALog).toMatch(/collector/);
    expect(m[`${top}/systemlogs/sa-data/sa14`].notALog).toBeDefined();
  });
});
