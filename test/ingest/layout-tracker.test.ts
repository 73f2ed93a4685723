import { describe, expect, it } from 'vitest';
import { LayoutTracker } from '../../src/ingest/index.js';

describe('LayoutTracker', () => {
  it('keeps the layout the first directory entry revealed for every later member', () => {
    const t = new LayoutTracker('bundle.tgz');
    t.observe('node9-2025-03-14_15_04_05/');
    expect(t.describe('node9-2025-03-14_15_04_05/k3s/containerd.log')).toMatchObject({ layout: 'rancher-logs', host: 'node9' });
  });

  it('gives each node its own host when several collector outputs are tarred together', () => {
    const t = new LayoutTracker('cluster-logs.tgz');
    t.observe('./');
    t.observe('k3s-node-01-2025-03-14_14_31_07/');
    expect(t.describe('k3s-node-01-2025-03-14_14_31_07/k3s/containerd.log')).toMatchObject({ layout: 'rancher-logs', host: 'k3s-node-01' });
    expect(t.describe('k3s-node-02-2025-03-14_14_31_07/k3s/containerd.log')).toMatchObject({ layout: 'rancher-logs', host: 'k3s-node-02', component: 'containerd' });
    expect(t.describe('k3s-node-02-2025-03-14_14_31_07/collector-output.log').notALog).toMatch(/collector/);
    expect(t.describe('k3s-node-01-2025-03-14_14_31_07/systemlogs/syslog')).toMatchObject({ host: 'k3s-node-01' });
    expect(t.describe('notes/kubelet.log')).toEqual({ component: 'kubelet', formatHint: 'klog' });
  });

  it('marks a sos report\'s name host provisional until its hostname file names the host', () => {
    const t = new LayoutTracker('sosreport-old-name-2022-02-11-xqzvbnm.tar.xz');
    const top = 'sosreport-old-name-2022-02-11-xqzvbnm';
    expect(t.describe(`${top}/var/log/kern.log`)).toMatchObject({ host: 'old-name', hostProvisional: true });
    expect(t.isMetadata(`${top}/sos_commands/host/hostname`)).toBe(true);
    t.learn(`${top}/sos_commands/host/hostname`, 'k8s-cp-1\n');
    const after = t.describe(`${top}/sos_commands/kernel/dmesg`);
    expect(after.host).toBe('k8s-cp-1');
    expect(after.hostProvisional).toBeUndefined();
  });

  it('never marks a host provisional when the layout has no metadata file to learn it from', () => {
    const t = new LayoutTracker('bundle.tgz');
    t.observe('node9-2025-03-14_15_04_05/');
    expect(t.describe('node9-2025-03-14_15_04_05/k3s/containerd.log').hostProvisional).toBeUndefined();
  });

  it('falls back to per-member layouts and file names for members outside the bundle root', () => {
    const t = new LayoutTracker(undefined);
    expect(t.describe('inspection-report/snap.microk8s.daemon-kubelite/journal.log').layout).toBe('microk8s-inspect');
    expect(t.describe('var/log/kern.log')).toMatchObject({ layout: 'var-log', component: 'kernel' });
    expect(t.describe('stray/kubelet.log')).toEqual({ component: 'kubelet', formatHint: 'klog' });
  });

  it('recognises an unpacked bundle directory passed as the input by its own name', () => {
    const t = new LayoutTracker(undefined, undefined, 'node9-2025-03-14_15_04_05');
    expect(t.describe('journald/k3s')).toEqual({
      layout: 'rancher-logs',
      layoutBundle: '\u0000node9-2025-03-14_15_04_05/',
      host: 'node9',
      component: 'k3s',
      formatHint: 'journal-short',
      collectedAt: Date.UTC(2025, 2, 14, 15, 4, 5),
    });
    const plain = new LayoutTracker(undefined, undefined, 'customer-logs');
    expect(plain.describe('inspection-report/snap.microk8s.daemon-kubelite/journal.log').layout).toBe('microk8s-inspect');
  });
});
