#!/usr/bin/env node
// Batch throughput: bundles per minute through `logsift batch --queue` with 1, 2 and 3 `logsift worker` processes
// (and, with --local, a local `logsift batch --jobs N` for comparison). Plain ESM over the built dist/.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Queue } from 'bullmq';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = join(HERE, '..');
const MAIN_JS = join(ROOT, 'dist', 'cli', 'main.js');

const HELP = `Usage: node bench/batch-throughput.mjs [options]   (npm run bench runs it too: --batch-bundles)

Copies the shipped sample bundles into --bundles files, then times \`logsift batch DIR --queue URL\` from the
first enqueue to the written summary, with 1, 2 and 3 \`logsift worker\` processes (one bundle at a time each),
and prints bundles per minute. Skipped (exit 0, JSON null) when no Redis answers at --queue.

  --bundles N      bundles per batch, default 12
  --workers LIST   worker counts, default 1,2,3
  --queue URL      default redis://127.0.0.1:6379
  --local          also time a local \`logsift batch --jobs N\` for each count
  --json           print the result as JSON
  -h, --help
`;

function redisAnswers(host, port) {
  return new Promise((resolve) => {
    const socket = connect({ host, port }, () => socket.write('PING\r\n'));
    socket.setTimeout(3000, () => { socket.destroy(); resolve(false); });
    socket.on('error', () => resolve(false));
    socket.on('data', () => { socket.destroy(); resolve(true); });
  });
}

function run(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN_JS, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c) => { stderr += c; });
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

async function timeQueue(dir, url, workers, bundles) {
  const queueName = `bench-${process.pid}-${workers}-${Date.now().toString(36)}`;
  const out = mkdtempSync(join(tmpdir(), 'logsift-bench-batch-out-'));
  const started = [];
  for (let i = 0; i < workers; i++) started.push(spawn(process.execPath, [MAIN_JS, 'worker', '--queue', url, '--queue-name', queueName, '-q'], { stdio: 'ignore' }));
  try {
    const t0 = process.hrtime.bigint();
    const result = await run(['batch', dir, '-o', out, '--queue', url, '--queue-name', queueName, '-f', 'json', '-q']);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (result.code !== 0) throw new Error(`batch --queue exited ${result.code}: ${result.stderr.trim()}`);
    return { mode: 'queue', workers, bundles, seconds, bundlesPerMinute: (bundles / seconds) * 60 };
  } finally {
    for (const w of started) w.kill('SIGTERM');
    await Promise.all(started.map((w) => new Promise((r) => (w.exitCode !== null ? r() : w.once('exit', r)))));
    const { hostname, port } = new URL(url);
    const queue = new Queue(queueName, { connection: { host: hostname, port: Number(port || 6379) }, prefix: 'logsift' });
    await queue.obliterate({ force: true });
    await queue.close();
    rmSync(out, { recursive: true, force: true });
  }
}

async function timeLocal(dir, jobs, bundles) {
  const out = mkdtempSync(join(tmpdir(), 'logsift-bench-batch-out-'));
  try {
    const t0 = process.hrtime.bigint();
    const result = await run(['batch', dir, '-o', out, '--jobs', String(jobs), '-f', 'json', '-q']);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (result.code !== 0) throw new Error(`batch exited ${result.code}: ${result.stderr.trim()}`);
    return { mode: 'local', workers: jobs, bundles, seconds, bundlesPerMinute: (bundles / seconds) * 60 };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/**
 * Bundles per minute for each worker count (and, with `local`, a local batch with as many jobs); null, with a line
 * on `log`, when no Redis answers at `url`.
 */
export async function measureBatchThroughput({ bundles = 12, counts = [1, 2, 3], url = 'redis://127.0.0.1:6379', local = false, log = (text) => process.stderr.write(`batch-throughput: ${text}\n`) } = {}) {
  const { hostname, port } = new URL(url);
  if (!(await redisAnswers(hostname, Number(port || 6379)))) {
    log(`skipped, no Redis answers at ${url} (start one: redis-server --port 6379 --save "" --appendonly no)`);
    return null;
  }
  const samples = readdirSync(join(ROOT, 'samples')).filter((f) => /\.(tgz|tar\.gz)$/.test(f)).sort();
  const dir = mkdtempSync(join(tmpdir(), 'logsift-bench-batch-'));
  try {
    for (let i = 0; i < bundles; i++) copyFileSync(join(ROOT, 'samples', samples[i % samples.length]), join(dir, `bundle-${String(i + 1).padStart(3, '0')}.tgz`));
    const rows = [];
    for (const n of counts) {
      log(`${bundles} bundles, ${n} worker(s) …`);
      rows.push(await timeQueue(dir, url, n, bundles));
      if (local) rows.push(await timeLocal(dir, n, bundles));
    }
    return { machine: { cores: availableParallelism(), node: process.version }, bundles, rows };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The result as a markdown table. */
export function formatBatchThroughput(result) {
  if (!result) return '';
  const lines = [
    '',
    `Batch throughput (${result.machine.cores} cores, Node ${result.machine.node}; ${result.bundles} sample bundles a batch, wall time from enqueue to summary)`,
    '',
    '| mode | workers | seconds | bundles/min |',
    '|---|---|---|---|',
    ...result.rows.map((r) => `| ${r.mode === 'queue' ? 'batch --queue + workers' : 'batch --jobs (local)'} | ${r.workers} | ${r.seconds.toFixed(1)} | ${r.bundlesPerMinute.toFixed(1)} |`),
  ];
  return `${lines.join('\n')}\n`;
}

export async function batchThroughput(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      bundles: { type: 'string', default: '12' },
      workers: { type: 'string', default: '1,2,3' },
      queue: { type: 'string', default: 'redis://127.0.0.1:6379' },
      local: { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const bundles = Number(values.bundles);
  const counts = values.workers.split(',').map(Number);
  if (!Number.isInteger(bundles) || bundles < 1 || counts.some((n) => !Number.isInteger(n) || n < 1)) {
    process.stderr.write('batch-throughput: --bundles and --workers take whole numbers ≥ 1\n');
    return 2;
  }
  const result = await measureBatchThroughput({ bundles, counts, url: values.queue, local: Boolean(values.local) });
  process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : formatBatchThroughput(result));
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  batchThroughput(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (error) => {
    process.stderr.write(`batch-throughput: ${error.message}\n`);
    process.exitCode = 1;
  });
}
