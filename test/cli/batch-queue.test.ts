import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSummary, type SummaryRow } from '../../src/batch/summary-row.js';
import { QUEUE_KEY_PREFIX } from '../../src/batch/queue-connection.js';
import { runCli } from './run-cli.js';

/*
 * The scale-out set-up against the real Redis on 127.0.0.1:6379: `logsift worker` processes of the built CLI take the
 * jobs `logsift batch --queue` enqueues. Each test has a queue of its own (its keys under "logsift:<name>:"), removed
 * afterwards; the shared server itself is never flushed, stopped or restarted — a restart is played by killing this
 * test's own connections, which is what a restart does to a client.
 */

const CLI = 'dist/cli/main.js';
const REDIS = 'redis://127.0.0.1:6379';
const connection = { host: '127.0.0.1', port: 6379 };
let dir: string;
const workers: ChildProcess[] = [];
const queues: string[] = [];

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm test does)`);
  dir = mkdtempSync(join(tmpdir(), 'logsift-batch-queue-'));
});

afterAll(async () => {
  for (const worker of workers) if (worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
  for (const name of queues) {
    const queue = new Queue(name, { connection, prefix: QUEUE_KEY_PREFIX });
    await queue.obliterate({ force: true });
    await queue.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

function newQueue(label: string): string {
  const name = `test-${label}-${process.pid}-${Date.now().toString(36)}`;
  queues.push(name);
  return name;
}

interface RunningWorker {
  readonly process: ChildProcess;
  readonly log: () => string;
  readonly exited: Promise<number | null>;
}

function startWorker(queue: string, extra: readonly string[] = []): RunningWorker {
  const child = spawn(process.execPath, [CLI, 'worker', '--queue', REDIS, '--queue-name', queue, '--lock-duration', '3', ...extra], { stdio: ['ignore', 'ignore', 'pipe'] });
  workers.push(child);
  let log = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => { log += chunk; });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { process: child, log: () => log, exited };
}

async function stopWorkers(running: readonly RunningWorker[]): Promise<void> {
  for (const w of running) if (w.process.exitCode === null && w.process.signalCode === null) w.process.kill('SIGTERM');
  await Promise.all(running.map((w) => w.exited));
}

const rowsOf = (out: string): SummaryRow[] => parseSummary(readFileSync(join(out, 'summary.ndjson'), 'utf8'));

/** One request to the server on a connection of the test's own; the raw reply. */
function redis(...words: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(connection, () => socket.write(`*${words.length}\r\n${words.map((w) => `$${Buffer.byteLength(w)}\r\n${w}\r\n`).join('')}`));
    let reply = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => {
      reply += chunk;
      const bulk = /^\$(\d+)\r\n/.exec(reply);
      if (!bulk || reply.length >= bulk[0].length + Number(bulk[1]) + 2) {
        socket.end();
        resolve(reply);
      }
    });
    socket.on('error', reject);
  });
}

/** Kills every connection of this queue's clients (batch, workers, BullMQ's blocking ones): a server restart, as they see it. */
async function killConnectionsOf(queue: string): Promise<number> {
  const base64 = Buffer.from(queue).toString('base64');
  const list = await redis('CLIENT', 'LIST');
  const ids = list.split('\n').filter((line) => line.includes(`name=${QUEUE_KEY_PREFIX}:${queue}:`) || line.includes(`name=${QUEUE_KEY_PREFIX}:${base64}`)).map((line) => /\bid=(\d+)/.exec(line)![1]!);
  for (const id of ids) await redis('CLIENT', 'KILL', 'ID', id);
  return ids.length;
}

/** A log of `lines` timestamped lines, gzip'd (about 300:1): slow enough to be caught mid-analysis, over a ratio limit of 100. */
function manyLines(lines: number): Buffer {
  return gzipSync(Buffer.from('2025-03-14T14:25:15Z node-1 k3s: level=info msg="ok"\n'.repeat(lines)), { level: 9 });
}

describe('logsift batch --queue over 3 workers', () => {
  it('settles 50 bundles (samples, damaged copies, a bomb) exactly once each: the root cause of its sample, or failed with the reason', async () => {
    const queue = newQueue('fifty');
    const input = join(dir, 'fifty');
    mkdirSync(input);
    const expected = new Map<string, string | null>();
    for (let n = 1; n <= 40; n++) {
      const sample = n % 2 ? 'two-node' : 'healthy-node';
      copyFileSync(`samples/${sample}.tgz`, join(input, `ticket-${n}.tgz`));
      expected.set(`ticket-${n}.tgz`, sample === 'two-node' ? 'kernel-oom-kill' : null);
    }
    for (let n = 41; n <= 49; n++) writeFileSync(join(input, `ticket-${n}.tgz`), readFileSync('samples/k3s-power-loss.tgz').subarray(0, 100 + n));
    writeFileSync(join(input, 'ticket-50.log.gz'), manyLines(400_000));
    const out = join(dir, 'fifty-out');
    const running = [startWorker(queue), startWorker(queue), startWorker(queue)];
    const r = await runCli(['batch', input, '-o', out, '--queue', REDIS, '--queue-name', queue, '-f', 'json', '--max-ratio', '100']);
    await stopWorkers(running);

    expect(r.status, r.stderr).toBe(6);
    const rows = rowsOf(out);
    expect(rows).toHaveLength(50);
    expect(new Set(rows.map((row) => row.bundle)).size).toBe(50);
    for (const row of rows) {
      const name = row.bundle.slice(input.length + 1);
      if (expected.has(name)) {
        expect([name, row.status, row.rootCause]).toEqual([name, 'done', expected.get(name)]);
        expect(existsSync(join(out, row.reports['json']!))).toBe(true);
      } else {
        expect([name, row.status]).toEqual([name, 'failed']);
        expect(row.reason).toMatch(name === 'ticket-50.log.gz' ? /decompression bomb/ : /gzip data ends or is corrupt/);
      }
    }
    // Each job taken by one of the three workers: their lines add up to the 50 bundles, none twice.
    const settled = running.flatMap((w) => [...w.log().matchAll(/^logsift worker: (?:done|failed): (.*?) \(\d/gm)].map((m) => m[1]!));
    expect(settled.sort()).toEqual(rows.map((row) => row.bundle).sort());
    expect(running.filter((w) => /(done|failed): /.test(w.log())).length).toBeGreaterThan(1);
  }, 900_000);
});

describe('logsift batch --queue: faults', () => {
  it('takes a job again when its worker is killed (SIGKILL) mid-analysis, and the summary has one row', async () => {
    const queue = newQueue('killed');
    const input = join(dir, 'killed');
    mkdirSync(input);
    writeFileSync(join(input, 'slow.log.gz'), manyLines(400_000));
    const out = join(dir, 'killed-out');
    const first = startWorker(queue);
    const batch = runCli(['batch', input, '-o', out, '--queue', REDIS, '--queue-name', queue, '-f', 'json']);
    const watcher = new Queue(queue, { connection, prefix: QUEUE_KEY_PREFIX });
    while ((await watcher.getActiveCount()) === 0) await new Promise((r) => setTimeout(r, 100));
    first.process.kill('SIGKILL');
    await first.exited;
    const second = startWorker(queue);
    const r = await batch;
    await stopWorkers([second]);
    await watcher.close();

    expect(r.status, r.stderr).toBe(0);
    expect(rowsOf(out)).toEqual([expect.objectContaining({ status: 'done', hosts: ['node-1'] })]);
    expect(first.log()).not.toMatch(/done: /);
    expect(second.log()).toMatch(/done: .*slow\.log\.gz/);
  }, 600_000);

  it('rides out a server restart mid-batch (every connection dropped, every job lost): workers reconnect, the batch enqueues the lost jobs again and finishes', async () => {
    const queue = newQueue('restart');
    const input = join(dir, 'restart');
    mkdirSync(input);
    for (let n = 1; n <= 6; n++) copyFileSync('samples/two-node.tgz', join(input, `node-${n}.tgz`));
    const out = join(dir, 'restart-out');
    const running = [startWorker(queue), startWorker(queue)];
    const batch = runCli(['batch', input, '-o', out, '--queue', REDIS, '--queue-name', queue, '-f', 'json']);
    const watcher = new Queue(queue, { connection, prefix: QUEUE_KEY_PREFIX });
    while ((await watcher.getActiveCount()) === 0) await new Promise((r) => setTimeout(r, 100));
    await watcher.close();
    expect(await killConnectionsOf(queue)).toBeGreaterThanOrEqual(3);
    // The documented trial server keeps nothing on disk (--save "" --appendonly no): a restart loses the queue.
    await redis('EVAL', "for _, key in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', key) end return 1", '0', `${QUEUE_KEY_PREFIX}:${queue}:*`);
    await new Promise((r) => setTimeout(r, 1500));
    await killConnectionsOf(queue);
    const r = await batch;
    await stopWorkers(running);

    expect(r.status, r.stderr).toBe(0);
    const rows = rowsOf(out);
    expect(rows.map((row) => [row.bundle.slice(input.length + 1), row.status, row.rootCause])).toEqual(
      Array.from({ length: 6 }, (_, i) => [`node-${i + 1}.tgz`, 'done', 'kernel-oom-kill']),
    );
    expect(r.stderr).toMatch(/the queue lost the job of .*node-\d\.tgz \(a server restart\?\); enqueued again/);
  }, 600_000);

  it('retries a try that runs out of time with backoff, then lists the bundle as a dead letter with the reason', async () => {
    const queue = newQueue('dead');
    const input = join(dir, 'dead');
    mkdirSync(input);
    writeFileSync(join(input, 'slow.log.gz'), manyLines(400_000));
    const out = join(dir, 'dead-out');
    const running = [startWorker(queue)];
    const r = await runCli(['batch', input, '-o', out, '--queue', REDIS, '--queue-name', queue, '-f', 'json', '--timeout', '1', '--attempts', '2']);
    await stopWorkers(running);

    expect(r.status).toBe(6);
    const [row] = rowsOf(out);
    expect(row).toMatchObject({ status: 'failed', attempts: 2, reason: 'still running after 1.0 s: stopped (--timeout) (dead letter after 2 tries)' });
    expect(running[0]!.log().match(/try failed: /g)).toHaveLength(2);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toMatch(/## Dead letter\n\n- `.*slow\.log\.gz` \(2 tries\): still running after 1\.0 s/);
  }, 600_000);

  it('enqueues a bundle once however often the batch is started (--no-wait), and a later run collects the summary', async () => {
    const queue = newQueue('twice');
    const input = join(dir, 'twice');
    mkdirSync(input);
    copyFileSync('samples/two-node.tgz', join(input, 'a.tgz'));
    copyFileSync('samples/healthy-node.tgz', join(input, 'b.tgz'));
    const out = join(dir, 'twice-out');
    const args = ['batch', input, '-o', out, '--queue', REDIS, '--queue-name', queue, '-f', 'json'];
    for (let i = 0; i < 2; i++) {
      const r = await runCli([...args, '--no-wait']);
      expect([r.status, r.stderr]).toEqual([0, expect.stringContaining('2 bundles enqueued on')]);
    }
    const watcher = new Queue(queue, { connection, prefix: QUEUE_KEY_PREFIX });
    expect(await watcher.getWaitingCount()).toBe(2);
    await watcher.close();
    const running = [startWorker(queue)];
    const r = await runCli(args);
    await stopWorkers(running);
    expect(r.status, r.stderr).toBe(0);
    expect(rowsOf(out).map((row) => row.status)).toEqual(['done', 'done']);
  }, 600_000);

  it('says in one line that the queue cannot be reached, and exits 69 (batch and worker)', async () => {
    const batch = await runCli(['batch', 'samples', '-o', join(dir, 'nowhere-out'), '--queue', 'redis://127.0.0.1:1']);
    expect([batch.status, batch.stderr]).toEqual([69, 'logsift: cannot reach the queue at redis://127.0.0.1:1: ECONNREFUSED; nothing was enqueued\n']);
    const worker = await runCli(['worker', '--queue', 'redis://127.0.0.1:1']);
    expect([worker.status, worker.stderr]).toEqual([69, 'logsift: cannot reach the queue at redis://127.0.0.1:1: ECONNREFUSED\n']);
  });

  it('refuses a queue URL that is not redis:// (usage, exit 2)', async () => {
    const r = await runCli(['worker', '--queue', 'http://127.0.0.1:6379']);
    expect([r.status, r.stderr]).toEqual([2, 'logsift: --queue "http://127.0.0.1:6379": expected a redis:// or rediss:// URL\n']);
  });
});
