#!/usr/bin/env node
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, platform, arch, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { ensureBundle, parseSize } from './generate-bundle.mjs';
import { ruleRegexes } from './rule-regexes.mjs';
import { measureCommand } from './measure-command.mjs';
import { cpuProfilesTop } from './cpu-profile-top.mjs';
import { formatBenchTable } from './format-bench-table.mjs';
import { measureStartupAndJournals } from './startup-and-journals.mjs';
import { measureIndexBackends, INDEX_TASKS } from './index-backends.mjs';
import { formatBatchThroughput, measureBatchThroughput } from './batch-throughput.mjs';
import { formatHugeFile, formatSizeScaling, measureHugeFile, measureSizeScaling, parseSizeList } from './size-scaling.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const MAIN_JS = join(HERE, '..', 'dist', 'cli', 'main.js');

export const BENCH_HELP = `Usage: node bench/run-bench.mjs [options]   (npm run bench builds first)

Generates a Rancher-collector bundle of the given size (cached in ${join(tmpdir(), 'logsift-bench')}) and times,
alternately, in a child process each: logsift --format json, gzip -dc, tar -xzOf | rg -c -f <every rule regex>
(grep -E without rg), Node's floor (gunzip + tar + lines) and classification with 0, 25, 50 and all signatures
(and libraries 2× and 4× the shipped one); then the known-incident index on an SQLite file and on PostgreSQL
(bench/index-backends.mjs; LOGSIFT_BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/test; a server that
does not answer is noted, not measured).

  --size SIZE        uncompressed log bytes: 1GB (default), 100MB, 2MB, … (1 MB = 1 048 576 bytes)
  --runs N           runs of each task, default 3 (the table shows medians)
  --classify-mb N    cap the classification pass at N MB of input, default 128 (0 = whole bundle)
  --json             print the result as JSON
  --keep             keep the generated bundle in the cache for the next bench
  --profile          also run logsift once under node --cpu-prof and list the top 15 self-time functions
  --jobs N           worker threads for the default logsift row (default: logsift's own choice); the other
                     logsift row always runs with --jobs 0, and both must print the same report
  --host-scaling L   host counts for the host scaling table (bench/host-scaling.mjs: one tiny file per host),
                     default 1000,10000,100000; 0 = off
  --scaling L        bundle sizes for the size scaling table (logsift default and --jobs 0, tar | rg and Node's floor
                     at each size), default 100MB,300MB,1GB; 0 = off
  --huge-file SIZE   one journalctl dump of SIZE gzipped alone (one member: no spreading by file), logsift next to
                     gzip -dc | rg -c -f rules; default 1GB, 0 = off
  --batch-bundles N  bundles per batch for the batch throughput table (logsift batch --queue with 1, 2 and 3
                     workers, bench/batch-throughput.mjs; needs Redis on 127.0.0.1:6379, else skipped);
                     default 12, 0 = no table
  -h, --help
`;

