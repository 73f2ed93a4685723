import { describe, expect, it } from 'vitest';
import { LayoutTracker } from '../../../src/ingest/index.js';

// cluster-resources/nodes.json is the NodeList troubleshoot's clusterResources collector writes (`kubectl get nodes
// -o json` shape); the node below is cut from the one of troubleshoot's testdata/supportbundle/support-bundle.tar.gz.
function node(name: string): Record<string, unknown> {
  return {
    kind: 'Node', apiVersion: 'v1',
    metadata: { name, uid: 'f0a2a550-fc05-438b-a8a9-971092937be4', labels: { 'kubernetes.io/hostname': name, 'node-role.kubernetes.io/master': 'true' } },
    status: { nodeInfo: { kubeletVersion: 'v1.24.4+k3s1', containerRuntimeVersion: 'containerd://1.6.6-k3s1' } },
  };
}
const nodeList = (...names: string[]) => JSON.stringify({ kind: 'NodeList', apiVersion: 'v1', metadata: { resourceVersion: '458202' }, items: names.map(node) }, null, 2);

function hostAfter(nodesJson: string): string | undefined {
  const top = 'support-bundle-2022-12-21T16_44_02';
  const t = new LayoutTracker(`${top}.tar.gz`);
  expect(t.isMetadata(`${top}/cluster-resources/nodes.json`)).toBe(true);
  t.learn(`${top}/cluster-resources/nodes.json`, nodesJson);
  return t.describe(`${top}/cluster-resources/pods/logs/kube-system/coredns-b96499967-tncf4/coredns.log`).host;
}

describe('troubleshoot metadata', () => {
  it('takes the only node of a one-node cluster as the host of its pod logs', () => {
    expect(hostAfter(nodeList('k3d-mycluster-server-0'))).toBe('k3d-mycluster-server-0');
  });

  it('names no host for a cluster of several nodes, a cut list or another file', () => {
    expect(hostAfter(nodeList('cp-1', 'worker-1'))).toBeUndefined();
    const whole = nodeList('k3d-mycluster-server-0');
    expect(hostAfter(whole.slice(0, whole.length - 20))).toBeUndefined();
    expect(hostAfter('{"kind":"NodeList","items":[]}')).toBeUndefined();
  });

  it('reads no other resource file as metadata', () => {
    const t = new LayoutTracker('support-bundle-2022-12-21T16_44_02.tar.gz');
    expect(t.isMetadata('support-bundle-2022-12-21T16_44_02/cluster-resources/pods/kube-system.json')).toBe(false);
    expect(t.isMetadata('support-bundle-2022-12-21T16_44_02/cluster-resources/nodes.json')).toBe(true);
  });
});
