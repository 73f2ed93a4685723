import { describe, expect, it } from 'vitest';
import { componentFromPath, nameStem } from '../../src/ingest/component-from-path.js';

describe('componentFromPath', () => {
  it('maps the examples of the ingest brief', () => {
    expect(componentFromPath('host-2025-03-14_15_04_05/journald/k3s')).toBe('k3s');
    expect(componentFromPath('host-2025-03-14_15_04_05/k3s/containerd.log')).toBe('containerd');
    expect(componentFromPath('var/lib/rancher/rke2/agent/logs/kubelet.log')).toBe('kubelet');
    expect(componentFromPath('inspection-report/snap.microk8s.daemon-kubelite/journal.log')).toBe('kubelite');
    expect(componentFromPath('inspection-report/snap.microk8s.daemon-containerd/journal.log')).toBe('containerd');
    expect(componentFromPath('var/log/kern.log.2.gz')).toBe('kernel');
    expect(componentFromPath('var/log/dmesg.0')).toBe('kernel');
    expect(componentFromPath('var/log/pods/kube-system_kube-apiserver-cp1_u/kube-apiserver/0.log')).toBe('apiserver');
    expect(componentFromPath('var/log/pods/kube-system_etcd-cp1_u/etcd/0.log')).toBe('etcd');
  });

  it('looks only inside the innermost archive of a nested path', () => {
    expect(componentFromPath('kubelet/bundle.tgz!/var/log/syslog')).toBeUndefined();
  });

  it('leaves unknown files without a component', () => {
    expect(componentFromPath('var/log/syslog')).toBeUndefined();
    expect(componentFromPath('notes.txt')).toBeUndefined();
  });
});

describe('nameStem', () => {
  it('drops rotation, compression and extension suffixes', () => {
    expect(nameStem('kubelet.log.1.gz')).toBe('kubelet');
    expect(nameStem('messages-20250314')).toBe('messages');
    expect(nameStem('0.log.20250314-150405.gz')).toBe('0');
    expect(nameStem('journalctl_--no-pager_--unit_containerd')).toBe('containerd');
    expect(nameStem('k3s.service')).toBe('k3s');
  });
});
