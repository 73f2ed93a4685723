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

  it('takes the host from the friendly name (provisional until its hostname file is read) and the end of the named day as collectedAt', () => {
    expect(m[`${top}/var/log/messages`]).toEqual({
      layout: 'sos-report',
      host: 'worker-2',
      hostProvisional: true,
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

  // File names as sosreport/sos 5c7e63e sos/report/plugins/kubernetes.py writes them through `_mangle_command`
  // (newer `podlogs` option), and as sos 3.9 sos/plugins/kubernetes.py did (`subdir='pods'`, no container).
  const k8s = mapPaths(`${top}.tar.xz`, [
    `${top}/sos_commands/kubernetes/cluster-info/kube-system/podlogs/coredns-5d78c9869d-8xkqz/kubectl_--namespace_kube-system_logs_coredns-5d78c9869d-8xkqz_-c_coredns`,
    `${top}/sos_commands/kubernetes/cluster-info/default/podlogs/web-0/k8s_kubectl_--namespace_default_logs_web-0_-c_nginx`,
    `${top}/sos_commands/kubernetes/pods/kubectl_--kubeconfig_.root.cdk.kubeproxyconfig_--namespace_kube-system_logs_kube-apiserver-cp1`,
    `${top}/sos_commands/kubernetes/cluster-info/kubectl_get_--all-namespaces_true_events`,
    `${top}/sos_commands/kubernetes/cluster-info/kube-system/kubectl_get_-o_json_--namespace_kube-system_events`,
    `${top}/sos_commands/kubernetes/cluster-info/kube-system/pods/kubectl_--namespace_kube-system_describe_pods_coredns-5d78c9869d-8xkqz`,
    `${top}/sos_commands/kubernetes/cluster-info/kubectl_get_--all-namespaces_true_pods`,
  ]);

  it('reads kubectl logs captures as container logs of their pod', () => {
    expect(k8s[`${top}/sos_commands/kubernetes/cluster-info/kube-system/podlogs/coredns-5d78c9869d-8xkqz/kubectl_--namespace_kube-system_logs_coredns-5d78c9869d-8xkqz_-c_coredns`]).toMatchObject({
      host: 'worker-2', fields: { namespace: 'kube-system', pod: 'coredns-5d78c9869d-8xkqz', container: 'coredns' },
    });
    const web = k8s[`${top}/sos_commands/kubernetes/cluster-info/default/podlogs/web-0/k8s_kubectl_--namespace_default_logs_web-0_-c_nginx`];
    expect(web.notALog).toBeUndefined();
    expect(web.fields).toEqual({ namespace: 'default', pod: 'web-0', container: 'nginx' });
    expect(k8s[`${top}/sos_commands/kubernetes/pods/kubectl_--kubeconfig_.root.cdk.kubeproxyconfig_--namespace_kube-system_logs_kube-apiserver-cp1`]).toMatchObject({
      component: 'apiserver', fields: { namespace: 'kube-system', pod: 'kube-apiserver-cp1' },
    });
  });

  it('lets events and describe captures through to the formats, with the collection time, and skips other tables', () => {
    for (const p of [
      'sos_commands/kubernetes/cluster-info/kubectl_get_--all-namespaces_true_events',
      'sos_commands/kubernetes/cluster-info/kube-system/kubectl_get_-o_json_--namespace_kube-system_events',
      'sos_commands/kubernetes/cluster-info/kube-system/pods/kubectl_--namespace_kube-system_describe_pods_coredns-5d78c9869d-8xkqz',
    ]) {
      expect(k8s[`${top}/${p}`].notALog, p).toBeUndefined();
      expect(k8s[`${top}/${p}`].collectedAt, p).toBe(Date.UTC(2025, 2, 14, 23, 59, 59, 999));
    }
    expect(k8s[`${top}/sos_commands/kubernetes/cluster-info/kubectl_get_--all-namespaces_true_pods`].notALog).toBe('not a log');
  });

  // Charmed Kubernetes (canonical/hotsos tests/unit/fake_data_root/kubernetes): the kubeconfig's own `_` survive
  // the mangling, `--kubeconfig=/root/cdk/cdk_addons_kubectl_config` becoming `.root.cdk.cdk_addons_kubectl_config`.
  const cdk = (command: string) => `${top}/sos_commands/kubernetes/pods/kubectl_--kubeconfig_.root.cdk.cdk_addons_kubectl_config_${command}`;
  const cdkPaths = mapPaths(`${top}.tar.xz`, [
    cdk('--namespace_kube-system_logs_coredns-5564855696-86vtt'),
    cdk('--namespace_kube-system_describe_pods_coredns-5564855696-86vtt'),
    cdk('get_-o_json_--namespace_kube-system_events'),
    cdk('get_namespaces'),
    cdk('config_view'),
  ]);

  it('reads a capture whose kubeconfig path holds underscores by what the command is', () => {
    expect(cdkPaths[cdk('--namespace_kube-system_logs_coredns-5564855696-86vtt')]).toMatchObject({
      component: 'coredns', fields: { namespace: 'kube-system', pod: 'coredns-5564855696-86vtt' },
    });
    expect(cdkPaths[cdk('--namespace_kube-system_logs_coredns-5564855696-86vtt')].notALog).toBeUndefined();
    expect(cdkPaths[cdk('--namespace_kube-system_describe_pods_coredns-5564855696-86vtt')].notALog).toBeUndefined();
    expect(cdkPaths[cdk('get_-o_json_--namespace_kube-system_events')].notALog).toBeUndefined();
    expect(cdkPaths[cdk('get_namespaces')].notALog).toBe('not a log');
    expect(cdkPaths[cdk('config_view')].notALog).toBe('not a log');
  });

  it('takes the host from a renamed bundle whatever its suffix, and leaves a case id out', () => {
    for (const name of ['sosreport-worker-2-2025-03-14-ab', 'sosreport-worker-2-2025-03-14-abcdefghijk', 'sosreport-worker-2-01234567-2025-03-14-qwertyu', 'sosreport-worker-2-2025-03-14']) {
      expect(mapPaths(undefined, [`${name}/var/log/messages`])[`${name}/var/log/messages`], name).toMatchObject({ host: 'worker-2', collectedAt: Date.UTC(2025, 2, 14, 23, 59, 59, 999) });
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
