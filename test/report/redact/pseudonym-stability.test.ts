import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../../src/report/redact/index.js';
import { runCli } from '../../cli/run-cli.js';

const LINE = 'node k3s-node-03 dialled 10.0.0.11:6443 for /home/alice/ via db1.corp.acme.com (jane@acme.com)';

describe('pseudonym stability', () => {
  it('without a key: numbered in first-seen order, the same for the same input', () => {
    const a = createRedactor({ hosts: ['k3s-node-03'] }).text(LINE);
    const b = createRedactor({ hosts: ['k3s-node-03'] }).text(LINE);
    expect(a).toBe('node host-1 dialled ip-1:6443 for /home/user-1/ via host-2 (email-1)');
    expect(b).toBe(a);
  });

  it('with the same key: the same pseudonyms whatever else the report holds; another key gives others', () => {
    const first = createRedactor({ key: 'ticket-key', hosts: ['k3s-node-03'] });
    const second = createRedactor({ key: 'ticket-key', hosts: ['other-node', 'k3s-node-03'] });
    second.text('earlier line from 192.168.9.9 on other-node');
    const a = first.text(LINE);
    expect(second.text(LINE)).toBe(a);
    expect(a).toMatch(/^node host-[0-9a-f]{6} dialled ip-[0-9a-f]{6}:6443 for \/home\/user-[0-9a-f]{6}\/ via host-[0-9a-f]{6} \(email-[0-9a-f]{6}\)$/);
    const other = createRedactor({ key: 'another-key', hosts: ['k3s-node-03'] }).text(LINE);
    expect(other).not.toBe(a);
    // No pseudonym is shared between the two keys.
    const names = (text: string) => new Set(text.match(/\b(?:host|ip|user|email)-[0-9a-f]{6}\b/g));
    expect([...names(other)].filter((n) => names(a).has(n))).toEqual([]);
  });

  it('through the CLI: two runs with one --redact-key agree, a different key differs', async () => {
    const sample = 'samples/two-node.tgz';
    const run = async (key: string) => {
      const result = await runCli([sample, '--format', 'json', '--jobs', '0', '--redact', '--redact-key', key]);
      expect(result.status, result.stderr).toBe(0);
      return JSON.parse(result.stdout) as { hosts: string[]; rootCause: { chain: string[] } | null };
    };
    const [a, b, c] = [await run('k1'), await run('k1'), await run('k2')];
    expect(a.hosts).toHaveLength(2);
    for (const host of a.hosts) expect(host).toMatch(/^host-[0-9a-f]{6}$/);
    expect(b.hosts).toEqual(a.hosts);
    expect(b.rootCause?.chain).toEqual(a.rootCause?.chain);
    expect(c.hosts.filter((h) => a.hosts.includes(h))).toEqual([]);
  }, 300_000);

  it('the key can come from LOGSIFT_REDACT_KEY', async () => {
    const viaFlag = await runCli(['samples/healthy-node.tgz', '--format', 'json', '--jobs', '0', '--redact', '--redact-key', 'env-key']);
    const viaEnv = await runCli(['samples/healthy-node.tgz', '--format', 'json', '--jobs', '0', '--redact'], { env: { LOGSIFT_REDACT_KEY: 'env-key' } });
    expect(viaEnv.stdout).toBe(viaFlag.stdout);
    expect(JSON.parse(viaEnv.stdout).hosts[0]).toMatch(/^host-[0-9a-f]{6}$/);
  }, 300_000);
});
