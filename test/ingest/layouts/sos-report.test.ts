import { describe, expect, it } from 'vitest';
import { mapPaths } from './layout-harness.js';

// Paths written by sosreport/sos (docs/input-formats.md A4).
describe('sos-report layout', () => {
  const top = 'sosreport-worker-2-2025-03-14-qwertyu';
  const m = mapPaths(`${top}.tar.xz`, [
    `${top}/version.txt`,
    `${top}/sos_reports/manifest.json`,
    `${top}/var/log/messages`,
    `${top}/var/log/pods/kube-system_kube-apiserver-w2_u1/kube-apiserver/1.log`,
    `${top}/sos_commands/logs/journalctl_--no-pager`,
    `${top}/sos_commands/kubernetes/journalctl_--no-pager_--unit_kubelet`,
    `${top}/sos_commands/containerd/journalctl_--no-pager_--unit_containerd`,
    `${top}/sos_commands/kernel/dmesg`,
    `${top}/sos_commands/kernel/dmesg_-T`,
    `${top}/sos_strings/logs/var.log.messages.tailed`,
    `${top}/sos_commands/networking/ip_addr`,
    `${top}/etc/containerd/config.toml`,
  ]);

  it('takes the host from the friendly name and the end of the named day as collectedAt', () => {
    expect(m[`${top}/var/log/messages`]).toEqual({
      layout: 'sos-report',
      host: 'worker-2',
      formatHint: 'journal-short',
      collectedAt: Date.UTC(2025, 2, 14, 23, 59, 59, 999),
    });
  });

  it('maps journals, dmesg and copied pod logs', () => {
    expect(m[`${top}/sos_commands/logs/journalctl_--no-pager`]).toMatchObject({ formatHint: 'journal-short' });
    expect(m[`${top}/sos_commands/kubernetes/journalctl_--no-pager_--unit_kubelet`]).toMatchObject({ component: 'kubelet', formatHint: 'journal-short' });
    expect(m[`${top}/sos_commands/containerd/journalctl_--no-pager_--unit_containerd`].component).toBe('containerd');
    expect(m[`${top}/sos_commands/kernel/dmesg`]).toMatchObject({ component: 'kernel', formatHint: 'dmesg' });
    expect(m[`${top}/sos_commands/kernel/dmesg_-T`]).toMatchObject({ component: 'kernel', formatHint: 'dmesg-human' });
    expect(m[`${top}/var/log/pods/kube-system_kube-apiserver-w2_u1/kube-apiserver/1.log`]).toMatchObject({ component: 'apiserver', formatHint: 'cri' });
    expect(m[`${top}/sos_strings/logs/var.log.messages.tailed`]).toMatchObject({ formatHint: 'journal-short' });
  });

  it('marks sos metadata, command output and config files as not logs', () => {
    for (const p of ['version.txt', 'sos_reports/manifest.json', 'sos_commands/networking/ip_addr', 'etc/containerd/config.toml']) {
      expect(m[`${top}/${p}`].notALog, p).toBeDefined();
    }
  });

  it('reads the legacy name with a full time stamp', () => {
    const legacy = 'sosreport-node1-20250314150405';
    expect(mapPaths(undefined, [`${legacy}/var/log/kern.log`])[`${legacy}/var/log/kern.log`]).toMatchObject({
      host: 'node1',
      component: 'kernel',
      collectedAt: Date.UTC(2025, 2, 14, 15, 4, 5),
    });
  });
});
