import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTar, containerdLog, fileEnding, gzip, runJson, scratchDir } from './fixtures.js';

function hasMkfifo(): boolean {
  try {
    execFileSync('mkfifo', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('an unpacked bundle directory with hostile entries', () => {
  it.skipIf(!hasMkfifo())('lists a fifo, symlink loops and links out of the tree as skipped, without blocking or following them', async () => {
    const dir = scratchDir();
    const root = join(dir, 'bundle');
    mkdirSync(join(root, 'var/log'), { recursive: true });
    writeFileSync(join(root, 'var/log/containerd.log'), containerdLog(40, 20));
    writeFileSync(join(root, 'var/log/empty.log'), '');
    execFileSync('mkfifo', [join(root, 'var/log/pipe.log')]);
    symlinkSync('/etc/passwd', join(root, 'var/log/passwd.log'));
    symlinkSync('loop-b.log', join(root, 'var/log/loop-a.log'));
    symlinkSync('loop-a.log', join(root, 'var/log/loop-b.log'));
    const cut = gzip(await buildTar([{ name: 'kubelet.log', data: containerdLog(2000) }]));
    writeFileSync(join(root, 'var/log/rotated.tgz'), cut.subarray(0, Math.floor(cut.length / 2)));

    const run = await runJson([root]);
    expect(run.status).toBe(0);
    const report = run.report!;
    expect(fileEnding(report, 'var/log/containerd.log')).toMatchObject({ status: 'parsed', lines: 40 });
    expect(fileEnding(report, 'var/log/empty.log')).toMatchObject({ status: 'skipped', reason: 'empty' });
    expect(fileEnding(report, 'var/log/pipe.log')).toMatchObject({ status: 'skipped', reason: 'not a regular file (fifo)', lines: 0 });
    expect(fileEnding(report, 'var/log/passwd.log')).toMatchObject({ status: 'skipped', reason: 'link to /etc/passwd' });
    expect(fileEnding(report, 'var/log/loop-a.log')).toMatchObject({ status: 'skipped', reason: 'link to loop-b.log' });
    const rotated = report.files.find((f) => f.path.includes('rotated.tgz'));
    expect(rotated?.reason).toMatch(/damaged: gzip data ends or is corrupt/);
    expect(rotated!.lines).toBeGreaterThan(0);
    expect(run.stdout).not.toContain('root:x:0:0');
    expect(report.incidents.map((i) => i.signature)).toContain('containerd-sandbox-recovery-failed');
  }, 20_000);
});
