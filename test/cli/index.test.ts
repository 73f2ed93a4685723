import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from './run-cli.js';

const SAMPLE = 'samples/k3s-power-loss.tgz';
const ROOT_SIGNATURE = 'containerd-sandbox-recovery-failed';

let dir: string;
/** `logsift samples/k3s-power-loss.tgz --format json`, written to a file as a support engineer would keep it. */
let reportFile: string;
let report: { incidents: { id: string; fingerprint: string; signature: string; seenBefore?: unknown }[]; rootCause: { incident: string } };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'logsift-index-cli-'));
  const run = await runCli([SAMPLE, '--format', 'json', '--jobs', '0']);
  expect(run.status).toBe(0);
  reportFile = join(dir, 'k3s-power-loss.json');
  writeFileSync(reportFile, run.stdout);
  report = JSON.parse(run.stdout);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** One line on stderr, naming what it is about. */
function expectOneLine(run: CliResult, pattern: RegExp): void {
  expect(run.stderr).toMatch(/\n$/);
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(pattern);
}

describe('logsift index add, then logsift <bundle> --index', () => {
  let index: string;
  beforeAll(async () => {
    index = join(dir, 'seen', 'known-incidents.sqlite');
    const add = await runCli(['index', 'add', SAMPLE, '--ticket', '4711', '--note', 'power cut; containerd 2.0.3', '--index', index, '--jobs', '0']);
    expect(add.stderr).toBe('');
    expect(add.status).toBe(0);
    expect(add.stdout).toMatch(/^filed \d+ incidents and \d+ unrecognised error shapes? of k3s-power-loss\.tgz under ticket 4711 in .*known-incidents\.sqlite\n$/);
  }, 60_000);

  const analyse = (format: string) => runCli([SAMPLE, '--format', format, '--index', index, '--jobs', '0']);
  const today = new Date().toISOString().slice(0, 10);

  it('JSON: every incident of the same bundle has seenBefore with the ticket, date and note', async () => {
    const run = await analyse('json');
    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout) as typeof report;
    expect(json.incidents.length).toBeGreaterThan(1);
    for (const incident of json.incidents) {
      expect(incident.seenBefore).toEqual([{ ticket: '4711', added: expect.stringMatching(new RegExp(`^${today}T`)), note: 'power cut; containerd 2.0.3' }]);
    }
    // Additive: the report's other keys are what they were without --index.
    const plain = JSON.parse((await runCli([SAMPLE, '--format', 'json', '--jobs', '0'])).stdout) as typeof report;
    expect(json.incidents.map(({ seenBefore: _s, ...rest }) => rest)).toEqual(plain.incidents);
    expect(plain.incidents[0]).not.toHaveProperty('seenBefore');
  }, 60_000);

  it('text: on the root cause and on the other incidents', async () => {
    const run = await analyse('text');
    expect(run.status).toBe(0);
    const line = `seen before: ticket 4711 (${today}: power cut; containerd 2.0.3)`;
    const rootBlock = run.stdout.slice(run.stdout.indexOf('== ROOT CAUSE'), run.stdout.indexOf('\n\n', run.stdout.indexOf('== ROOT CAUSE')));
    expect(rootBlock).toContain(`  ${line}`);
    expect(run.stdout.split('\n').filter((l) => l.trim() === line).length).toBe(report.incidents.length);
  }, 60_000);

  it('markdown, HTML and the terminal report say it too', async () => {
    const md = await analyse('md');
    expect(md.stdout).toContain(`- **Seen before:** ticket 4711 (${today}: power cut; containerd 2.0.3)`);
    const html = await analyse('html');
    expect(html.stdout).toContain(`<dt>Seen before</dt><dd class="seen-before">ticket 4711 (${today}: power cut; containerd 2.0.3)</dd>`);
    expect(html.stdout).toContain(`<div class="seen-before">Seen before: ticket 4711 (${today}: power cut; containerd 2.0.3)</div>`);
    const terminal = await runCli([SAMPLE, '--index', index, '--no-color', '--jobs', '0'], { tty: true });
    expect(terminal.stdout).toMatch(/seen before\s+ticket 4711/);
  }, 90_000);

  it('a second ticket comes first, and an unknown bundle says nothing', async () => {
    const second = await runCli(['index', 'add', reportFile, '--ticket', 'SUP-88', '--index', index]);
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(/\(\d+ already known from other tickets\)/);
    const json = JSON.parse((await analyse('json')).stdout) as { incidents: { seenBefore: { ticket: string }[] }[] };
    expect(json.incidents[0]!.seenBefore.map((s) => s.ticket)).toEqual(['SUP-88', '4711']);
    const other = JSON.parse((await runCli(['samples/stuck-terminating.tgz', '--format', 'json', '--index', index, '--jobs', '0'])).stdout) as { incidents: { seenBefore: unknown[] }[] };
    expect(other.incidents.length).toBeGreaterThan(0);
    for (const incident of other.incidents) expect(incident.seenBefore).toEqual([]);
  }, 90_000);
});

