import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memberWorkerScript, runPipelineInWorkers, startMemberWorkers } from '../../../src/pipeline/workers/run-pipeline-in-workers.js';
import { runPipeline } from '../../../src/pipeline/run-pipeline.js';
import { shippedPatternsDir } from '../../../src/cli/shipped-patterns-dir.js';
import { correlate } from '../../../src/correlate/index.js';
import { EventAnalysis } from '../../../src/pipeline/event-analysis.js';
import { loadLibrary, loadLifecycle } from '../../../src/patterns/index.js';
import { runCli } from '../../cli/run-cli.js';
import { journalFixtureFile } from '../../journal-fixture.js';
import { buildTar, containerdLog, gzip, scratchDir, syslogLines, writeInput, type TarMember } from '../../robustness/fixtures.js';

const SAMPLES = join(import.meta.dirname, '../../../samples');
const script = memberWorkerScript();

/** The JSON report of one run; the parallel and the one-thread run must print the very same bytes. */
async function report(args: readonly string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return runCli([...args, '--format', 'json', '--quiet']);
}

async function expectSameReport(args: readonly string[], workers: number): Promise<string> {
  const alone = await report([...args, '--jobs', '0']);
  const spread = await report([...args, '--jobs', String(workers)]);
  expect(spread.stderr).toBe(alone.stderr);
  expect(spread.status).toBe(alone.status);
  expect(spread.stdout).toBe(alone.stdout);
  return alone.stdout;
}

/** A journal dump whose header names its zone (CET), as `journalctl > file` writes it. */
function journalWithZone(host: string, lines: number): string {
  const out = ['-- Logs begin at Fri 2025-03-14 10:00:00 CET, end at Fri 2025-03-14 14:30:00 CET. --'];
  for (let i = 0; i < lines; i++) {
    const s = String(i % 60).padStart(2, '0');
    out.push(`Mar 14 13:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${s} ${host} systemd[1]: Started Session ${i} of user root.`);
  }
  return `${out.join('\n')}\n`;
}

/** Traditional syslog (RFC 3164 time, local, no zone), as `/var/log/syslog` on Ubuntu. */
function localSyslog(host: string, lines: number): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) out.push(`Mar 14 14:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} ${host} CRON[${1000 + i}]: (root) CMD (run-parts /etc/cron.hourly)`);
  return `${out.join('\n')}\n`;
}

