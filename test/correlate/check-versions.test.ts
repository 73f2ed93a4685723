import { describe, expect, it } from 'vitest';
import { checkVersion, checkVersions, compareVersions, parseVersion, parseRanges } from '../../src/correlate/check-versions.js';
import { loadLibrary } from '../../src/patterns/index.js';

const v = (text: string) => {
  const parsed = parseVersion(text);
  if (!parsed) throw new Error(`not a version: ${text}`);
  return parsed;
};

describe('version order across distribution styles', () => {
  it('orders upstream releases numerically, not as text', () => {
    expect(compareVersions(v('v1.32.10+k3s1'), v('v1.32.9+k3s1'))).toBeGreaterThan(0);
    expect(compareVersions(v('1.7.9'), v('1.7.15'))).toBeLessThan(0);
  });

  it('orders k3s (+k3s2), RKE2 (+rke2r1) and containerd (-k3s2) rebuilds of one upstream release by build number', () => {
    expect(compareVersions(v('v1.32.3+k3s2'), v('v1.32.3+k3s1'))).toBeGreaterThan(0);
    expect(compareVersions(v('v1.31.4+rke2r2'), v('v1.31.4+rke2r1'))).toBeGreaterThan(0);
    // A k3s build of containerd 2.0.2 is 2.0.2, not a pre-release of it.
    expect(compareVersions(v('v2.0.2-k3s2'), v('2.0.2'))).toBeGreaterThan(0);
    expect(compareVersions(v('v2.0.2-k3s2'), v('2.0.3'))).toBeLessThan(0);
  });

  it('puts a real pre-release before its release', () => {
    expect(compareVersions(v('v1.33.0-rc.1+k3s1'), v('v1.33.0+k3s1'))).toBeLessThan(0);
  });

  it('orders microk8s snap revisions of one release', () => {
    expect(compareVersions(v('v1.32.3 rev 7964'), v('v1.32.3 rev 7812'))).toBeGreaterThan(0);
  });

  it('reads the range phrases signatures declare', () => {
    expect(parseRanges('v1.32.0+k3s1 – v1.32.2+k3s1, v1.31.x before v1.31.7+k3s1')).toHaveLength(2);
    expect(parseRanges('≥ 1.7.22')).toHaveLength(1);
    expect(parseRanges('2.0.0 and later, with a version = 2 (1.x) config')).toHaveLength(1);
    expect(parseRanges('releases deploying containerd 2.0.x with the 1.x config template')).toHaveLength(0);
  });
});

describe('verdicts against the shipped signatures', () => {
  it('containerd-sandbox-recovery-failed: affected, fixed, or unknown by version line', async () => {
    const { library } = await loadLibrary(['patterns']);
    const signature = library.signatures.find((s) => s.id === 'containerd-sandbox-recovery-failed')!;
    expect(checkVersion('k3s', 'v1.32.1+k3s1', signature)).toMatchObject({ verdict: 'affected', fixedIn: 'v1.32.3+k3s1' });
    expect(checkVersion('k3s', 'v1.32.2+k3s1', signature)).toMatchObject({ verdict: 'affected' });
    expect(checkVersion('k3s', 'v1.32.3+k3s1', signature)).toMatchObject({ verdict: 'fixed', fixedIn: 'v1.32.3+k3s1' });
    expect(checkVersion('k3s', 'v1.31.6+k3s1', signature)).toMatchObject({ verdict: 'affected', fixedIn: 'v1.31.7+k3s1' });
    expect(checkVersion('k3s', 'v1.31.7+k3s1', signature)).toMatchObject({ verdict: 'fixed' });
    expect(checkVersion('k3s', 'v1.33.1+k3s1', signature)).toMatchObject({ verdict: 'fixed' });
    expect(checkVersion('containerd', 'v2.0.2-k3s2', signature)).toMatchObject({ verdict: 'affected', fixedIn: '2.0.4' });
    expect(checkVersion('containerd', 'v2.0.4', signature)).toMatchObject({ verdict: 'fixed' });
    expect(checkVersion('containerd', 'v1.7.23-k3s2', signature)).toMatchObject({ verdict: 'unknown' });
    // RKE2 is not declared by this signature: no verdict rather than a guess.
    expect(checkVersion('rke2', 'v1.31.4+rke2r1', signature)).toBeUndefined();
  });

  it('containerd-stop-container-timeout: 1.7.15 affected, fixed from 1.7.22', async () => {
    const { library } = await loadLibrary(['patterns']);
    const signature = library.signatures.find((s) => s.id === 'containerd-stop-container-timeout')!;
    expect(checkVersion('containerd', '1.7.15', signature)).toMatchObject({ verdict: 'affected', fixedIn: '1.7.22' });
    expect(checkVersion('containerd', '1.7.22', signature)).toMatchObject({ verdict: 'fixed' });
    expect(checkVersion('runc', '1.1.14', signature)).toMatchObject({ verdict: 'fixed' });
  });

  it('checks the root cause host when its system is known, every host otherwise', () => {
    const signature = { affects: [{ product: 'k3s', versions: 'v1.32.0+k3s1 – v1.32.2+k3s1' }], fixedIn: [{ product: 'k3s', versions: 'v1.32.3+k3s1' }] };
    const systems = [
      { host: 'a', versions: { k3s: 'v1.32.1+k3s1' }, sources: [] },
      { host: 'b', versions: { k3s: 'v1.32.3+k3s1' }, sources: [] },
    ];
    expect(checkVersions(signature, systems, 'b').map((c) => `${c.host} ${c.verdict}`)).toEqual(['b fixed']);
    expect(checkVersions(signature, systems, 'c').map((c) => `${c.host} ${c.verdict}`)).toEqual(['a affected', 'b fixed']);
    expect(checkVersions(undefined, systems, 'a')).toEqual([]);
  });
});
