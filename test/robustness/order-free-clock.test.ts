import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { buildTar, gzip, scratchDir, writeInput, type TarMember } from './fixtures.js';

// What one file of a bundle says about its siblings' clocks (the zone the node runs in, the collection date, the year
// of a sibling's full timestamps) applies to every file, wherever the archive lists it (README, "Order").
const BERLIN = join(import.meta.dirname, '../fixtures/bundles/sos-berlin');
const TOP = 'sosreport-k8s-worker-2-2022-02-11-pqrstuv';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [relative(BERLIN, full)];
  });
}

function berlinMembers(): TarMember[] {
  return filesUnder(BERLIN).filter((path) => path !== 'README.md').map((path) => ({ name: `${TOP}/${path}`, data: readFileSync(join(BERLIN, path)) }));
}

async function run(args: readonly string[]): Promise<string> {
  const result = await runCli(args);
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

/** The report without `inputs` (the one key that names the input path). */
async function report(path: string, extra: readonly string[] = []): Promise<Record<string, any>> {
  const parsed = JSON.parse(await run([path, '--format', 'json', ...extra])) as Record<string, any>;
  delete parsed['inputs'];
  return parsed;
}

interface TimelineLine { timestamp: string | null; timestampQuality: string; message: string }

async function timeline(path: string): Promise<TimelineLine[]> {
  return (await run(['timeline', '--json', path])).trim().split('\n').map((line) => JSON.parse(line) as TimelineLine);
}

describe('facts one file reveals about its siblings\' clocks', () => {
  it('reads a zone-less syslog in the zone timedatectl names, even when timedatectl comes last in the archive', async () => {
    const members = berlinMembers();
    const sorted = members.map((m) => m.name);
    // Sorted, sos_commands/systemd/timedatectl comes before var/log/syslog; reversed, after it.
    expect(sorted.indexOf(`${TOP}/sos_commands/systemd/timedatectl`)).toBeLessThan(sorted.indexOf(`${TOP}/var/log/syslog`));
    const dir = scratchDir();
    const path = join(dir, `${TOP}.tar.gz`);
    writeInput(dir, `${TOP}.tar.gz`, gzip(await buildTar(members)));
    const first = await report(path);
    const firstTimeline = await timeline(path);
    writeInput(dir, `${TOP}.tar.gz`, gzip(await buildTar([...members].reverse())));
    const reversed = await report(path);
    expect(JSON.stringify(reversed, null, 2)).toBe(JSON.stringify(first, null, 2));
    expect(await timeline(path)).toEqual(firstTimeline);
    // 20:23:37 CET is 19:23:37 UTC, and the report says which zone it read the lines in and why.
    const oom = firstTimeline.find((l) => l.message.includes('Memory cgroup out of memory'));
    expect(oom?.timestamp).toBe('2022-02-11T19:23:37.000Z');
    expect(firstTimeline.find((l) => l.message.startsWith('Started containerd'))?.timestamp).toBe('2022-02-11T19:13:12.000Z');
    const assumptions = (first.coverage.assumptions as string[]).join('\n');
    expect(assumptions).toMatch(/var\/log\/syslog: \d+ local time\(s\) read in zone Europe\/Berlin, the zone the bundle names for its node/);
    expect(assumptions).not.toMatch(/without a zone were read as UTC/);
    expect(first.systems.find((s: any) => s.host === 'k8s-worker-2')?.timeZone).toBe('Europe/Berlin');
  }, 60_000);

  it('gives the same JSON with worker threads as in one thread, in either order', async () => {
    const members = berlinMembers();
    const dir = scratchDir();
    const path = join(dir, `${TOP}.tar.gz`);
    writeInput(dir, `${TOP}.tar.gz`, gzip(await buildTar([...members].reverse())));
    const oneThread = JSON.stringify(await report(path, ['--jobs', '0']));
    expect(JSON.stringify(await report(path, ['--jobs', '2']))).toBe(oneThread);
    writeInput(dir, `${TOP}.tar.gz`, gzip(await buildTar(members)));
    expect(JSON.stringify(await report(path, ['--jobs', '2']))).toBe(oneThread);
  }, 60_000);

  // One containerd start posted in https://github.com/containerd/cri/issues/1014, its systemd lines in a year-less
  // syslog beside containerd's own log with full timestamps; tarred years later (the members' mtimes say 2025).
  it('takes the year of a year-less file from a sibling listed after it', async () => {
    const containerd = { name: 'var/log/containerd.log', data: Buffer.from('time="2019-01-02T17:13:12.977550870Z" level=info msg="starting containerd" revision=9b32062dc1f5a7c2564315c269b5059754f12b9d version=v1.2.1\n') };
    const syslog = { name: 'var/log/syslog', data: Buffer.from('Jan 02 17:13:12 node1 systemd[1]: Starting containerd container runtime...\nJan 02 17:13:12 node1 systemd[1]: Started containerd container runtime.\n') };
    const dir = scratchDir();
    const path = join(dir, 'var-log.tgz');
    writeInput(dir, 'var-log.tgz', gzip(await buildTar([syslog, containerd])));
    const syslogFirst = await timeline(path);
    expect(syslogFirst.filter((l) => l.message.startsWith('Start')).map((l) => l.timestamp)).toEqual(['2019-01-02T17:13:12.000Z', '2019-01-02T17:13:12.000Z']);
    const firstReport = await report(path);
    writeInput(dir, 'var-log.tgz', gzip(await buildTar([containerd, syslog])));
    expect(await timeline(path)).toEqual(syslogFirst);
    expect(JSON.stringify(await report(path))).toBe(JSON.stringify(firstReport));
    expect((firstReport.coverage.assumptions as string[]).join('\n')).toMatch(/2019\) was inferred from the newest full timestamp of another file of the same bundle/);
  }, 60_000);

  it('reads standard input once and says that a fact came too late for the files before it', async () => {
    const reversed = gzip(await buildTar([...berlinMembers()].reverse()));
    const run = spawnSync(process.execPath, ['dist/cli/main.js', '-', '--format', 'json'], { input: reversed, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { warnings: { code: string; title: string }[] };
    expect(report.warnings.map((w) => w.code)).toContain('time.order-sensitive');
    const sorted = spawnSync(process.execPath, ['dist/cli/main.js', '-', '--format', 'json'], { input: gzip(await buildTar(berlinMembers())), encoding: 'utf8' });
    expect((JSON.parse(sorted.stdout) as { warnings: { code: string }[] }).warnings.map((w) => w.code)).not.toContain('time.order-sensitive');
  }, 60_000);
});
