import { describe, expect, it } from 'vitest';
import { componentOf } from '../../src/formats/component-of.js';
import { componentFromName, componentFromPath } from '../../src/ingest/component-from-path.js';
import { COMPONENT_TABLE } from '../../src/model/components.js';

describe('the component table', () => {
  const names = COMPONENT_TABLE.flatMap(({ component, names: list }) => list.map((name) => [name, component] as const));

  it('gives each name one component', () => {
    const seen = new Map<string, string>();
    for (const [name, component] of names) {
      expect(seen.get(name) ?? component, name).toBe(component);
      seen.set(name, component);
    }
  });

  it.each(names)('%s is %s as a journal identifier, a unit, a file name and a directory', (name, component) => {
    expect(componentOf(name)).toBe(component);
    expect(componentOf(`${name}.service`)).toBe(component);
    expect(componentFromName(name)).toBe(component);
    expect(componentFromName(`${name}.log.1.gz`)).toBe(component);
    expect(componentFromPath(`node/${name}/journal.log`)).toBe(component);
  });

  it('agrees on the names the two lookups used to disagree on', () => {
    for (const name of ['systemd-networkd', 'cloud-init', 'systemd-logind', 'systemd-timesyncd', 'kern', 'dmesg', 'containerd-shim-runc-v2']) {
      expect(componentOf(name), name).toBe(componentFromName(name));
    }
    expect(componentOf('systemd-networkd')).toBe('systemd-networkd');
    expect(componentOf('systemd-logind')).toBe('systemd');
  });

  it('reads name families (static pods, systemd helpers) the same way in both lookups', () => {
    expect(componentFromPath('var/log/pods/kube-system_kube-apiserver-cp1_u/kube-apiserver/0.log')).toBe('apiserver');
    expect(componentOf('kube-apiserver-cp1')).toBe('apiserver');
    expect(componentFromName('kube-flannel_kube-flannel-ds-x2')).toBe('flannel');
    expect(componentOf('microk8s.daemon-apiserver-kicker')).toBe('microk8s');
    expect(componentOf('snap.microk8s.daemon-k8s-dqlite.service')).toBe('dqlite');
  });
});
