import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CommandIo } from '../../src/cli/command-io.js';

const CLI = 'dist/cli/main.js';
const LINES_PER_FILE = 15_000;

/**
 * A copy of /var/log with a kern.log and a syslog over the same hour, so the timeline interleaves them. The lines
 * are shaped on real ones (kern.log: https://github.com/docker/for-linux/issues/1001; syslog: a kubelet line of a
 * k3s node), with their times and numbers varied.
 */
function varLogCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'logsift-backpressure-'));
  mkdirSync(join(dir, 'var', 'log'), { recursive: true });
  const at = (i: number) => {
    const seconds = Math.floor(i / 5);
    return `Mar 14 14:${String(Math.floor(seconds / 60) % 60).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
  };
  const kern = Array.from({ length: LINES_PER_FILE }, (_, i) =>
    `${at(i)} ubuntu-s-1vcpu-2gb-ams3-01 kernel: [  ${(152.700479 + i / 10).toFixed(6)}] Memory cgroup out of memory: Kill process ${4142 + i} (python3) score 68 or sacrifice child\n`);
  const syslog = Array.from({ length: LINES_PER_FILE }, (_, i) =>
    `${at(i)} ubuntu-s-1vcpu-2gb-ams3-01 kubelet[${1200 + (i % 7)}]: E0314 14:25:15.518500    1234 pod_workers.go:1301] "Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"app\\" with CrashLoopBackOff" pod="default/app-${i}"\n`);
  writeFileSync(join(dir, 'var', 'log', 'kern.log'), kern.join(''));
  writeFileSync(join(dir, 'var', 'log', 'syslog'), syslog.join(''));
  return dir;
}

function captureIo(overrides: Partial<CommandIo> = {}): CommandIo & { text(): string } {
  const chunks: string[] = [];
  return {
    stdout: (text) => { chunks.push(text); },
    stderr: () => undefined,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    env: {},
    columns: 100,
    ...overrides,
    text: () => chunks.join(''),
  };
}

describe('timeline output waits for a slow reader', () => {
  const input = varLogCopy();

  it('writes again only once stdout has drained what it was given, and loses nothing', async () => {
    const free = captureIo();
    expect(await main(['timeline', input, '--json', '-q'], free)).toBe(0);
    // A sink whose buffer is always full: each write is taken only when its drain comes, a turn of the event loop later.
    const chunks: string[] = [];
    let undrained = 0;
    let mostUndrained = 0;
    let drains = 0;
    const slow = captureIo({
      stdout: (text) => {
        chunks.push(text);
        mostUndrained = Math.max(mostUndrained, ++undrained);
      },
      stdoutDrained: () => new Promise<void>((resolve) => setImmediate(() => {
        undrained = 0;
        drains++;
        resolve();
      })),
    });
    expect(await main(['timeline', input, '--json', '-q'], slow)).toBe(0);
    expect(chunks.join('')).toBe(free.text());
    expect(chunks.length).toBeGreaterThan(10);
    expect(drains).toBe(chunks.length);
    expect(mostUndrained).toBe(1);
  });

  it('gives a reader that pauses between reads the whole timeline, in time order', async () => {
    const inProcess = captureIo();
    expect(await main(['timeline', input, '--json', '-q'], inProcess)).toBe(0);
    const child = spawn(process.execPath, [CLI, 'timeline', input, '--json', '-q'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const received: Buffer[] = [];
    let stderr = '';
    child.stderr.on('data', (data: Buffer) => { stderr += data.toString(); });
    child.stdout.on('data', (data: Buffer) => {
      received.push(data);
      // Stop reading for a few turns of the event loop after every chunk: the pipe fills and the writer must wait.
      child.stdout.pause();
      let turns = 20;
      const later = () => (--turns > 0 ? setImmediate(later) : child.stdout.resume());
      setImmediate(later);
    });
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(status, stderr).toBe(0);
    const text = Buffer.concat(received).toString('utf8');
    expect(text).toBe(inProcess.text());
    const times = text.trim().split('\n').map((line) => (JSON.parse(line) as { timestamp: string }).timestamp);
    expect(times).toHaveLength(2 * LINES_PER_FILE);
    expect([...times].sort()).toEqual(times);
  });
});
