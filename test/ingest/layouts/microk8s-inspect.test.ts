import { describe, expect, it } from 'vitest';
import { mapPaths } from './layout-harness.js';

// Paths written by canonical/microk8s scripts/inspect.sh (docs/input-formats.md A1).
describe('microk8s-inspect layout', () => {
  const m = mapPaths('inspection-report-20250314_150405.tar.gz', [
    'inspection-report/snap.microk8s.daemon-kubelite/journal.log',
    'inspection-report/snap.microk8s.daemon-containerd/journal.log',
    'inspection-report/snap.microk8s.daemon-k8s-dqlite/journal.log',
    'inspection-report/snap.microk8s.daemon-kubelite/systemctl.log',
    'inspection-report/microk8s.daemon-kubelite/journal.log',
    'inspection-report/apparmor/dmesg',
    'inspection-report/args/kubelet',
    'inspection-report/network/ip-addr',
    'inspection-report/k8s/get-all',
    'inspection-report/k8s/cluster-info-dump',
  ]);

  it('maps service journals to their component with the journal-short hint and the name stamp as collectedAt', () => {
    expect(m['inspection-report/snap.microk8s.daemon-kubelite/journal.log']).toEqual({
      layout: 'microk8s-inspect',
      component: 'kubelite',
      formatHint: 'journal-short',
      collectedAt: Date.UTC(2025, 2, 14, 15, 4, 5),
    });
    expect(m['inspection-report/snap.microk8s.daemon-containerd/journal.log'].component).toBe('containerd');
    expect(m['inspection-report/snap.microk8s.daemon-k8s-dqlite/journal.log'].component).toBe('dqlite');
    // strict confinement drops the `snap.` prefix
    expect(m['inspection-report/microk8s.daemon-kubelite/journal.log'].component).toBe('kubelite');
  });

  it('reads apparmor/dmesg as the kernel ring buffer', () => {
    expect(m['inspection-report/apparmor/dmesg']).toMatchObject({ component: 'kernel', formatHint: 'dmesg' });
  });

  it('marks command output and status files as not logs, but keeps the cluster-info dump', () => {
    for (const p of ['inspection-report/args/kubelet', 'inspection-report/network/ip-addr', 'inspection-report/k8s/get-all']) {
      expect(m[p].notALog).toBe('not a log');
    }
    expect(m['inspection-report/snap.microk8s.daemon-kubelite/systemctl.log'].notALog).toMatch(/duplicates journal\.log/);
    expect(m['inspection-report/k8s/cluster-info-dump'].notALog).toBeUndefined();
  });

  it('has no collectedAt when the archive was renamed', () => {
    expect(mapPaths('bundle.tgz', ['inspection-report/snap.microk8s.daemon-kubelite/journal.log'])['inspection-report/snap.microk8s.daemon-kubelite/journal.log'].collectedAt).toBeUndefined();
  });
});
