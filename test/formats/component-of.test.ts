import { describe, expect, it } from 'vitest';
import { componentOf } from '../../src/formats/component-of.js';

describe('componentOf', () => {
  it('names the component of journal identifiers and units, the second time as the first', () => {
    const ids = ['k3s', 'k3s-agent.service', 'snap.microk8s.daemon-kubelite', 'containerd-shim-runc-v2', 'kubelet.service', 'systemd-logind', 'sshd', '', undefined];
    const expected = ['k3s', 'k3s', 'kubelite', 'containerd', 'kubelet', 'systemd', undefined, undefined, undefined];
    expect(ids.map(componentOf)).toEqual(expected);
    expect(ids.map(componentOf)).toEqual(expected);
  });

  it('keeps answering right after many distinct unknown identifiers overflow its memory', () => {
    for (let i = 0; i < 10_000; i++) expect(componentOf(`app-${i}`)).toBeUndefined();
    expect(componentOf('kubelet')).toBe('kubelet');
    expect(componentOf(`kubelet${'x'.repeat(300)}`)).toBeUndefined();
  });
});
