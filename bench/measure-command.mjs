import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';

const PRELOAD = pathToFileURL(fileURLToPath(new URL('./report-rss.mjs', import.meta.url))).href;
const GNU_TIME = '/usr/bin/time';

/** Whether external commands can have their peak RSS measured (GNU time's `%M`). */
export function canMeasureExternalRss() {
  return existsSync(GNU_TIME);
}

/**
 * Runs one measured child and resolves to its wall seconds, peak RSS (MB, or null when it cannot be
 * known), exit code, and captured stdout. `kind: 'node'` runs `node --import report-rss.mjs …` so the
 * child reports its own peak; `kind: 'shell'` runs `sh -c script` under GNU time when present.
 * `stdout` is 'capture', 'ignore' or a file path. Never rejects: a failure to start is `error`.
 */
export function measureCommand({ kind, args, nodeFlags = [], script, scriptArgs = [], stdout = 'ignore', scratchDir }) {
  const rssFile = join(scratchDir, `rss-${process.pid}-${Math.random().toString(36).slice(2)}.txt`);
  let command;
  let argv;
  const env = { ...process.env };
  if (kind === 'node') {
    command = process.execPath;
    argv = [...nodeFlags, '--import', PRELOAD, ...args];
    env.LOGSIFT_BENCH_RSS_FILE = rssFile;
  } else if (canMeasureExternalRss()) {
    command = GNU_TIME;
    argv = ['-f', '%U %S %M', '-o', rssFile, 'sh', '-c', script, 'sh', ...scriptArgs];
  } else {
    command = 'sh';
    argv = ['-c', script, 'sh', ...scriptArgs];
  }
  const outFd = stdout !== 'ignore' && stdout !== 'capture' ? openSync(stdout, 'w') : undefined;
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, argv, { env, stdio: ['ignore', outFd ?? (stdout === 'capture' ? 'pipe' : 'ignore'), 'pipe'] });
    let out = '';
    let err = '';
    child.stdout?.on('data', (chunk) => { if (out.length < 1e6) out += chunk; });
    child.stderr.on('data', (chunk) => { if (err.length < 1e5) err += chunk; });
    const finish = (code, error) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (outFd !== undefined) closeSync(outFd);
      resolve({ seconds, peakRssMB: readRss(rssFile, kind), cpuSeconds: readCpu(rssFile, kind), exitCode: code, stdout: out, stderr: err.trim(), ...(error ? { error: error.message } : {}) });
      rmSync(rssFile, { force: true });
    };
    child.on('error', (error) => finish(null, error));
    child.on('close', (code) => finish(code));
  });
}

function readRss(file, kind) {
  try {
    const text = readFileSync(file, 'utf8').trim();
    // report-rss.mjs writes JSON in KB; GNU time's %M is KB too (the last figure of its last line, after any notes).
    const kb = kind === 'node' ? JSON.parse(text).maxRssKB : Number(text.split('\n').pop().split(' ').pop());
    return Number.isFinite(kb) && kb > 0 ? kb / 1024 : null;
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) a Node child reported of itself, or GNU time of a shell command, else null. */
function readCpu(file, kind) {
  try {
    const text = readFileSync(file, 'utf8').trim();
    const [user, system] = kind === 'node' ? [JSON.parse(text).cpuSeconds, 0] : text.split('\n').pop().split(' ').map(Number);
    const seconds = user + system;
    return Number.isFinite(seconds) ? seconds : null;
  } catch {
    return null;
  }
}