/** Runs the bench for a command line; resolves to the process exit status. Progress goes to stderr. */
export async function runBench(argv, io = { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) }) {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        size: { type: 'string', default: '1GB' },
        runs: { type: 'string', default: '3' },
        'classify-mb': { type: 'string', default: '128' },
        json: { type: 'boolean' },
        keep: { type: 'boolean' },
        profile: { type: 'boolean' },
        jobs: { type: 'string' },
        'batch-bundles': { type: 'string', default: '12' },
        'host-scaling': { type: 'string', default: '1000,10000,100000' },
        scaling: { type: 'string', default: '100MB,300MB,1GB' },
        'huge-file': { type: 'string', default: '1GB' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    io.stderr(`bench: ${error.message}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout(BENCH_HELP);
    return 0;
  }
  const sizeBytes = parseSize(values.size);
  const runs = Number(values.runs);
  const classifyMB = Number(values['classify-mb']);
  if (sizeBytes === undefined) return usage(io, `--size "${values.size}": expected e.g. 1GB, 100MB or 2MB (at least 64KB)`);
  if (!Number.isInteger(runs) || runs < 1) return usage(io, `--runs "${values.runs}": expected a whole number ≥ 1`);
  const batchBundles = Number(values['batch-bundles']);
  if (!Number.isInteger(batchBundles) || batchBundles < 0) return usage(io, `--batch-bundles "${values['batch-bundles']}": expected a whole number ≥ 0`);
  const scalingSizes = parseSizeList(values.scaling);
  if (scalingSizes === undefined) return usage(io, `--scaling "${values.scaling}": expected sizes such as 100MB,300MB,1GB, or 0`);
  const hugeFileBytes = values['huge-file'] === '0' ? 0 : parseSize(values['huge-file']);
  if (hugeFileBytes === undefined) return usage(io, `--huge-file "${values['huge-file']}": expected a size such as 1GB, or 0`);
  if (!Number.isFinite(classifyMB) || classifyMB < 0) return usage(io, `--classify-mb "${values['classify-mb']}": expected a number ≥ 0`);
  if (!existsSync(MAIN_JS)) {
    io.stderr(`bench: ${MAIN_JS} is missing: build first (npm run build)\n`);
    return 2;
  }

  const { loadLibrary } = await import('../dist/patterns/index.js');
  const { shippedPatternsDir } = await import('../dist/cli/shipped-patterns-dir.js');
  const { library } = await loadLibrary([shippedPatternsDir()]);
  const log = (text) => io.stderr(`bench: ${text}\n`);

  log(`preparing a ${(sizeBytes / 1048576).toFixed(1)} MB bundle …`);
  const genStarted = Date.now();
  const { path: bundle, facts, generated } = await ensureBundle(sizeBytes, library.signatures);
  log(`${generated ? `generated in ${((Date.now() - genStarted) / 1000).toFixed(1)} s` : 'reused from the cache'}: ${bundle}`);

  const scratch = await mkdtemp(join(tmpdir(), 'logsift-bench-run-'));
  try {
    const tool = commandWorks('rg', ['--version']) ? 'rg' : 'grep';
    const regexes = ruleRegexes(library.signatures, tool);
    const regexFile = join(scratch, 'rules.regex');
    await writeFile(regexFile, `${regexes.patterns.join('\n')}\n`);
    const reportFile = join(scratch, 'report.json');
    const classifyBytes = classifyMB > 0 ? Math.round(classifyMB * 1048576) : 0;

    const jobsArgs = values.jobs !== undefined ? ['--jobs', values.jobs] : [];
    const tasks = [
      { id: 'logsift', label: `logsift --format json -q${jobsArgs.length ? ` --jobs ${values.jobs}` : ''}`, run: () => measureCommand({ kind: 'node', args: [MAIN_JS, bundle, '--format', 'json', '-q', ...jobsArgs], stdout: reportFile, scratchDir: scratch }) },
      { id: 'logsift-one-thread', label: 'logsift … --jobs 0 (one thread)', run: () => measureCommand({ kind: 'node', args: [MAIN_JS, bundle, '--format', 'json', '-q', '--jobs', '0'], stdout: `${reportFile}.one-thread`, scratchDir: scratch }) },
      { id: 'gzip', label: 'gzip -dc > /dev/null', run: () => measureCommand({ kind: 'shell', script: 'gzip -dc "$1" > /dev/null', scriptArgs: [bundle], scratchDir: scratch }) },
      { id: 'tar-regex', label: `tar -xzOf | ${tool === 'rg' ? 'rg' : 'grep -E'} -c -f rules`, run: () => measureCommand({ kind: 'shell', script: tool === 'rg' ? 'tar -xzOf "$1" | rg -c -f "$2"' : 'tar -xzOf "$1" | grep -E -c -f "$2"', scriptArgs: [bundle, regexFile], stdout: 'capture', scratchDir: scratch }) },
      { id: 'node-floor', label: 'node floor (gunzip+tar+lines)', run: () => measureCommand({ kind: 'node', args: [join(HERE, 'node-floor.mjs'), bundle], stdout: 'capture', scratchDir: scratch }) },
      { id: 'classify', label: 'classify pass (0/25/50/all sigs)', run: () => measureCommand({ kind: 'node', args: [join(HERE, 'classify-cost.mjs'), bundle, String(classifyBytes)], stdout: 'capture', scratchDir: scratch }) },
    ];
    const samples = new Map(tasks.map((t) => [t.id, []]));
    const failures = [];
    for (let r = 1; r <= runs; r++) {
      for (const task of tasks) {
        const m = await task.run();
        // rg and grep exit 1 when no line matched: a valid count of 0, not a failure.
        const ok = m.exitCode === 0 || (task.id === 'tar-regex' && m.exitCode === 1);
        if (!ok) failures.push(`${task.label} (run ${r}): exit ${m.exitCode ?? m.error}${m.stderr ? `: ${m.stderr.split('\n')[0]}` : ''}`);
        samples.get(task.id).push(m);
        log(`run ${r}/${runs} ${task.label}: ${m.seconds.toFixed(2)} s${m.peakRssMB ? `, ${Math.round(m.peakRssMB)} MB RSS` : ''}${ok ? '' : ' FAILED'}`);
      }
    }

    log('start-up and binary journal rows …');
    const startupAndJournals = await measureStartupAndJournals({ mainJs: MAIN_JS, repoDir: join(HERE, '..'), scratch, runs });
    for (const row of startupAndJournals) if (row.failed) failures.push(`${row.label}: ${row.failed} run(s) failed`);

    const indexBackends = await measureIndexBackends({ runs, log });
    for (const [backend, rows] of [['SQLite', indexBackends.sqlite], ['PostgreSQL', indexBackends.postgres]]) {
      if (rows.skipped) continue;
      for (const [id, label] of INDEX_TASKS) if (!Number.isFinite(rows[id])) failures.push(`index on ${backend}: ${label} failed`);
    }

    // Host scaling runs as its own script (it builds its bundles in memory); its table is printed as it is.
    let hostScaling = '';
    if (values['host-scaling'] !== '0') {
      log(`host scaling (${values['host-scaling']} hosts) …`);
      const scaling = spawnSync(process.execPath, [join(HERE, 'host-scaling.mjs'), '--hosts', values['host-scaling']], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
      if (scaling.status !== 0) failures.push(`host scaling: exit ${scaling.status}: ${(scaling.stderr || '').trim().split('\n')[0]}`);
      else hostScaling = `\n## Host scaling\n\n${scaling.stdout}`;
    }

    const scalingContext = { signatures: library.signatures, runs, mainJs: MAIN_JS, regexFile, tool, scratch, keep: values.keep, log };
    const sizeScaling = scalingSizes.length ? await measureSizeScaling({ sizes: scalingSizes, ...scalingContext }) : null;
    for (const row of sizeScaling ?? []) {
      for (const [id, task] of Object.entries(row)) if (task?.failed) failures.push(`size scaling ${(row.sizeBytes / 1048576).toFixed(0)} MB ${id}: ${task.failed} run(s) failed`);
    }
    const hugeFile = hugeFileBytes ? await measureHugeFile({ sizeBytes: hugeFileBytes, ...scalingContext }) : null;
    for (const [id, task] of Object.entries(hugeFile ?? {})) if (task?.failed) failures.push(`huge file ${id}: ${task.failed} run(s) failed`);
    if (hugeFile && hugeFile.incidents === null) failures.push('huge file: logsift wrote no readable report');

    const batchThroughput = batchBundles > 0 ? await measureBatchThroughput({ bundles: batchBundles, log }) : null;

    const classification = summariseClassification(samples.get('classify'), facts);
    const summary = tasks.map((task) => {
      const ms = samples.get(task.id);
      const seconds = ms.map((m) => m.seconds);
      const median = medianOf(seconds);
      const rss = ms.map((m) => m.peakRssMB).filter((v) => v !== null);
      // The classify pass may read only the first --classify-mb of the bundle: rate it on what it read.
      const read = task.id === 'classify' && classification ? classification : { bytes: facts.uncompressedBytes, lines: facts.lines };
      return {
        id: task.id,
        label: task.label,
        seconds,
        medianSeconds: median,
        mbPerSecond: read.bytes / 1048576 / median,
        linesPerSecond: read.lines / median,
        peakRssMB: rss.length ? Math.max(...rss) : null,
      };
    });
    const median = (id) => summary.find((t) => t.id === id).medianSeconds;
    const report = await readReport(reportFile);
    const samplesFound = await checkEmbeddedSamples(reportFile, facts.embeddedSamples ?? []);
    for (const sample of samplesFound) {
      if (sample.missing.length) failures.push(`embedded sample ${sample.name}: ${sample.missing.join(', ')} not reported on ${sample.hosts.join('/')}`);
    }
    // Worker threads must not change a byte of the report.
    if (existsSync(reportFile) && existsSync(`${reportFile}.one-thread`) && (await readFile(reportFile, 'utf8')) !== (await readFile(`${reportFile}.one-thread`, 'utf8'))) {
      failures.push('the default run and the one-thread run (--jobs 0) printed different reports');
    }
    const regexCounts = samples.get('tar-regex').map((m) => Number(m.stdout.trim())).filter(Number.isFinite);

    let profile;
    if (values.profile) {
      const profDir = join(scratch, 'cpu-prof');
      log('profiling one logsift run (node --cpu-prof) …');
      const m = await measureCommand({ kind: 'node', nodeFlags: ['--cpu-prof', '--cpu-prof-dir', profDir], args: [MAIN_JS, bundle, '--format', 'json', '-q', ...jobsArgs], scratchDir: scratch });
      const files = existsSync(profDir) ? (await readdir(profDir)).filter((f) => f.endsWith('.cpuprofile')) : [];
      if (m.exitCode !== 0 || files.length === 0) failures.push(`profile run: exit ${m.exitCode ?? m.error}, ${files.length} profile(s) written`);
      // One profile per thread (main and each worker): merged, the idle main thread does not hide the workers.
      else profile = cpuProfilesTop(await Promise.all(files.map(async (f) => JSON.parse(await readFile(join(profDir, f), 'utf8')))), 15);
    }

    const result = {
      machine: {
        cores: cpus().length,
        cpu: cpus()[0]?.model?.trim() ?? 'unknown',
        node: process.version,
        platform: `${platform()} ${arch()}`,
        memoryGB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
      },
      bundle: { path: bundle, sizeLabel: values.size, ...facts },
      runs,
      regexBaseline: { tool, rules: regexes.rules, kept: regexes.patterns.length, dropped: regexes.dropped, matchingLines: regexCounts[0] ?? null },
      tasks: summary,
      startupAndJournals,
      indexBackends,
      batchThroughput,
      sizeScaling,
      hugeFile,
      classification,
      ratios: {
        logsiftVsTarRegex: median('logsift') / median('tar-regex'),
        logsiftVsNodeFloor: median('logsift') / median('node-floor'),
        logsiftVsGzip: median('logsift') / median('gzip'),
        // What the worker threads bring: the one-thread run's time over the default run's.
        workerSpeedup: median('logsift-one-thread') / median('logsift'),
      },
      report,
      samplesFound,
      ...(profile ? { profile } : {}),
      failures,
    };
    io.stdout(values.json ? `${JSON.stringify(result, null, 2)}\n` : formatBenchTable(result) + (sizeScaling ? `\n${formatSizeScaling(sizeScaling, tool)}` : '') + (hugeFile ? `\n${formatHugeFile(hugeFile, tool)}` : '') + formatBatchThroughput(batchThroughput) + hostScaling);
    return failures.length ? 1 : 0;
  } finally {
    await rm(scratch, { recursive: true, force: true });
    if (!values.keep) {
      await rm(bundle, { force: true });
      await rm(`${bundle}.json`, { force: true });
    }
  }
}

