import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTgz, writeTemp } from '../ingest/ingest-harness.js';
import { runCli } from './run-cli.js';

// The k3s journal posted in k3s-io/k3s#2372, in the Rancher logs collector's layout: see the fixture's README.
const FIXTURE = join(import.meta.dirname, '../fixtures/bundles/rancher-k3s-raft-no-space');
const TOP = 'vm021140-2021-01-27_11_56_02';

async function report(name: string, mtime: Date): Promise<Record<string, any>> {
  const path = writeTemp(name, await buildTgz([{ name: `${TOP}/journald/k3s`, data: readFileSync(join(FIXTURE, 'journald/k3s')), mtime }]));
  const result = await runCli([path, '--format', 'json']);
  expect(result.stderr).not.toMatch(/at .*\.ts:\d+/);
  return JSON.parse(result.stdout);
}

describe('a Rancher logs collector bundle of a k3s server that finds no space for its datastore', () => {
  it('names the server start failure with its reason as root cause, explaining the systemd 219 restart loop, on the node, at the line\'s time', async () => {
    for (const [name, mtime] of [[`${TOP}.tar.gz`, '2021-01-27T11:56:10Z'], ['ticket-2372.tgz', '2026-11-30T10:00:00Z']] as const) {
      const r = await report(name, new Date(mtime));
      expect(r.hosts, name).toEqual(['vm021140']);
      expect(r.files.map((f: any) => [f.status, f.host, f.lines])).toEqual([['parsed', 'vm021140', 12]]);
      expect(r.rootCause?.signature, name).toBe('k3s-server-start-failed');
      const cause = r.incidents.find((i: any) => i.id === r.rootCause.incident);
      expect(cause.firstSeen, name).toBe('2021-01-26T23:57:11.000Z');
      expect(cause.evidence[0].text).toContain('not enough space to allocate 4096 bytes');
      const explained = r.incidents.filter((i: any) => r.rootCause.chain.includes(i.id) && i.id !== cause.id).map((i: any) => i.signature).sort();
      // systemd 219 says `k3s.service holdoff time over, scheduling restart.` between the exits.
      expect(explained, name).toEqual(['service-restart-loop', 'systemd-unit-failed']);
      expect(r.coverage.assumptions.join('\n')).not.toMatch(/modification time/);
    }
  });
});
