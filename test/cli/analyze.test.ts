import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const DEMO = 'samples/k3s-power-loss.tgz';

describe('logsift <bundle>', () => {
  it('prints the root cause, its evidence with file:line, the fix and the runbook as text when piped', async () => {
    const { status, stdout } = await runCli([DEMO]);
    expect(status).toBe(0);
    expect(stdout).toContain('ROOT CAUSE');
    expect(stdout).toContain('containerd-sandbox-recovery-failed');
    expect(stdout).toMatch(/k3s\/containerd\.log:\d+/);
    expect(stdout).toContain('https://github.com/k3s-io/k3s/issues/11973');
    expect(stdout).not.toMatch(/\u001b\[/);
  });

  it('writes markdown and a self-contained HTML page with --output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logsift-out-'));
    const md = await runCli([DEMO, '--format', 'md', '--output', join(dir, 'r.md'), '--quiet']);
    expect(md.status).toBe(0);
    expect(md.stdout).toBe('');
    expect(readFileSync(join(dir, 'r.md'), 'utf8')).toMatch(/^#/m);
    const html = await runCli([DEMO, '--format', 'html', '-o', join(dir, 'r.html'), '--quiet']);
    expect(html.status).toBe(0);
    const page = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(page).toContain('<svg');
    expect(page).not.toMatch(/<script[^>]+src=|<link[^>]+href="https?:/);
  });

  it('exits 1 with --fail-on when an incident at or above that severity exists, 0 without it', async () => {
    expect((await runCli([DEMO, '--fail-on', 'critical', '--format', 'json'])).status).toBe(1);
    expect((await runCli([DEMO, '--format', 'json'])).status).toBe(0);
    expect((await runCli(['samples/healthy-node.tgz', '--fail-on', 'warning', '--format', 'json'])).status).toBe(0);
  });

  it('says "No incidents found" together with what was looked at on a healthy node', async () => {
    const { status, stdout } = await runCli(['samples/healthy-node.tgz']);
    expect(status).toBe(0);
    expect(stdout).toContain('No incidents found');
    expect(stdout).toContain('k3s-node-07');
  });

  it('exits 2 on usage errors and 3 when nothing could be read, with one line on stderr', async () => {
    const usage = await runCli([DEMO, '--format', 'pdf']);
    expect(usage.status).toBe(2);
    expect(usage.stderr.trim().split('\n')).toHaveLength(1);
    const unknown = await runCli([DEMO, '--frobnicate']);
    expect(unknown.status).toBe(2);
    const missing = await runCli(['no/such/bundle.tgz']);
    expect(missing.status).toBe(3);
    expect(missing.stderr).toContain('no/such/bundle.tgz');
  });

  it('narrows the analysis with --since/--until and --host', async () => {
    const before = await runCli([DEMO, '--format', 'json', '--until', '2025-03-14 14:00']);
    expect(JSON.parse(before.stdout).incidents).toEqual([]);
    // A host no input holds is a mistake to report (exit 4, naming the hosts present), not an empty report.
    const otherHost = await runCli([DEMO, '--format', 'json', '--host', 'some-other-node']);
    expect(otherHost.status).toBe(4);
    expect(otherHost.stdout).toBe('');
    expect(otherHost.stderr).toMatch(/--host some-other-node: no such host in the input; hosts present: \S/);
  });

  it('lets a user signature override a shipped one and says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logsift-user-'));
    mkdirSync(join(dir, 'mine'));
    const shipped = readFileSync('patterns/containerd/containerd-sandbox-recovery-failed.yaml', 'utf8');
    writeFileSync(join(dir, 'mine', 'containerd-sandbox-recovery-failed.yaml'), shipped.replace(/^title: .*$/m, 'title: Our own wording of the sandbox failure'));
    const { status, stdout } = await runCli([DEMO, '--format', 'json', '--patterns', dir]);
    expect(status).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.incidents.find((i: { signature: string }) => i.signature === 'containerd-sandbox-recovery-failed').title).toBe('Our own wording of the sandbox failure');
    expect(JSON.stringify(report.warnings)).toContain('containerd-sandbox-recovery-failed');
  });

  it('accounts for every file of the bundle in the JSON report', async () => {
    const { stdout } = await runCli([DEMO, '--format', 'json']);
    const report = JSON.parse(stdout);
    const paths = report.files.map((f: { path: string }) => f.path);
    expect(paths.some((p: string) => p.endsWith('collector-output.log'))).toBe(true);
    expect(report.files.find((f: { path: string }) => f.path.endsWith('collector-output.log')).status).toBe('skipped');
    expect(existsSync(DEMO)).toBe(true);
  });
});
