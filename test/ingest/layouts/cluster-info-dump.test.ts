import { describe, expect, it } from 'vitest';
import { mapPaths } from './layout-harness.js';

// `kubectl cluster-info dump --output-directory=dump` (kubernetes/kubectl clusterinfo_dump.go, docs/input-formats.md A6).
describe('cluster-info-dump layout', () => {
  const m = mapPaths('dump.tgz', [
    'dump/nodes.json',
    'dump/kube-system/events.json',
    'dump/kube-system/pods.json',
    'dump/kube-system/kube-apiserver-cp1/logs.txt',
    'dump/default/web-5d4f/logs.txt',
  ]);

  it('recognises the dump from nodes.json and marks resources as not logs', () => {
    expect(m['dump/nodes.json']).toEqual({ layout: 'cluster-info-dump', notALog: 'not a log' });
    expect(m['dump/kube-system/pods.json'].notALog).toBe('not a log');
  });

  it('lets events.json through to the formats (its Events are evidence)', () => {
    expect(m['dump/kube-system/events.json'].notALog).toBeUndefined();
  });

  it('maps pod logs.txt to the pod component, with its namespace and pod as fields', () => {
    expect(m['dump/kube-system/kube-apiserver-cp1/logs.txt']).toEqual({
      layout: 'cluster-info-dump', component: 'apiserver', formatHint: 'plain-text', fields: { namespace: 'kube-system', pod: 'kube-apiserver-cp1' },
    });
    expect(m['dump/default/web-5d4f/logs.txt']).toEqual({ layout: 'cluster-info-dump', formatHint: 'plain-text', fields: { namespace: 'default', pod: 'web-5d4f' } });
  });
});
