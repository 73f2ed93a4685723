import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../..', import.meta.url));
const bench = `${repo}bench/run-bench.mjs`;
const built = existsSync(`${repo}dist/cli/main.js`);

interface BenchTask { id: string; medianSeconds: number; mbPerSecond: number; linesPerSecond: number; peakRssMB: number | null }
interface BenchJson {
  machine: { cores: number; node: string };
  bundle: { uncompressedBytes: number; lines: number; members: number; hosts: number; incidentLines: number };
  regexBaseline: { tool: string; rules: number; kept: number; dropped: unknown[] };
  tasks: BenchTask[];
  classification: { lines: number; events: number; libraries: { signatures: number; synthetic?: number; matches: number; matchSeconds: number; linesPerSecond: number }[] };
  ratios: Record<string, number>;
  samplesFound: { name: string; missing: string[] }[];
  indexBackends: { sqlite: Record<string, number>; postgres: Record<string, number> & { skipped?: string } };
  report: { incidents: number } | null;
  sizeScaling: { sizeBytes: number; lines: number; logsift: ScalingTask; oneThread: ScalingTask; grep: ScalingTask; floor: ScalingTask }[];
  hugeFile: { sizeBytes: number; lines: number; incidents: number | null; logsift: ScalingTask; oneThread: ScalingTask; grep: ScalingTask; gzip: ScalingTask };
  failures: string[];
}
interface ScalingTask { seconds: number; cpuSeconds: number | null; peakRssMB: number | null; failed: number }

// The bench measures the built CLI (dist/), exactly as `npm run bench` does after its build step.
const title = built ? 'npm run bench (bench/run-bench.mjs)' : 'npm run bench: SKIPPED, dist/cli/main.js is missing (run npm run build first)';

