import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

const FIXTURES = 'test/fixtures/unrecognised';

/** The posted start-and-exit of kube-apiserver, repeated `starts` times 20 s apart (pids and times moved on). */
function restartLoop(starts: number): string[] {
  const cycle = readFileSync(join(FIXTURES, 'apiserver-permission-denied.txt'), 'utf8').trimEnd().split('\n');
  const out: string[] = [];
  const start = Date.UTC(2025, 11, 20, 8, 39, 40);
  for (let n = 0; n < starts; n++) {
    for (const line of cycle) {
      const second = Number(line.slice(13, 15)) - 40;
      const at = new Date(start + (n * 20 + second) * 1000);
      const clock = at.toISOString().slice(11, 19);
      out.push(`Dec 20 ${clock}${line.slice(15)}`.replace('runc[2462]', `runc[${2462 + n * 7}]`));
    }
  }
  return out;
}

/** A kernel line about a loop device, re-timed and re-hosted to land just before the loop. */
function strayLoopWrite(): string {
  const line = readFileSync(join(FIXTURES, 'loop-device-write-error.txt'), 'utf8').trim();
  return line.replace(/^Jul 08 05:43:07 testbed/, 'Dec 20 08:35:02 atomic-node1.local');
}

async function analyse(lines: readonly string[]): Promise<{ rootCause: { incident: string; signature: string; confidence: number; explanation: string } | null; incidents: { id: string; signature: string; causedBy?: string; evidence: { text: string }[] }[]; unrecognised?: { template: string }[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'logsift-unrecognised-'));
  mkdirSync(join(dir, 'var/log'), { recursive: true });
  writeFileSync(join(dir, 'var/log/syslog'), `${lines.join('\n')}\n`);
  const { status, stdout, stderr } = await runCli([dir, '--format', 'json', '--quiet']);
  expect(status, stderr).toBe(0);
  return JSON.parse(stdout);
}

describe('a restart loop nothing known explains', () => {
  it('is explained by the error the service logs before each exit, named as unrecognised with lower confidence', async () => {
    const report = await analyse(restartLoop(16));
    expect(report.rootCause?.signature).toBe('unrecognised-error');
    const root = report.incidents.find((i) => i.id === report.rootCause!.incident)!;
    expect(root.evidence[0]!.text).toContain('unable to load server certificate');
    expect(report.rootCause!.confidence).toBeLessThanOrEqual(0.5);
    expect(report.rootCause!.explanation).toMatch(/^Unrecognised: no signature knows this error/);
    expect(report.rootCause!.explanation).toContain('16 of 16');
    const loop = report.incidents.find((i) => i.signature === 'service-restart-loop')!;
    expect(loop.causedBy).toBe(root.id);
    // Shown as the root cause, not again among the unrecognised errors.
    expect((report.unrecognised ?? []).map((u) => u.template)).not.toContain('unable to load server certificate: open <*>: permission denied');
  });

  it('is not pinned on an error that does not come before the exits', async () => {
    const lines = restartLoop(16).filter((l) => !l.includes('unable to load server certificate'));
    lines.unshift('Dec 20 07:00:00 atomic-node1.local runc[2000]: unable to load server certificate: open /etc/kubernetes/certs/server.crt: permission denied');
    const report = await analyse(lines);
    expect(report.rootCause?.signature ?? null).not.toBe('unrecognised-error');
  });

  it('takes the place of a single stray kernel line that a declared relation linked to the loop', async () => {
    const report = await analyse([strayLoopWrite(), ...restartLoop(16)]);
    expect(report.rootCause?.signature).toBe('unrecognised-error');
    const stray = report.incidents.find((i) => i.signature === 'kernel-filesystem-readonly');
    if (stray) expect(report.incidents.find((i) => i.causedBy === stray.id)).toBeUndefined();
  });

  it('never raises a write to a read-only loop device, declared benign (patterns/benign)', async () => {
    const report = await analyse([strayLoopWrite()]);
    expect(report.incidents).toEqual([]);
    expect(report.unrecognised).toEqual([]);
  });
});
