import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freshSchema, type TestSchema } from '../known-incidents/postgres-test-database.js';
import { runCli, type CliResult } from './run-cli.js';

/*
 * A support team's shared index: `--index postgres://…` wherever `--index` is taken, against the real server on
 * loopback (a fresh schema per test), and several desks filing at once from their own processes.
 */

const CLI = 'dist/cli/main.js';
const SAMPLE = 'samples/k3s-power-loss.tgz';
const run = promisify(execFile);

let dir: string;
let reportFile: string;
let report: { incidents: { fingerprint: string }[]; unrecognised: unknown[] };
/** The same report with 40,000 distinct incidents: an add long enough to be killed inside its transaction. */
let fleetReport: string;
const FLEET_INCIDENTS = 40_000;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'logsift-index-pg-cli-'));
  const analysed = await runCli([SAMPLE, '--format', 'json', '--jobs', '0']);
  expect(analysed.status).toBe(0);
  reportFile = join(dir, 'k3s-power-loss.json');
  writeFileSync(reportFile, analysed.stdout);
  report = JSON.parse(analysed.stdout);
  const fleet = JSON.parse(analysed.stdout) as { incidents: Record<string, unknown>[]; unrecognised: unknown[] };
  const template = fleet.incidents[0]!;
  fleet.incidents = Array.from({ length: FLEET_INCIDENTS }, (_, n) => ({
    ...template,
    id: `${String(template['signature'])}@node-${n}#1`,
    host: `node-${n}`,
    fingerprint: `fp1:${String(template['signature'])}:${n.toString(16).padStart(12, '0')}`,
    evidence: [],
  }));
  fleet.unrecognised = [];
  fleetReport = join(dir, 'fleet.json');
  writeFileSync(fleetReport, JSON.stringify(fleet));
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let schema: TestSchema;
beforeEach(async () => {
  schema = await freshSchema();
});
afterEach(() => schema.drop());

function expectOneLine(result: CliResult, pattern: RegExp): void {
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
}