describe.skipIf(!built)(title, () => {
  it('reports every figure for a 2 MB bundle as JSON, and logsift finds the sprinkled incidents', async () => {
    const { stdout } = await run(process.execPath, [bench, '--size', '2MB', '--runs', '1', '--json', '--jobs', '2', '--batch-bundles', '0', '--host-scaling', '0', '--scaling', '1MB,2MB', '--huge-file', '1MB'], { cwd: repo, maxBuffer: 16 * 1024 * 1024 });
    const result = JSON.parse(stdout) as BenchJson;

    expect(result.failures).toEqual([]);
    expect(result.machine.cores).toBeGreaterThan(0);
    expect(result.machine.node).toBe(process.version);
    expect(result.bundle.uncompressedBytes).toBeGreaterThanOrEqual(2 * 1024 * 1024);
    expect(result.bundle.uncompressedBytes).toBeLessThan(2.1 * 1024 * 1024);
    expect(result.bundle.hosts).toBe(4);
    expect(result.bundle.lines).toBeGreaterThan(5000);
    expect(result.bundle.incidentLines).toBeGreaterThanOrEqual(4);

    // The worker-thread run (--jobs 2) and the one-thread run must print the same report (else `failures` says so).
    expect(result.tasks.map((t) => t.id)).toEqual(['logsift', 'logsift-one-thread', 'gzip', 'tar-regex', 'node-floor', 'classify']);
    for (const task of result.tasks) {
      expect(task.medianSeconds, task.id).toBeGreaterThan(0);
      expect(task.mbPerSecond, task.id).toBeGreaterThan(0);
      expect(task.linesPerSecond, task.id).toBeGreaterThan(0);
    }
    for (const id of ['logsift', 'logsift-one-thread', 'node-floor', 'classify']) {
      expect(result.tasks.find((t) => t.id === id)?.peakRssMB, id).toBeGreaterThan(10);
    }

    expect(result.regexBaseline.kept + result.regexBaseline.dropped.length).toBe(result.regexBaseline.rules);
    expect(result.regexBaseline.kept).toBeGreaterThan(result.regexBaseline.rules / 2);

    const sizes = result.classification.libraries.map((l) => l.signatures);
    expect(sizes[0]).toBe(0);
    expect(sizes).toContain(25);
    // Larger libraries (the shipped one plus copies needing a literal the logs never hold) find no more matches.
    const shipped = result.classification.libraries.find((l) => !l.synthetic && l.signatures === Math.max(...sizes.filter((_, i) => !result.classification.libraries[i].synthetic)));
    const scaled = result.classification.libraries.filter((l) => l.synthetic);
    expect(scaled.map((l) => l.signatures)).toEqual([shipped!.signatures * 2, shipped!.signatures * 4]);
    for (const library of scaled) expect(library.matches).toBe(shipped!.matches);
    expect(result.classification.events).toBeGreaterThan(0);
    for (const library of result.classification.libraries) expect(library.linesPerSecond).toBeGreaterThan(0);

    for (const name of ['logsiftVsTarRegex', 'logsiftVsNodeFloor', 'logsiftVsGzip', 'workerSpeedup']) {
      expect(Number.isFinite(result.ratios[name]) && result.ratios[name] > 0, name).toBe(true);
    }
    expect(result.report?.incidents).toBeGreaterThan(0);
    // The size scaling table: one row per size, each bundle a bigger one, every tool measured.
    expect(result.sizeScaling.map((r) => Math.round(r.sizeBytes / 1048576))).toEqual([1, 2]);
    expect(result.sizeScaling[1]!.lines).toBeGreaterThan(result.sizeScaling[0]!.lines);
    for (const row of result.sizeScaling) {
      for (const task of [row.logsift, row.oneThread, row.grep, row.floor]) expect(task.seconds).toBeGreaterThan(0);
      expect(row.logsift.peakRssMB).toBeGreaterThan(10);
    }
    // One huge file: a single gzipped journalctl dump, analysed to a readable report.
    expect(result.hugeFile.sizeBytes).toBeGreaterThanOrEqual(1048576);
    expect(result.hugeFile.lines).toBeGreaterThan(1000);
    expect(result.hugeFile.incidents).not.toBeNull();
    for (const task of [result.hugeFile.logsift, result.hugeFile.oneThread, result.hugeFile.grep, result.hugeFile.gzip]) expect(task.seconds).toBeGreaterThan(0);
    // The known-incident index on both backends (the test set-up has a PostgreSQL server: not answering is a failure).
    expect(result.indexBackends.postgres.skipped).toBeUndefined();
    for (const backend of [result.indexBackends.sqlite, result.indexBackends.postgres]) {
      expect(Object.keys(backend)).toEqual(['open', 'addSmall', 'addLarge', 'sightings', 'search', 'cliSearch']);
      for (const ms of Object.values(backend)) expect(ms).toBeGreaterThan(0);
    }
    // Every shipped sample is embedded whole; among everything else each one's expected incidents must still be
    // reported on its hosts (a miss is also listed in `failures`).
    expect(result.samplesFound.map((s) => s.name).sort()).toEqual(['containerd2-config', 'healthy-node', 'k3s-power-loss', 'microk8s-power-loss', 'stuck-terminating', 'two-node']);
    for (const sample of result.samplesFound) expect(sample.missing, sample.name).toEqual([]);
  }, 420_000);

  it('generates byte-identical bundles for one size, whose log members add up to the size asked for', async () => {
    // Identical bytes keep the size-keyed cache honest and let two machines measure the same input.
    const script = `
      import { createHash } from 'node:crypto';
      import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
      import { tmpdir } from 'node:os';
      import { join } from 'node:path';
      import { loadLibrary } from './dist/patterns/index.js';
      import { shippedPatternsDir } from './dist/cli/shipped-patterns-dir.js';
      import { generateBundle } from './bench/generate-bundle.mjs';
      const { library } = await loadLibrary([shippedPatternsDir()]);
      const dir = mkdtempSync(join(tmpdir(), 'logsift-bench-test-'));
      const out = [];
      for (const name of ['a.tgz', 'b.tgz']) {
        const facts = await generateBundle(join(dir, name), 300000, library.signatures);
        out.push({ facts, sha: createHash('sha256').update(readFileSync(join(dir, name))).digest('hex') });
      }
      rmSync(dir, { recursive: true, force: true });
      console.log(JSON.stringify(out));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: repo });
    const [a, b] = JSON.parse(stdout) as { facts: { uncompressedBytes: number; incidentLines: number }; sha: string }[];
    expect(a.sha).toBe(b.sha);
    expect(a.facts.uncompressedBytes).toBe(300000);
    expect(a.facts.incidentLines).toBeGreaterThanOrEqual(4);
  });

  it('refuses a size it cannot read, naming the flag, before generating anything', async () => {
    const failure = await run(process.execPath, [bench, '--size', 'huge'], { cwd: repo }).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain('--size "huge"');
  });
});