describe('logsift index search', () => {
  let index: string;
  beforeAll(async () => {
    index = join(dir, 'search.sqlite');
    expect((await runCli(['index', 'add', reportFile, '--ticket', 'SUP-12', '--index', index])).status).toBe(0);
  });

  it('finds a fingerprint with its ticket, as text and as JSON', async () => {
    const root = report.incidents.find((i) => i.id === report.rootCause.incident)!;
    const text = await runCli(['index', 'search', root.fingerprint, '--index', index]);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^1 filing of ${root.fingerprint} under 1 ticket`));
    expect(text.stdout).toContain('ticket SUP-12  filed ');
    expect(text.stdout).toContain(`signature ${ROOT_SIGNATURE}`);
    expect(text.stdout).toMatch(/from {8}report k3s-power-loss\.json \(sha256 [0-9a-f]{64}\); report span 2025-03-14T06:12:03\.000Z/);
    const json = JSON.parse((await runCli(['index', 'search', root.fingerprint, '--json', '--index', index])).stdout);
    expect(json.query).toBe(root.fingerprint);
    expect(Object.keys(json.matches[0])).toEqual([
      'ticket', 'note', 'added', 'fingerprint', 'kind', 'signature', 'title', 'severity', 'host', 'firstSeen', 'lastSeen', 'count', 'report', 'source',
    ]);
    expect(json.matches[0]).toMatchObject({ ticket: 'SUP-12', note: null, kind: 'incident', signature: ROOT_SIGNATURE, host: 'k3s-node-03', report: { hosts: ['k3s-node-03'] }, source: { kind: 'report', name: 'k3s-power-loss.json', sha256: sha256(reportFile) } });
  });

  it('finds by signature id, and exits 1 when nothing matches', async () => {
    const bySignature = await runCli(['index', 'search', ROOT_SIGNATURE, '--json', '--index', index]);
    expect(JSON.parse(bySignature.stdout).matches.map((m: { signature: string }) => m.signature)).toEqual([ROOT_SIGNATURE]);
    const none = await runCli(['index', 'search', 'fp1:kernel-panic:000000000000', '--index', index]);
    expect(none.status).toBe(1);
    expect(none.stdout).toBe('No filed incident has the fingerprint or signature fp1:kernel-panic:000000000000.\n');
  });

  it('uses $XDG_DATA_HOME/logsift/known-incidents.sqlite without --index, creating the folder', async () => {
    const xdg = join(dir, 'xdg-data');
    const add = await runCli(['index', 'add', reportFile, '--ticket', '7'], { env: { XDG_DATA_HOME: xdg } });
    expect(add.status).toBe(0);
    expect(existsSync(join(xdg, 'logsift', 'known-incidents.sqlite'))).toBe(true);
    expect((await runCli(['index', 'search', ROOT_SIGNATURE], { env: { XDG_DATA_HOME: xdg } })).status).toBe(0);
  });
});

describe('bad input: one line, a documented status, the index as it was', () => {
  it('a missing report file: status 3, and no index is created', async () => {
    const index = join(dir, 'never.sqlite');
    const run = await runCli(['index', 'add', join(dir, 'no-such-report.json'), '--ticket', '1', '--index', index]);
    expect(run.status).toBe(3);
    expectOneLine(run, /^logsift: .*no-such-report\.json: cannot read the report \(ENOENT\)$/m);
    expect(existsSync(index)).toBe(false);
  });

  it('a missing bundle: status 3', async () => {
    const run = await runCli(['index', 'add', join(dir, 'no-such-bundle.tgz'), '--ticket', '1', '--index', join(dir, 'never.sqlite'), '--jobs', '0']);
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(/nothing was filed\n$/);
    expect(existsSync(join(dir, 'never.sqlite'))).toBe(false);
  });

  it('a report from a newer schema: status 3, asking for an upgrade', async () => {
    const newer = join(dir, 'newer-report.json');
    writeFileSync(newer, JSON.stringify({ ...JSON.parse(readFileSync(reportFile, 'utf8')), schemaVersion: 3 }));
    const index = join(dir, 'ok.sqlite');
    expect((await runCli(['index', 'add', reportFile, '--ticket', '1', '--index', index])).status).toBe(0);
    const before = sha256(index);
    const run = await runCli(['index', 'add', newer, '--ticket', '2', '--index', index]);
    expect(run.status).toBe(3);
    expectOneLine(run, /^logsift: .*newer-report\.json: report schemaVersion 3 is newer than this logsift reads \(up to 2\): upgrade logsift\n$/);
    expect(sha256(index)).toBe(before);
  });

  it('ticket ids with controls or over 200 characters: status 2; shell metacharacters are stored as given', async () => {
    const index = join(dir, 'tickets.sqlite');
    const control = await runCli(['index', 'add', reportFile, '--ticket', '4711\u001b]0;pwned\u0007', '--index', index]);
    expect(control.status).toBe(2);
    expectOneLine(control, /^logsift: --ticket holds a control or bidi character \(U\+001B at character 5\); only printable text is accepted\n$/);
    const long = await runCli(['index', 'add', reportFile, '--ticket', 'T'.repeat(201), '--index', index]);
    expect(long.status).toBe(2);
    expectOneLine(long, /^logsift: --ticket is 201 characters long; at most 200 are accepted\n$/);
    expect(existsSync(index)).toBe(false);
    const shell = `INC-9; rm -rf ~ && echo "$(id)" | tee \`x\``;
    expect((await runCli(['index', 'add', reportFile, '--ticket', shell, '--index', index])).status).toBe(0);
    const found = JSON.parse((await runCli(['index', 'search', ROOT_SIGNATURE, '--json', '--index', index])).stdout);
    expect(found.matches[0].ticket).toBe(shell);
  });

  it('a file that is not an index (truncated text, or a damaged SQLite file): status 4, unchanged', async () => {
    const notes = join(dir, 'notes.sqlite');
    writeFileSync(notes, 'SUP-12 power cut\n'.repeat(500));
    const damaged = join(dir, 'damaged.sqlite');
    expect((await runCli(['index', 'add', reportFile, '--ticket', '1', '--index', damaged])).status).toBe(0);
    const bytes = readFileSync(damaged);
    // A cut-off copy: the header survives, the pages it points to do not.
    writeFileSync(damaged, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    for (const [path, message] of [[notes, /notes\.sqlite is not a logsift index: not an SQLite database/], [damaged, /damaged\.sqlite is damaged \(/]] as const) {
      const before = sha256(path);
      const add = await runCli(['index', 'add', reportFile, '--ticket', '2', '--index', path]);
      expect(add.status).toBe(5);
      expectOneLine(add, message);
      const analyse = await runCli([SAMPLE, '--format', 'json', '--index', path, '--jobs', '0']);
      expect(analyse.status).toBe(5);
      expect(analyse.stdout).toBe('');
      expectOneLine(analyse, message);
      expect(sha256(path)).toBe(before);
    }
  }, 60_000);

  it('an index written by a newer logsift: status 4, unchanged', async () => {
    const index = join(dir, 'future.sqlite');
    expect((await runCli(['index', 'add', reportFile, '--ticket', '1', '--index', index])).status).toBe(0);
    const db = new Database(index);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, ?, ?)').run('from a later logsift', '2027-06-01T00:00:00.000Z');
    db.close();
    const before = sha256(index);
    for (const args of [['index', 'add', reportFile, '--ticket', '2'], ['index', 'search', ROOT_SIGNATURE]]) {
      const run = await runCli([...args, '--index', index]);
      expect(run.status).toBe(5);
      expectOneLine(run, /^logsift: index .*future\.sqlite has schema version 99, written by a newer logsift \(this one reads up to 1\): upgrade logsift\n$/);
    }
    expect(sha256(index)).toBe(before);
  });

  it('an index another writer holds past the busy timeout: status 75, unchanged, and reading still works', async () => {
    const index = join(dir, 'held.sqlite');
    expect((await runCli(['index', 'add', reportFile, '--ticket', '1', '--index', index])).status).toBe(0);
    const before = sha256(index);
    const holder = new Database(index);
    holder.exec('BEGIN IMMEDIATE');
    holder.prepare("UPDATE additions SET note = 'edited elsewhere'").run();
    try {
      const run = await runCli(['index', 'add', reportFile, '--ticket', '2', '--index', index]);
      expect(run.status).toBe(75);
      expectOneLine(run, /^logsift: index .*held\.sqlite is locked by another writer \(waited 5 s\); left as it was, try again when it is done\n$/);
      expect((await runCli(['index', 'search', ROOT_SIGNATURE, '--index', index])).status).toBe(0);
      expect(sha256(index)).toBe(before);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(JSON.parse((await runCli(['index', 'search', ROOT_SIGNATURE, '--json', '--index', index])).stdout).matches.map((m: { ticket: string }) => m.ticket)).toEqual(['1']);
  }, 60_000);

  it('analyse --index with no index there: status 4 before any work', async () => {
    const run = await runCli([SAMPLE, '--index', join(dir, 'typo.sqlite')]);
    expect(run.status).toBe(5);
    expectOneLine(run, /^logsift: no index at .*typo\.sqlite \(logsift index add creates one\)\n$/);
    expect(run.stdout).toBe('');
    expect(existsSync(join(dir, 'typo.sqlite'))).toBe(false);
  });

  it('usage mistakes: status 2', async () => {
    expect((await runCli(['index', 'frobnicate'])).status).toBe(2);
    expect((await runCli(['index', 'add', reportFile, '--index', join(dir, 'u.sqlite')])).stderr).toBe('logsift: index add needs --ticket ID: the ticket these incidents were handled in\n');
    expect((await runCli(['index', 'search', '--index', join(dir, 'u.sqlite')])).status).toBe(2);
  });
});
