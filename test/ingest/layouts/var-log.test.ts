import { describe, expect, it } from 'vitest';
import { mapPaths } from './layout-harness.js';

// kubelet's /var/log/pods layout (kubernetes pkg/kubelet/kuberuntime, docs/input-formats.md A6) and classic /var/log names.
describe('var-log layout', () => {
  const m = mapPaths('node.tgz', [
    'var/log/pods/kube-system_kube-apiserver-cp1_6f1e2d/kube-apiserver/3.log',
    'var/log/pods/kube-system_kube-apiserver-cp1_6f1e2d/kube-apiserver/2.log.20250314-150405.gz',
    'var/log/pods/default_web-5d4f_9a8b/nginx/0.log',
    'var/log/pods/default_web-5d4f_9a8b/nginx/0.log.20250314-150405.tmp',
    'var/log/kern.log.2.gz',
    'var/log/dmesg.0',
    'var/log/k3s.log',
    'var/lib/rancher/k3s/agent/containerd/containerd.log',
    'var/log/syslog',
  ]);

  it('maps pod logs to the container, in CRI format', () => {
    expect(m['var/log/pods/kube-system_kube-apiserver-cp1_6f1e2d/kube-apiserver/3.log']).toEqual({ layout: 'var-log', component: 'apiserver', formatHint: 'cri' });
    expect(m['var/log/pods/kube-system_kube-apiserver-cp1_6f1e2d/kube-apiserver/2.log.20250314-150405.gz']).toMatchObject({ component: 'apiserver', formatHint: 'cri' });
    expect(m['var/log/pods/default_web-5d4f_9a8b/nginx/0.log']).toMatchObject({ component: 'nginx', formatHint: 'cri' });
  });

  it('skips kubelet temp files', () => {
    expect(m['var/log/pods/default_web-5d4f_9a8b/nginx/0.log.20250314-150405.tmp'].notALog).toBeDefined();
  });

  it('maps kernel, k3s and syslog files', () => {
    expect(m['var/log/kern.log.2.gz']).toMatchObject({ component: 'kernel', formatHint: 'journal-short' });
    expect(m['var/log/dmesg.0']).toMatchObject({ component: 'kernel', formatHint: 'dmesg' });
    expect(m['var/log/k3s.log']).toMatchObject({ component: 'k3s', formatHint: 'logrus' });
    expect(m['var/log/syslog']).toEqual({ layout: 'var-log', formatHint: 'journal-short' });
  });

  it('still names the component of a file outside /var/log', () => {
    expect(m['var/lib/rancher/k3s/agent/containerd/containerd.log']).toEqual({ component: 'containerd', formatHint: 'logrus' });
  });
});
