import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

/*
 * A support engineer's laptop sleeps, the terminal is closed, the OOM killer strikes: `index add` dies at any point.
 * This kills a real `logsift index add` (the built CLI, as users run it) with SIGKILL while its one transaction is
 * writing, then reads the index the way the next run would.
 */

const CLI = 'dist/cli/main.js';
const INCIDENTS = 40_000;

let dir: string;
let bigReport: string;
let baseReport: string;

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm test does)`);
  dir = mkdtempSync(join(tmpdir(), 'logsift-crash-'));
  const run = await runCli(['samples/k3s-power-loss.tgz', '--format', 'json', '--jobs', '0']);
  expect(run.status).toBe(0);
  baseReport = join(dir, 'k3s-power-loss.json');
  writeFileSync(baseReport, run.stdout);
  // The same report with tens of thousands of distinct incidents: one transaction long enough to be killed inside.
  const report = JSON.parse(run.stdout) as { incidents: Record<string, unknown>[]; unrecognised: unknown[] };
  const template = report.incidents[0]!;
  report.incidents = Array.from({ length: INCIDENTS }, (_, n) => ({
    ...template,
    id: `${String(template['signature'])}@node-${n}#1`,
    host: `node-${n}`,
    fingerprint: `fp1:${String(template['signature'])}:${n.toString(16).padStart(12, '0')}`,
    evidence: [],
  }));
  report.unrecognised = [];
  bigReport = join(dir, 'fleet.json');
  writeFileSync(bigReport, JSON.stringify(report));
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts `index add` and SIGKILLs it once its write-ahead log shows the transaction writing; resolves how it ended. */
function killMidTransaction(index: string): Promise<{ signal: NodeJS.Signals | null; walBytesAtKill: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'index', 'add', bigReport, '--ticket', 'CRASH-1', '--index', index], { stdio: 'ignore' });
    let walBytesAtKill = 0;
    const poll = setInterval(() => {
      let wal = 0;
      try {
        wal = statSync(`${index}-wal`).size;
      } catch {
        return;
      }
      // Past the first few pages: rows of this addition are being written, and the commit is far off.
      if (wal > 256 * 1024 && walBytesAtKill === 0) {
        walBytesAtKill = wal;
        child.kill('SIGKILL');
      }
    }, 5);
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearInterval(poll);
      resolve({ signal, walBytesAtKill });
    });
  });
}

describe('an index add killed mid-transaction', () => {
  it('leaves an index that opens, passes integrity_check, and holds all or none of that add', async () => {
    const index = join(dir, 'known-incidents.sqlite');
    const first = await runCli(['index', 'add', baseReport, '--ticket', '4711', '--index', index]);
    expect(first.status).toBe(0);

    const { signal, walBytesAtKill } = await killMidTransaction(index);
    expect(signal).toBe('SIGKILL');
    expect(walBytesAtKill).toBeGreaterThan(256 * 1024);

    const db = new Database(index);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const crashed = db.prepare("SELECT COUNT(*) FROM incidents JOIN additions ON additions.id = incidents.addition_id WHERE ticket = 'CRASH-1'").pluck().get() as number;
      const additions = db.prepare("SELECT COUNT(*) FROM additions WHERE ticket = 'CRASH-1'").pluck().get() as number;
      expect([0, INCIDENTS]).toContain(crashed);
      expect(additions).toBe(crashed === 0 ? 0 : 1);
      // The add before it is intact.
      expect(db.prepare("SELECT COUNT(*) FROM additions WHERE ticket = '4711'").pluck().get()).toBe(1);
    } finally {
      db.close();
    }

    // And logsift goes on using it: the earlier ticket is still found, and the add can simply be run again.
    const search = await runCli(['index', 'search', 'containerd-sandbox-recovery-failed', '--json', '--index', index]);
    expect(search.status).toBe(0);
    expect(JSON.parse(search.stdout).matches.map((m: { ticket: string }) => m.ticket)).toContain('4711');
    const again = await runCli(['index', 'add', baseReport, '--ticket', '4712', '--index', index]);
    expect(again.status).toBe(0);
  }, 180_000);
});
