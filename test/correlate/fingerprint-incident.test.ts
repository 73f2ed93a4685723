import { describe, expect, it } from 'vitest';
import {
  fingerprintIncident,
  fingerprintUnrecognised,
  keyFieldsOf,
  normaliseFingerprintValue,
  shortFingerprint,
} from '../../src/correlate/fingerprint-incident.js';
import { parseSignatureText } from '../../src/patterns/index.js';

const unitFailed = (unit: string, extra: Record<string, string[]> = {}) => ({ signature: 'systemd-unit-failed', fields: { unit: [unit], result: ['exit-code'], ...extra } });

describe('fingerprintIncident', () => {
  it('is fp1:<signature>:<12 hex>, and the short form is the hex', () => {
    const fp = fingerprintIncident(unitFailed('k3s.service'), ['unit', 'result']);
    expect(fp).toMatch(/^fp1:systemd-unit-failed:[0-9a-f]{12}$/);
    expect(shortFingerprint(fp)).toMatch(/^[0-9a-f]{12}$/);
    expect(fp.endsWith(shortFingerprint(fp))).toBe(true);
  });

  it('tells apart different failures: another key value, another signature', () => {
    const k3s = fingerprintIncident(unitFailed('k3s.service'), ['unit']);
    expect(fingerprintIncident(unitFailed('containerd.service'), ['unit'])).not.toBe(k3s);
    expect(fingerprintIncident({ ...unitFailed('k3s.service'), signature: 'service-restart-loop' }, ['unit'])).not.toBe(k3s);
  });

  it('ignores fields that are not key, and the order and case of values', () => {
    const a = fingerprintIncident(unitFailed('k3s.service', { pod: ['coredns-7d9f8b-x2x4z'], pid: ['1402'] }), ['unit', 'result']);
    const b = fingerprintIncident({ signature: 'systemd-unit-failed', fields: { result: ['Exit-Code'], unit: ['K3S.service'], pid: ['99'] } }, ['result', 'unit']);
    expect(b).toBe(a);
  });

  it('masks instance parts inside key values: uuids, hex ids, addresses, numbers, systemd escapes', () => {
    expect(normaliseFingerprintValue('dial tcp 10.0.0.11:6443: connect: connection refused')).toBe('dial tcp <ip>: connect: connection refused');
    expect(normaliseFingerprintValue('dial tcp [fe80::1]:443: i/o timeout')).toBe('dial tcp <ip>: i/o timeout');
    expect(normaliseFingerprintValue('mkdir /sys/fs/cgroup/kubepods-burstable-pod1c2d3e4f.slice: no such file')).toBe('mkdir /sys/fs/cgroup/kubepods-burstable-po<id>.slice: no such file');
    expect(normaliseFingerprintValue('dev-disk-by\\x2duuid-5e4f3a2b\\x2d1c0d\\x2d4e9f\\x2d8a7b\\x2d6c5d4e3f2a1b.device')).toBe('dev-disk-by-uuid-<uuid>.device');
    expect(normaliseFingerprintValue('nvme0n1p2')).toBe('nvme#n#p#');
    expect(normaliseFingerprintValue('k3s.service')).toBe('k#s.service');
    const reason = (ip: string) => fingerprintIncident({ signature: 'kubelet-runtime-unreachable', fields: { reason: [`dial ${ip}: connection refused`] } }, ['reason']);
    expect(reason('10.1.2.3:443')).toBe(reason('192.168.7.9:443'));
    expect(reason('10.1.2.3:443')).not.toBe(fingerprintIncident({ signature: 'kubelet-runtime-unreachable', fields: { reason: ['no such file or directory'] } }, ['reason']));
  });

  it('without key fields is the signature alone, whatever the captures hold', () => {
    expect(keyFieldsOf('containerd-sandbox-recovery-failed', {})).toEqual([]);
    const a = fingerprintIncident({ signature: 'containerd-sandbox-recovery-failed', fields: { sandboxId: ['c8ba6e5a0c3f'] } }, []);
    expect(fingerprintIncident({ signature: 'containerd-sandbox-recovery-failed', fields: { sandboxId: ['0a1b2c3d4e5f'] } }, [])).toBe(a);
  });

  it('keys code-made incidents (crashes, unrecognised causes) by what they are', () => {
    expect(keyFieldsOf('process-crash')).toEqual(['component', 'kind', 'headline']);
    const crash = (component: string) => fingerprintIncident({ signature: 'process-crash', fields: { component: [component], kind: ['go-panic'], headline: ['panic: runtime error: invalid memory address'] } });
    expect(crash('k3s')).not.toBe(crash('containerd'));
  });
});

describe('fingerprintUnrecognised', () => {
  it('is fp1:template:<12 hex> of the masked template and its components', () => {
    const a = fingerprintUnrecognised({ template: 'Failed to stop sandbox <*>', components: ['kubelet'] });
    expect(a).toMatch(/^fp1:template:[0-9a-f]{12}$/);
    expect(fingerprintUnrecognised({ template: 'Failed to stop sandbox <*>', components: ['containerd'] })).not.toBe(a);
    expect(fingerprintUnrecognised({ template: 'Failed to start sandbox <*>', components: ['kubelet'] })).not.toBe(a);
  });
});

describe('fingerprint key in a signature file', () => {
  const file = (fingerprint: string) => `id: x-failed
title: x failed
severity: error
role: cause
match:
  - regex: 'x failed: (?<reason>[a-z ]+) pod=(?<pod>\\S+)'
fingerprint: ${fingerprint}
summary: s
explanation: e
remediation: ['r']
runbook: https://example.com/x
examples:
  match:
    - line: 'x failed: disk full pod=web-1'
  no_match: ['x ok']
`;

  it('loads the declared capture names', () => {
    const { signature, diagnostics } = parseSignatureText(file('[reason]'), 'patterns/x/x-failed.yaml');
    expect(diagnostics).toEqual([]);
    expect(signature?.fingerprint).toEqual(['reason']);
  });

  it('rejects a name no match rule captures, naming the file and field', () => {
    const { signature, diagnostics } = parseSignatureText(file('[reason, unit]'), 'patterns/x/x-failed.yaml');
    expect(signature).toBeUndefined();
    expect(diagnostics.map((d) => [d.code, d.title])).toEqual([['patterns.bad-fingerprint', 'patterns/x/x-failed.yaml: fingerprint[1]: no match rule captures "unit"']]);
    expect(diagnostics[0]!.where?.line).toBe(7);
  });
});
