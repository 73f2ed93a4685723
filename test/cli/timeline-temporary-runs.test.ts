import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = 'dist/cli/main.js';

/**
 * A /var/log copy with two syslogs over the same hours, interleaved by the timeline, enough lines to spill sorted runs
 * to disk. Lines shaped on a kubelet line of a k3s node, times and numbers varied.
 */
function varLogCopy(lines: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'logsift-runs-input-'));
  mkdirSync(join(dir, 'var', 'log'), { recursive: true });
  const at = (i: number) => {
    const seconds = Math.floor(i / 3);
    return `Mar 14 ${String(10 + Math.floor(seconds / 3600)).padStart(2, '0')}:${String(Math.floor(seconds / 60) % 60).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
  };
  for (const name of ['syslog', 'syslog.1']) {
    const text = Array.from({ length: lines }, (_, i) =>
      `${at(i)} k3s-node-03 kubelet[${1200 + (i % 7)}]: I0314 10:25:15.518500    1234 reconciler.go:224] "operationExecutor.VerifyControllerAttachedVolume started" pod="default/app-${i}" file="${name}"\n`);
    writeFileSync(join(dir, 'var', 'log', name), text.join(''));
  }
  return dir;
}

/** Runs `logsift timeline` with a temporary directory of its own; resolves with its exit and what that directory holds. */
function runTimeline(input: string, act: (child: ReturnType<typeof spawn>, runsDir: string) => void): Promise<{ code: number | null; signal: NodeJS.Signals | null; left: string[] }> {
  const runsDir = mkdtempSync(join(tmpdir(), 'logsift-runs-tmp-'));
  const child = spawn(process.execPath, [CLI, 'timeline', input, '--json', '-q'], { env: { ...process.env, TMPDIR: runsDir }, stdio: ['ignore', 'pipe', 'ignore'] });
  act(child, runsDir);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal, left: readdirSync(runsDir) }));
  });
}

describe('timeline leaves no sorted runs behind', () => {
  const input = varLogCopy(40_000);

  it('removes them when interrupted while sorting (Ctrl-C), and exits 130', async () => {
    const { code, left } = await runTimeline(input, (child, runsDir) => {
      child.stdout!.resume();
      // Interrupt once the first run is on disk.
      const poll = setInterval(() => {
        if (readdirSync(runsDir).some((name) => name.startsWith('logsift-runs-'))) {
          clearInterval(poll);
          child.kill('SIGINT');
        }
      }, 20);
      child.on('exit', () => clearInterval(poll));
    });
    expect(code).toBe(130);
    expect(left).toEqual([]);
  }, 120_000);

  it('removes them when the reader goes away after the first lines (| head)', async () => {
    const { code, left } = await runTimeline(input, (child) => {
      let seen = 0;
      child.stdout!.on('data', (chunk: Buffer) => {
        seen += chunk.length;
        if (seen > 0) child.stdout!.destroy();
      });
    });
    expect(code).toBe(0);
    expect(left).toEqual([]);
  }, 120_000);
});
