import { spawnSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { measureCommand } from './measure-command.mjs';
import { ensureLargeJournal } from './large-journal.mjs';

/** Copies of each fixture journal in the generated journal directory: 5 fixtures × 8 MiB × 8 = 320 MiB of files. */
const JOURNAL_COPIES = 8;
/** Entries of the large journal: as many as systemd-journal-remote writes to one file before it rotates (~83 MiB). */
const LARGE_JOURNAL_ENTRIES = 140_000;

/**
 * Rows that do not depend on the generated bundle: start-up (`--version`, `patterns list`, a 4 555-line sample) and
 * binary journals (a directory of the real systemd files in test/fixtures/journal, hard-linked many times, read by
 * `timeline` and by the analysis, next to `journalctl -D`). Each row: median wall and CPU seconds, peak RSS.
 */
export async function measureStartupAndJournals({ mainJs, repoDir, scratch, runs }) {
  const journalDir = makeJournalDir(join(repoDir, 'test', 'fixtures', 'journal'), join(scratch, 'journals'));
  const sample = join(repoDir, 'samples', 'k3s-power-loss.tgz');
  const node = (label, args) => ({ label, run: () => measureCommand({ kind: 'node', args: [mainJs, ...args], scratchDir: scratch }) });
  const tasks = [
    node('logsift --version', ['--version']),
    node('logsift patterns list', ['patterns', 'list']),
    node('logsift samples/k3s-power-loss.tgz --format json', [sample, '--format', 'json', '-q']),
  ];
  if (journalDir) {
    tasks.push(
      node(`logsift timeline <${journalDir.files} journal files, ${journalDir.mb} MB> --json`, ['timeline', journalDir.path, '--json', '-q']),
      node(`logsift <${journalDir.files} journal files> --format json --jobs 0`, [journalDir.path, '--format', 'json', '-q', '--jobs', '0']),
    );
    if (spawnSync('journalctl', ['--version']).status === 0) {
      // One file at a time: `journalctl -D` would merge the copies' identical entries and print each once.
      tasks.push({ label: 'journalctl --file <each> -o json > /dev/null', run: () => measureCommand({ kind: 'shell', script: 'for f in "$1"/*.journal; do journalctl --file "$f" -o json; done > /dev/null', scriptArgs: [journalDir.filesDir], scratchDir: scratch }) });
    }
  }
  // One large journal written by systemd-journal-remote (cached beside the bench bundles), next to journalctl.
  const large = await ensureLargeJournal({ repoDir, dir: join(tmpdir(), 'logsift-bench', 'journal'), entries: LARGE_JOURNAL_ENTRIES });
  if (large) {
    const what = `<1 journal, ${Math.round(large.bytes / 1048576)} MiB, ${large.entries} entries>`;
    tasks.push(
      node(`logsift timeline ${what} > /dev/null`, ['timeline', large.path, '-q']),
      node(`logsift ${what} --format json --jobs 0`, [large.path, '--format', 'json', '-q', '--jobs', '0']),
      node(`logsift ${what} --format json (default jobs)`, [large.path, '--format', 'json', '-q']),
    );
    if (spawnSync('journalctl', ['--version']).status === 0) {
      tasks.push({ label: `journalctl --file ${what} -o short-iso > /dev/null`, run: () => measureCommand({ kind: 'shell', script: 'journalctl --file "$1" -o short-iso > /dev/null', scriptArgs: [large.path], scratchDir: scratch }) });
    }
  }
  const measured = tasks.map(() => []);
  for (let r = 0; r < runs; r++) {
    for (const [i, task] of tasks.entries()) measured[i].push(await task.run());
  }
  return tasks.map((task, i) => {
    const ms = measured[i];
    const cpu = ms.map((m) => m.cpuSeconds).filter((v) => v !== null && v !== undefined);
    const rss = ms.map((m) => m.peakRssMB).filter((v) => v !== null);
    return {
      label: task.label,
      medianSeconds: median(ms.map((m) => m.seconds)),
      medianCpuSeconds: cpu.length ? median(cpu) : null,
      peakRssMB: rss.length ? Math.max(...rss) : null,
      failed: ms.filter((m) => m.exitCode !== 0).length,
    };
  });
}

function makeJournalDir(fixtures, dir) {
  if (!existsSync(fixtures)) return undefined;
  const names = readdirSync(fixtures).filter((f) => f.endsWith('.journal.gz')).sort();
  const target = join(dir, 'var', 'log', 'journal', '0123456789abcdef0123456789abcdef');
  mkdirSync(target, { recursive: true });
  let bytes = 0;
  let files = 0;
  for (const name of names) {
    const first = join(target, name.replace(/\.gz$/, ''));
    const data = gunzipSync(readFileSync(join(fixtures, name)));
    writeFileSync(first, data);
    for (let copy = 0; copy < JOURNAL_COPIES; copy++) {
      if (copy > 0) linkSync(first, first.replace(/\.journal$/, `@${copy}.journal`));
      bytes += data.length;
      files++;
    }
  }
  return { path: dir, filesDir: target, files, mb: Math.round(bytes / 1048576) };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

// `node bench/startup-and-journals.mjs [--runs N] [--json]` (after `npm run build`): these rows alone, without the bundle.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, json: { type: 'boolean' } } });
  const repoDir = fileURLToPath(new URL('..', import.meta.url));
  const scratch = mkdtempSync(join(tmpdir(), 'logsift-bench-run-'));
  try {
    const rows = await measureStartupAndJournals({ mainJs: join(repoDir, 'dist', 'cli', 'main.js'), repoDir, scratch, runs: Number(values.runs) });
    if (values.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    else for (const r of rows) process.stdout.write(`${r.label}\twall ${r.medianSeconds.toFixed(2)} s\tCPU ${r.medianCpuSeconds?.toFixed(2) ?? '?'} s\tRSS ${r.peakRssMB === null ? '?' : Math.round(r.peakRssMB)} MB${r.failed ? `\t${r.failed} FAILED` : ''}\n`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