function summariseClassification(measured, facts) {
  const parsed = measured.map((m) => { try { return JSON.parse(m.stdout); } catch { return undefined; } }).filter(Boolean);
  if (parsed.length === 0) return null;
  const first = parsed[0];
  const parseSeconds = medianOf(parsed.map((p) => p.parseSeconds));
  return {
    capped: Boolean(first.capped),
    // Ingest stops at the cap between lines, not at a byte: rate the bytes by the lines it did read.
    bytes: first.capped ? (first.lines / facts.lines) * facts.uncompressedBytes : facts.uncompressedBytes,
    lines: first.lines,
    events: first.events,
    parseSeconds,
    libraries: first.libraries.map((lib, i) => {
      const matchSeconds = medianOf(parsed.map((p) => p.libraries[i].matchSeconds));
      return { signatures: lib.signatures, synthetic: lib.synthetic ?? 0, matchSeconds, matches: lib.matches, linesPerSecond: first.lines / (parseSeconds + matchSeconds) };
    }),
  };
}

/**
 * For each shipped sample embedded in the bundle: the incidents its `.expected.json` lists that the report of the
 * whole bundle does not show on the sample's hosts (none, when logsift still finds them among everything else).
 */
async function checkEmbeddedSamples(reportFile, names) {
  let incidents = [];
  try {
    incidents = JSON.parse(await readFile(reportFile, 'utf8')).incidents ?? [];
  } catch {
    // No report: every expected incident is missing, which the failures then say.
  }
  const out = [];
  for (const name of names) {
    const expected = JSON.parse(await readFile(join(HERE, '..', 'samples', `${name}.expected.json`), 'utf8'));
    const missing = expected.incidents.filter((signature) => !incidents.some((i) => i.signature === signature && expected.hosts.includes(i.host)));
    out.push({ name, hosts: expected.hosts, expected: expected.incidents.length, missing });
  }
  return out;
}

async function readReport(file) {
  try {
    const report = JSON.parse(await readFile(file, 'utf8'));
    return { incidents: report.incidents.length, rootCause: report.rootCause?.signature ?? null, lines: report.coverage?.totals?.lines ?? null };
  } catch {
    return null;
  }
}

function medianOf(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function commandWorks(command, args) {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  return !result.error && result.status === 0;
}

function usage(io, message) {
  io.stderr(`bench: ${message}\n`);
  return 2;
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = await runBench(process.argv.slice(2));
  } catch (error) {
    // A full disk or a vanished tool: one line, not a stack, like the CLI it measures.
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
