import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash } from '../../src/batch/content-hash.js';
import { parseSummary, type SummaryRow } from '../../src/batch/summary-row.js';
import { runCli } from './run-cli.js';

/*
 * `logsift batch` as a support desk runs it: the shipped samples, each its own report, and a summary whose root
 * causes are the ones samples/*.expected.json promise; a damaged bundle and a decompression bomb among good ones;
 * and a second run that finds the work done. The bundles run in child processes of the built CLI.
 */

const CHILD = 'dist/cli/batch-child.js';
let dir: string;

beforeAll(() => {
  if (!existsSync(CHILD)) throw new Error(`${CHILD} is missing: run npm run build first (npm test does)`);
  dir = mkdtempSync(join(tmpdir(), 'logsift-batch-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rowsOf = (out: string): SummaryRow[] => parseSummary(readFileSync(join(out, 'summary.ndjson'), 'utf8'));

describe('logsift batch samples/ -o OUTDIR', () => {
  let out: string;
  let first: Awaited<ReturnType<typeof runCli>>;

  beforeAll(async () => {
    out = join(dir, 'samples-out');
    first = await runCli(['batch', 'samples', '-o', out, '--format', 'json,md']);
  }, 300_000);

  it('analyses every sample bundle into its own reports, and exits 0', () => {
    expect(first.status, first.stderr).toBe(0);
    const bundles = readdirSync('samples').filter((f) => /\.(tgz|tar\.gz)$/.test(f));
    const rows = rowsOf(out);
    expect(rows.map((r) => r.bundle).sort()).toEqual(bundles.map((b) => `samples/${b}`).sort());
    for (const row of rows) {
      expect(row.status, `${row.bundle}: ${row.reason}`).toBe('done');
      const report = JSON.parse(readFileSync(join(out, row.reports['json']!), 'utf8'));
      expect(report.inputs).toEqual([row.bundle]);
      expect(readFileSync(join(out, row.reports['md']!), 'utf8')).toMatch(/^#/);
    }
  });

  it('gives each sample the root cause its expectation names (a renamed copy too), with its hosts and fingerprint', async () => {
    const expectations = new Map<string, { rootCause: string | null; hosts: string[] }>();
    for (const file of readdirSync('samples').filter((f) => f.endsWith('.expected.json'))) {
      const bundle = `samples/${file.replace(/\.expected\.json$/, '.tgz')}`;
      expectations.set(await contentHash(bundle), JSON.parse(readFileSync(`samples/${file}`, 'utf8')));
    }
    const rows = rowsOf(out);
    for (const row of rows) {
      const expected = expectations.get(row.contentHash);
      expect(expected, `${row.bundle} has an expectation (or is a byte copy of a bundle that has)`).toBeDefined();
      expect(row.rootCause, row.bundle).toBe(expected!.rootCause);
      expect(row.hosts, row.bundle).toEqual(expect.arrayContaining(expected!.hosts));
      if (expected!.rootCause) expect(row.fingerprint, row.bundle).toMatch(new RegExp(`^fp1:${expected!.rootCause}:[0-9a-f]{12}$`));
    }
    expect(rows.find((r) => r.bundle === 'samples/k3s-power-loss.tgz')).toMatchObject({
      rootCause: 'containerd-sandbox-recovery-failed', severity: 'critical', span: { first: '2025-03-14T06:12:03.000Z' },
    });
  });

  it('writes a summary.md with a row per bundle', () => {
    const md = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(md).toContain('7 bundles: 7 done (6 with incidents), 0 failed.');
    expect(md).toContain('| `samples/two-node.tgz` | done | `kernel-oom-kill` | error | 3 | k3s-server-b, k3s-worker-a |');
  });

  it('a report of the batch is the report `logsift <bundle> --format json` writes', async () => {
    const alone = await runCli(['samples/two-node.tgz', '--format', 'json', '--jobs', '0']);
    expect(readFileSync(join(out, 'two-node.json'), 'utf8')).toBe(alone.stdout);
  });
});

describe('logsift batch with broken bundles, and again', () => {
  let input: string;
  let out: string;
  let first: Awaited<ReturnType<typeof runCli>>;

  beforeAll(async () => {
    input = join(dir, 'uploads');
    out = join(dir, 'uploads-out');
    mkdirSync(input);
    copyFileSync('samples/two-node.tgz', join(input, 'two-node.tgz'));
    // Cut in its first 200 bytes, as an interrupted upload leaves it.
    writeFileSync(join(input, 'cut-upload.tgz'), readFileSync('samples/k3s-power-loss.tgz').subarray(0, 200));
    // 19 MB of log lines in 62 KB: over the ratio limit the batch is given.
    const line = '2025-03-14T14:25:15Z node-1 k3s: level=info msg="ok"\n';
    writeFileSync(join(input, 'bomb.log.gz'), gzipSync(Buffer.from(line.repeat(400_000)), { level: 9 }));
    writeFileSync(join(input, 'notes.md'), 'the customer says it broke on Tuesday\n');
    first = await runCli(['batch', input, '-o', out, '--format', 'json', '--max-ratio', '100', '--jobs', '2']);
  }, 300_000);

  it('lists the damaged bundle and the bomb as failed with their reasons, analyses the rest, and exits 6', () => {
    expect(first.status, first.stderr).toBe(6);
    const rows = rowsOf(out);
    expect(rows.map((r) => [r.bundle.slice(input.length + 1), r.status])).toEqual([['bomb.log.gz', 'failed'], ['cut-upload.tgz', 'failed'], ['two-node.tgz', 'done']]);
    expect(rows[0]!.reason).toMatch(/^read in part only: .*bomb\.log\.gz: gzip stream expands more than 100:1 .*decompression bomb/);
    expect(rows[1]!.reason).toMatch(/cut-upload\.tgz: gzip data ends or is corrupt at compressed byte 200.*no input could be read/);
    expect(rows[2]!.rootCause).toBe('kernel-oom-kill');
    expect(first.stderr).toContain('3 bundles: 1 done (1 with incidents), 2 failed');
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toMatch(/## Dead letter\n\n- `.*bomb\.log\.gz` \(1 try\): read in part only/);
  });

  it('a re-run skips the bundle already done, tries the failed ones again, and keeps one row per bundle', async () => {
    const doneReport = join(out, 'two-node.json');
    const before = statSync(doneReport).mtimeMs;
    const again = await runCli(['batch', input, '-o', out, '--format', 'json', '--max-ratio', '100']);
    expect(again.status).toBe(6);
    expect(again.stderr).toContain('(1 done in an earlier run, not run again)');
    expect(statSync(doneReport).mtimeMs).toBe(before);
    expect(rowsOf(out).map((r) => r.bundle.slice(input.length + 1))).toEqual(['bomb.log.gz', 'cut-upload.tgz', 'two-node.tgz']);
  }, 300_000);

  it('a re-run asking for a format the done bundle lacks analyses it again and writes that report', async () => {
    const again = await runCli(['batch', input, '-o', out, '--format', 'json,html', '--max-ratio', '100']);
    expect(again.status).toBe(6);
    expect(again.stderr).not.toContain('done in an earlier run');
    expect(rowsOf(out).find((r) => r.bundle.endsWith('two-node.tgz'))?.reports).toEqual({ json: 'two-node.json', html: 'two-node.html' });
    expect(readFileSync(join(out, 'two-node.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/i);
  }, 300_000);
});

describe('logsift batch --index', () => {
  it('files each analysed bundle\'s incidents in the index, under the bundle\'s report name as ticket', async () => {
    const manifest = join(dir, 'to-file.txt');
    writeFileSync(manifest, `${join(process.cwd(), 'samples/k3s-power-loss.tgz')}\n${join(process.cwd(), 'samples/healthy-node.tgz')}\n`);
    const index = join(dir, 'known.sqlite');
    const r = await runCli(['batch', manifest, '-o', join(dir, 'filed-out'), '-f', 'json', '--index', index]);
    expect(r.status, r.stderr).toBe(0);
    const search = await runCli(['index', 'search', 'containerd-sandbox-recovery-failed', '--index', index, '--json']);
    const matches = JSON.parse(search.stdout).matches as { ticket: string; note: string; source: { name: string; sha256: string } }[];
    expect(matches.map((m) => [m.ticket, m.note, m.source.name])).toEqual([['k3s-power-loss', 'logsift batch', 'k3s-power-loss.tgz']]);
    expect(`sha256:${matches[0]!.source.sha256}`).toBe(await contentHash('samples/k3s-power-loss.tgz'));
  }, 120_000);

  it('refuses an index that cannot be used before analysing anything: one line, exit 5, no OUTDIR, the file untouched', async () => {
    const notAnIndex = join(dir, 'not-an-index.sqlite');
    writeFileSync(notAnIndex, 'these are my notes, not a database\n');
    const out = join(dir, 'unfiled-out');
    const r = await runCli(['batch', 'samples', '-o', out, '-f', 'json', '--index', notAnIndex]);
    expect(r.status).toBe(5);
    expect(r.stderr).toMatch(new RegExp(`^logsift: .*not-an-index\\.sqlite.*\nlogsift: nothing analysed\n$`));
    expect(existsSync(out)).toBe(false);
    expect(readFileSync(notAnIndex, 'utf8')).toBe('these are my notes, not a database\n');
  });
});

describe('logsift batch: mistakes', () => {
  it('needs -o OUTDIR (usage, exit 2)', async () => {
    const r = await runCli(['batch', 'samples']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('logsift: batch needs -o OUTDIR: the folder the reports and the summary go to\n');
  });

  it('refuses an unknown format (exit 2)', async () => {
    const r = await runCli(['batch', 'samples', '-o', join(dir, 'x'), '--format', 'json,pdf']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--format "pdf": expected text, md, json, html');
  });

  it('names a missing folder or manifest, and one that names no bundle (exit 3)', async () => {
    const missing = await runCli(['batch', join(dir, 'nowhere'), '-o', join(dir, 'x')]);
    expect([missing.status, missing.stderr]).toEqual([3, `logsift: ${join(dir, 'nowhere')}: no such file or directory\n`]);
    const empty = join(dir, 'empty-folder');
    mkdirSync(empty);
    writeFileSync(join(empty, 'README.md'), 'nothing here\n');
    const none = await runCli(['batch', empty, '-o', join(dir, 'x')]);
    expect(none.status).toBe(3);
    expect(none.stderr).toMatch(/the folder names no bundle \(passed over: .*README\.md: neither an archive nor a \.log\/\.txt file\)/);
  });

  it('lists a manifest line that names no file as a failed row, and goes on', async () => {
    const manifest = join(dir, 'today.txt');
    writeFileSync(manifest, `# today\n${join(process.cwd(), 'samples/two-node.tgz')}\ngone.tgz\n`);
    const out = join(dir, 'manifest-out');
    const r = await runCli(['batch', manifest, '-o', out, '-f', 'md']);
    expect(r.status).toBe(6);
    expect(rowsOf(out).map((row) => [row.status, row.reason])).toEqual([['done', null], ['failed', 'no such file or directory']]);
    expect(existsSync(join(out, 'two-node.md'))).toBe(true);
  }, 120_000);
});