describe.skipIf(!script)('analysis spread over worker threads', () => {
  it.each(readdirSync(SAMPLES).filter((name) => name.endsWith('.tgz')))('reports %s exactly as the one-thread run does', async (name) => {
    const stdout = await expectSameReport([join(SAMPLES, name)], 2);
    expect(JSON.parse(stdout).files.length).toBeGreaterThan(0);
  });

  it('parses in worker threads and gives the one-thread accounting, incidents, context and coverage', async () => {
    const { library } = await loadLibrary([shippedPatternsDir()]);
    const lifecycle = loadLifecycle(shippedPatternsDir());
    const input = join(SAMPLES, 'k3s-power-loss.tgz');
    const alone = new EventAnalysis(library, {}, lifecycle);
    const aloneResult = await runPipeline({ inputs: [input], ingest: {}, onEvent: (event) => alone.observe(event) });
    const spread = new EventAnalysis(library, {}, lifecycle);
    const spreadResult = await runPipelineInWorkers({ inputs: [input], ingest: {}, workers: startMemberWorkers(2), signatures: library.signatures, lifecycle, filter: {}, analysis: spread });
    expect(spreadResult).toEqual(aloneResult);
    expect(spread.coverage.hostCoverage(spreadResult.linesByHost)).toEqual(alone.coverage.hostCoverage(aloneResult.linesByHost));
    const analysed = correlate(spread.grouper, spread.context, library.signatures);
    expect(analysed).toEqual(correlate(alone.grouper, alone.context, library.signatures));
    expect(analysed.rootCause?.signature).toBe('containerd-sandbox-recovery-failed');
    expect(analysed.context.some((c) => c.kind === 'unclean-shutdown')).toBe(true);
  });

  it('keeps member order, incidents and counts with many members over several hosts', async () => {
    const members: TarMember[] = [];
    for (let node = 1; node <= 4; node++) {
      const dir = `./k3s-node-0${node}-2025-03-14_14_31_07`;
      members.push({ name: `${dir}/`, type: 'directory' });
      for (let part = 0; part < 6; part++) {
        members.push({ name: part === 0 ? `${dir}/k3s/containerd.log` : `${dir}/k3s/containerd.log.${part}`, data: containerdLog(300 + part * 50, 40 + node) });
        members.push({ name: `${dir}/systemlogs/syslog.${part}`, data: syslogLines(200 + node * 10) });
      }
    }
    const path = writeInput(scratchDir(), 'many.tgz', gzip(await buildTar(members)));
    const stdout = await expectSameReport([path], 3);
    const parsed = JSON.parse(stdout) as { files: unknown[]; hosts: string[]; incidents: { signature: string; count: number }[] };
    expect(parsed.files.length).toBe(48);
    // Four collector outputs tarred together: each node's files carry its own host (the syslog lines name theirs).
    expect(parsed.hosts).toEqual(['k3s-node-01', 'k3s-node-02', 'k3s-node-03', 'k3s-node-04', 'k3s-node-09']);
    expect(parsed.incidents.find((i) => i.signature === 'containerd-sandbox-recovery-failed')?.count).toBeGreaterThan(0);
  });

  it('reads a later file in the zone an earlier sibling revealed, however the work is scheduled', async () => {
    const dir = './k3s-node-01-2025-03-14_14_31_07';
    const members: TarMember[] = [
      { name: `${dir}/`, type: 'directory' },
      // Big enough that the second member starts in the other worker before the first is committed.
      { name: `${dir}/journald/journal.log`, data: journalWithZone('node-01', 20_000) },
      { name: `${dir}/systemlogs/syslog`, data: localSyslog('node-01', 300) },
    ];
    const path = writeInput(scratchDir(), 'zones.tgz', gzip(await buildTar(members)));
    const stdout = await expectSameReport([path], 2);
    expect(stdout).toMatch(/systemlogs\/syslog: \d+ local time\(s\) read in zone CET, learned from another file of the same input/);
  });

  it('counts a flood of matches past the kept cap exactly as one thread does, across files', async () => {
    const flood = (lines: number, startMs: number) => {
      const out: string[] = [];
      for (let i = 0; i < lines; i++) {
        const time = new Date(startMs + i * 10).toISOString().replace('Z', '000416Z');
        out.push(`time="${time}" level=fatal msg="Failed to run CRI service" error="failed to recover state: failed to get metadata for stored sandbox \\"c8ba6e5a03c305b9${String(i).padStart(8, '0')}\\": not found"`);
      }
      return `${out.join('\n')}\n`;
    };
    const dir = './k3s-node-01-2025-03-14_14_31_07';
    const path = writeInput(scratchDir(), 'flood.tgz', gzip(await buildTar([
      { name: `${dir}/k3s/containerd.log.1`, data: flood(22_000, Date.parse('2025-03-14T14:00:00Z')) },
      { name: `${dir}/k3s/containerd.log`, data: flood(5_000, Date.parse('2025-03-14T14:04:00Z')) },
    ])));
    const stdout = await expectSameReport([path], 2);
    const incident = (JSON.parse(stdout) as { incidents: { signature: string; count: number }[] }).incidents
      .find((i) => i.signature === 'containerd-sandbox-recovery-failed');
    expect(incident?.count).toBe(27_000);
  }, 60_000);

  it('reads only what a damaged archive holds before the damage, as the one-thread run does', async () => {
    const tgz = gzip(await buildTar([
      { name: './k3s-node-01-2025-03-14_14_31_07/k3s/containerd.log', data: containerdLog(3000, 50) },
      { name: './k3s-node-01-2025-03-14_14_31_07/systemlogs/syslog', data: syslogLines(3000) },
    ]));
    const dir = scratchDir();
    for (const fraction of [0.3, 0.7]) {
      const path = writeInput(dir, `cut-${fraction}.tgz`, tgz.subarray(0, Math.floor(tgz.length * fraction)));
      const stdout = await expectSameReport([path], 2);
      expect(stdout).toContain('ingest.member-damaged');
    }
  });

  it('reads awkward members (nested archive, UTF-16, Latin-1, CRLF, long lines, colour codes, binary) as one thread does', async () => {
    const dir = './k3s-node-01-2025-03-14_14_31_07';
    const logrus = (msg: string) => `time="2025-03-14T14:25:15.518500416Z" level=error msg="${msg}"`;
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${logrus('utf16 line')}\n${logrus('second')}\n`, 'utf16le')]);
    const nested = gzip(await buildTar([{ name: 'inner/containerd.log', data: containerdLog(200, 30) }]));
    const path = writeInput(scratchDir(), 'awkward.tgz', gzip(await buildTar([
      { name: `${dir}/k3s/containerd.log`, data: `${containerdLog(50, 20).replace(/\n/g, '\r\n')}` },
      { name: `${dir}/k3s/agent-logs/kubelet.log`, data: Buffer.concat([Buffer.from('E0314 14:25:15.518500    1234 kubelet.go:1: caf'), Buffer.from([0xe9, 0x0a])]) },
      { name: `${dir}/systemlogs/utf16.log`, data: utf16 },
      { name: `${dir}/systemlogs/long.log`, data: `${logrus('x'.repeat(3 * 1024 * 1024))}\n${logrus('after the long one')}\n` },
      { name: `${dir}/systemlogs/colour.log`, data: `\u001b[31m${logrus('red')}\u001b[0m\n` },
      { name: `${dir}/systemlogs/binary.dat`, data: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) % 256)) },
      { name: `${dir}/systemlogs/empty.log`, data: '' },
      { name: `${dir}/extra/inner.tgz`, data: nested },
    ])));
    const stdout = await expectSameReport([path, '--max-line-bytes', '1M'], 2);
    const files = (JSON.parse(stdout) as { files: { path: string; truncatedLines?: number }[] }).files;
    expect(files.find((f) => f.path.endsWith('long.log'))?.truncatedLines).toBe(1);
    expect(files.some((f) => f.path.includes('inner.tgz!/'))).toBe(true);
  }, 60_000);

  it('reports mutated archives (bit flips, cuts, garbage in the tar or the gzip layer) as one thread does', async () => {
    const tar = await buildTar([
      { name: './k3s-node-01-2025-03-14_14_31_07/k3s/containerd.log', data: containerdLog(800, 40) },
      { name: './k3s-node-01-2025-03-14_14_31_07/systemlogs/syslog', data: syslogLines(800) },
      { name: './k3s-node-01-2025-03-14_14_31_07/journald/k3s', data: journalWithZone('node-01', 800) },
    ]);
    const dir = scratchDir();
    // A fixed-seed generator: the same damage on every run, so a failure can be replayed.
    let seed = 20261123;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let round = 0; round < 8; round++) {
      const gzipLayer = round % 2 === 1;
      const bytes = Buffer.from(gzipLayer ? gzip(tar) : tar);
      const at = Math.floor(random() * bytes.length);
      if (round % 4 === 3) bytes.fill(0x41, at, Math.min(bytes.length, at + 700));
      else bytes[at] ^= 1 << Math.floor(random() * 8);
      const damaged = round % 3 === 2 ? bytes.subarray(0, Math.floor(bytes.length * (0.3 + random() * 0.6))) : bytes;
      const path = writeInput(dir, `mutated-${round}.tgz`, gzipLayer ? damaged : gzip(damaged));
      await expectSameReport([path], 2);
    }
  }, 120_000);

  it('reads binary journal files (handed over as lines, not bytes) as one thread does', async () => {
    const journal = journalFixtureFile;
    const path = writeInput(scratchDir(), 'journals.tgz', gzip(await buildTar([
      { name: 'var/log/journal/0f3a/system.journal', data: journal('incident-regular-zstd') },
      { name: 'var/log/journal/0f3a/system@0001.journal', data: journal('boot1-unclean') },
      { name: 'var/log/syslog', data: localSyslog('node-01', 200) },
    ])));
    const stdout = await expectSameReport([path], 2);
    const files = (JSON.parse(stdout) as { files: { path: string; lines: number }[] }).files;
    expect(files.find((f) => f.path.endsWith('system.journal'))?.lines).toBe(218);
  });

  it('applies --since and --host in the workers as in one thread', async () => {
    await expectSameReport([join(SAMPLES, 'two-node.tgz'), '--since', '2025-07-08 15:00', '--host', 'k3s-worker-a'], 2);
  });

  it('refuses a --jobs that is not a count, in one line', async () => {
    const run = await runCli([join(SAMPLES, 'healthy-node.tgz'), '--jobs', 'many']);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('--jobs "many"');
  });
});
