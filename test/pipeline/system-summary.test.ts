import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { compileSystemFacts, SystemFactsTableError } from '../../src/patterns/index.js';

interface JsonSystem {
  readonly host: string;
  readonly os: string | null;
  readonly kernel: string | null;
  readonly distribution: string | null;
  readonly versions: Record<string, string>;
  readonly uptime: string | null;
  readonly memoryBytes: number | null;
  readonly sources: readonly string[];
}

async function systemsOf(path: string, ...args: string[]): Promise<{ systems: JsonSystem[]; files: { path: string; status: string; reasonCode?: string }[] }> {
  const result = await runCli([path, '--format', 'json', '-q', ...args]);
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as { systems: JsonSystem[]; files: { path: string; status: string; reasonCode?: string }[] };
}

const RKE2 = 'test/fixtures/system-facts/rke2-node-1-2025-01-10_10_00_00';
const SOS = 'test/fixtures/system-facts/sosreport-rhel-worker-2025-02-01-qwerty';

describe('system summary from what the bundle holds', () => {
  it('a Rancher logs-collector RKE2 bundle: os-release, uname, free -m, uptime, rke2/containerd/runc --version', async () => {
    for (const jobs of ['0', '2']) {
      const { systems, files } = await systemsOf(RKE2, '-j', jobs);
      expect(systems).toHaveLength(1);
      const s = systems[0]!;
      expect(s).toMatchObject({
        host: 'rke2-node-1',
        os: 'Rocky Linux 9.4 (Blue Onyx)',
        kernel: '5.14.0-427.13.1.el9_4.x86_64',
        distribution: 'rke2',
        versions: { rke2: 'v1.31.4+rke2r1', containerd: 'v1.7.23-k3s2', runc: '1.2.4' },
        uptime: '2 days, 3:04',
        memoryBytes: 15731 * 1024 ** 2,
      });
      expect(s.sources).toContain(`${RKE2}:systeminfo/osrelease:7`);
      // Fact files stay accounted for as what they are: not logs.
      expect(files.find((f) => f.path.endsWith('systeminfo/osrelease'))).toMatchObject({ status: 'skipped', reasonCode: 'not-a-log' });
    }
  }, 120_000);

  it('a start line names the version when no file does; the later of two start lines wins', async () => {
    const { systems } = await systemsOf(RKE2, '-j', '0', '--exclude', '**/rke2/version');
    expect(systems[0]!.versions['rke2']).toBe('v1.31.4+rke2r1');
    expect(systems[0]!.sources.some((src) => src.includes('journald/rke2-server:3'))).toBe(true);
  }, 60_000);

  it('the kernel banner names the kernel when uname is not in the bundle', async () => {
    const { systems } = await systemsOf(RKE2, '-j', '0', '--exclude', '**/systeminfo/uname');
    expect(systems[0]!.kernel).toBe('5.14.0-427.13.1.el9_4.x86_64');
    expect(systems[0]!.sources.some((src) => src.includes('systemlogs/messages:1'))).toBe(true);
  }, 60_000);

  it('a sos report: etc/os-release, proc/meminfo, installed-rpms, uname_-a, uptime, kubelet and containerd start lines', async () => {
    const { systems } = await systemsOf(SOS, '-j', '0');
    expect(systems[0]).toMatchObject({
      host: 'rhel-worker',
      os: 'Red Hat Enterprise Linux 9.4 (Plow)',
      kernel: '5.14.0-427.16.1.el9_4.x86_64',
      distribution: 'kubernetes',
      versions: { containerd: '1.7.19', runc: '1.1.12', kubernetes: '1.30.2' },
      uptime: '41 days, 22:13',
      memoryBytes: 16176024 * 1024,
    });
    const { systems: fromLines } = await systemsOf(SOS, '-j', '0', '--exclude', 'installed-rpms');
    expect(fromLines[0]!.versions).toMatchObject({ containerd: '1.7.19', kubernetes: 'v1.30.2' });
  }, 120_000);

  it('a sample: the k3s start line and containerd start fields in a Rancher bundle', async () => {
    const { systems } = await systemsOf('samples/k3s-power-loss.tgz', '-j', '0');
    expect(systems[0]).toMatchObject({ host: 'k3s-node-03', kernel: '6.1.0-31-amd64', distribution: 'k3s', versions: { k3s: 'v1.32.1+k3s1', containerd: 'v2.0.2-k3s2' } });
  }, 60_000);

  it('a broken table names the file and the entry', () => {
    expect(() => compileSystemFacts({ distributions: [], lines: [{ fact: 'kernel', regex: 'x' }], files: [] }, 'facts.yaml')).toThrow(SystemFactsTableError);
    expect(() => compileSystemFacts({ distributions: [], lines: [{ fact: 'kernel', literal: 'x', regex: '(?<value>x' }], files: [] }, 'facts.yaml')).toThrow(/facts\.yaml: lines\[0\]\.regex/);
    expect(() => compileSystemFacts({ distributions: [], lines: [], files: [{ path: '**/x', rules: [{ fact: 'version', regex: '(?<value>\\d)' }] }] }, 'facts.yaml')).toThrow(/files\[0\]\.rules\[0\]\.product/);
  });
});
