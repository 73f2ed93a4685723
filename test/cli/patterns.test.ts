import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

// The seed incidents and the weekly ones the pattern-library issue names: these ids are a contract.
const REQUIRED = [
  'containerd-sandbox-recovery-failed', 'containerd-stop-container-timeout', 'containerd-exec-in-stopped-container',
  'containerd-config-unknown-key', 'kubelet-qos-root-cgroup-missing', 'kubelet-cgroup-driver-mismatch', 'node-unclean-shutdown',
  'kernel-oom-kill', 'container-oom-killed', 'node-disk-full', 'kubelet-disk-pressure', 'tls-certificate-expired', 'node-clock-skew',
  'etcd-slow-disk', 'etcd-db-space-exceeded', 'cni-sandbox-network-failed', 'kubelet-pleg-unhealthy', 'image-pull-failed',
  'oci-runtime-create-failed', 'node-inotify-exhausted', 'apiserver-unreachable', 'pod-crashloop', 'service-restart-loop',
];

describe('logsift patterns', () => {
  it('test: every example of every shipped signature behaves as declared (real parsers, prefilter on and off)', async () => {
    const { status, stdout, stderr } = await runCli(['patterns', 'test']);
    expect(stdout + stderr).not.toContain('FAIL');
    expect(status, stdout + stderr).toBe(0);
    const [, passed, failed] = /(\d+) passed, (\d+) failed/.exec(stdout) ?? [];
    expect(Number(failed)).toBe(0);
    expect(Number(passed)).toBeGreaterThan(REQUIRED.length * 4);
  });

  it('lint: the shipped library has no errors', async () => {
    const { status, stdout, stderr } = await runCli(['patterns', 'lint']);
    expect(status, stderr).toBe(0);
    expect(stdout).toMatch(/ 0 error\(s\)/);
  });

  it('list --json names every required signature', async () => {
    const { status, stdout } = await runCli(['patterns', 'list', '--json']);
    expect(status).toBe(0);
    const ids = (JSON.parse(stdout) as { id: string }[]).map((s) => s.id);
    for (const id of REQUIRED) expect(ids).toContain(id);
  });

  it('show prints the explanation, the fix steps and the runbook', async () => {
    const { status, stdout } = await runCli(['patterns', 'show', 'containerd-sandbox-recovery-failed']);
    expect(status).toBe(0);
    expect(stdout).toContain('Fix:');
    expect(stdout).toMatch(/Runbook: https:\/\//);
    expect(stdout).toContain('v1.32.3');
  });

  it('show names the context a rule counts in (boot_phase, repetition)', async () => {
    const text = await runCli(['patterns', 'show', 'etcd-leader-lost']);
    expect(text.stdout).toContain('is starting a new election at term (?<term>\\d+)/ (counts only once its process ran 2m)');
    const json = JSON.parse((await runCli(['patterns', 'show', 'node-unclean-shutdown', '--json'])).stdout);
    expect(json.rules[0].conditions).toEqual({ bootPhase: { withinMs: 600_000 }, repetition: { atMost: 10, withinMs: 60_000 } });
    expect(json.rules[1].conditions).toBeUndefined();
  });

  it('show of an unknown id is a usage error on one line', async () => {
    const { status, stderr } = await runCli(['patterns', 'show', 'no-such-signature']);
    expect(status).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('test reports a user signature whose example does not match, naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logsift-patterns-'));
    mkdirSync(join(dir, 'custom'));
    writeFileSync(join(dir, 'custom', 'my-broken-example.yaml'), [
      'id: my-broken-example', 'title: A signature whose example is wrong', 'severity: warning', 'role: symptom',
      'match:', "  - regex: 'frobnicator (?<part>\\w+) jammed'", 'summary: The frobnicator jammed.',
      'explanation: Test fixture.', 'remediation: [Unjam it]', 'runbook: https://example.test/frob', 'references: [https://example.test/frob]',
      'examples:', '  match:', "    - line: 'frobnicator gear is fine'", '  no_match:', "    - 'all good'", '',
    ].join('\n'));
    const { status, stdout } = await runCli(['patterns', 'test', dir]);
    expect(status).toBe(1);
    expect(stdout).toContain('FAIL my-broken-example');
    expect(stdout).toContain('my-broken-example.yaml');
  });
});