describe('--index postgres://…', () => {
  it('files a report, finds it by signature, and marks the incidents seen before in an analysis', async () => {
    const add = await runCli(['index', 'add', reportFile, '--ticket', 'SUP-12', '--note', 'power cut', '--index', schema.url]);
    expect(add.stderr).toBe('');
    expect(add.status).toBe(0);
    // The server is named without the connection's query (it may carry a password).
    expect(add.stdout).toMatch(/^filed \d+ incidents and \d+ unrecognised error shapes? of k3s-power-loss\.json under ticket SUP-12 in postgres:\/\/postgres@127\.0\.0\.1:5432\/test\n$/);

    const search = await runCli(['index', 'search', 'containerd-sandbox-recovery-failed', '--json', '--index', schema.url]);
    expect(search.status).toBe(0);
    expect(JSON.parse(search.stdout).matches.map((m: { ticket: string; note: string }) => [m.ticket, m.note])).toEqual([['SUP-12', 'power cut']]);

    const analysed = await runCli([SAMPLE, '--format', 'json', '--index', schema.url, '--jobs', '0']);
    expect(analysed.status).toBe(0);
    const incidents = (JSON.parse(analysed.stdout) as { incidents: { seenBefore?: { ticket: string }[] }[] }).incidents;
    expect(incidents.length).toBeGreaterThan(1);
    for (const incident of incidents) expect(incident.seenBefore?.map((s) => s.ticket)).toEqual(['SUP-12']);
  }, 60_000);

  it('an unreachable server: one line naming it without the password, status 5, before any analysis', async () => {
    const url = 'postgres://support:s3cret-pw@127.0.0.1:1/logsift';
    for (const args of [
      ['index', 'search', 'containerd-sandbox-recovery-failed', '--index', url],
      ['index', 'add', reportFile, '--ticket', '4711', '--index', url],
      [SAMPLE, '--index', url, '--jobs', '0'],
    ]) {
      const result = await runCli(args);
      expect(result.status).toBe(5);
      expect(result.stdout).toBe('');
      expectOneLine(result, /^logsift: cannot reach PostgreSQL index postgres:\/\/support@127\.0\.0\.1:1\/logsift: connection refused \(is the server running and listening there\?\)\n$/);
      expect(result.stderr).not.toContain('s3cret');
    }
  });

  it('a database that does not exist: status 5, one line', async () => {
    const result = await runCli(['index', 'search', 'x', '--index', 'postgresql://postgres@127.0.0.1:5432/no_such_logsift_db']);
    expect(result.status).toBe(5);
    expectOneLine(result, /^logsift: PostgreSQL index postgresql:\/\/postgres@127\.0\.0\.1:5432\/no_such_logsift_db: database "no_such_logsift_db" does not exist/);
  });

  it('an index add killed (SIGKILL) inside its transaction leaves all of it or none, and the index goes on working', async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm test does)`);
    expect((await runCli(['index', 'add', reportFile, '--ticket', '4711', '--index', schema.url])).status).toBe(0);
    const child = spawn(process.execPath, [CLI, 'index', 'add', fleetReport, '--ticket', 'CRASH-1', '--index', schema.url], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    // Killed once its connection holds a write transaction (a transaction id is assigned at its first row).
    let killedInside = false;
    while (child.exitCode === null && child.signalCode === null) {
      const writing = await schema.query("SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND backend_xid IS NOT NULL", [schema.name]);
      if (writing.rowCount === 1) {
        child.kill('SIGKILL');
        killedInside = true;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(await exited).toBe('SIGKILL');
    expect(killedInside).toBe(true);
    // The server notices the closed connection and rolls its transaction back.
    let filed = -1;
    for (let attempt = 0; attempt < 200; attempt++) {
      const open = await schema.query('SELECT 1 FROM pg_stat_activity WHERE application_name = $1', [schema.name]);
      if (open.rowCount === 0) {
        filed = (await schema.query<{ n: number }>("SELECT COUNT(*)::int AS n FROM incidents JOIN additions ON additions.id = incidents.addition_id WHERE ticket = 'CRASH-1'")).rows[0]!.n;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect([0, FLEET_INCIDENTS]).toContain(filed);
    const search = await runCli(['index', 'search', 'containerd-sandbox-recovery-failed', '--json', '--index', schema.url]);
    expect(JSON.parse(search.stdout).matches.map((m: { ticket: string }) => m.ticket)).toContain('4711');
    expect((await runCli(['index', 'add', reportFile, '--ticket', '4712', '--index', schema.url])).status).toBe(0);
  }, 120_000);

  it('two processes filing at once into a fresh database: every add once, nothing lost, nothing doubled', async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm test does)`);
    const addAll = async (desk: string) => {
      for (let n = 1; n <= 3; n++) {
        const { stdout } = await run(process.execPath, [CLI, 'index', 'add', reportFile, '--ticket', `${desk}-${n}`, '--index', schema.url]);
        expect(stdout).toMatch(new RegExp(`under ticket ${desk}-${n} in `));
      }
    };
    // Both start on an empty schema: their first opens race to create the tables too.
    await Promise.all([addAll('A'), addAll('B')]);
    const perTicket = (
      await schema.query<{ ticket: string; additions: number; items: number }>(
        'SELECT ticket, COUNT(DISTINCT additions.id)::int AS additions, COUNT(incidents.id)::int AS items FROM additions JOIN incidents ON incidents.addition_id = additions.id GROUP BY ticket ORDER BY ticket',
      )
    ).rows;
    const items = report.incidents.length + report.unrecognised.length;
    expect(perTicket).toEqual(['A-1', 'A-2', 'A-3', 'B-1', 'B-2', 'B-3'].map((ticket) => ({ ticket, additions: 1, items })));
    expect((await schema.query('SELECT COUNT(*)::int AS n FROM schema_migrations')).rows[0]).toEqual({ n: 1 });
  }, 120_000);
});
