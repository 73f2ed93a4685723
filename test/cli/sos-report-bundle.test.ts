import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTgz, type TarFixtureEntry, writeTemp } from '../ingest/ingest-harness.js';
import { runCli } from './run-cli.js';

const FIXTURE = join(import.meta.dirname, '../fixtures/bundles/sos-k8s-cp');
const TOP = 'sosreport-k8s-cp-1-2022-02-11-xqzvbnm';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [relative(FIXTURE, full)];
  });
}

/** The fixture as sos tars it: sorted members under the top directory, with its root symlinks. */
async function sosTarball(top: string, mtime: Date, order: 'sorted' | 'reversed' = 'sorted'): Promise<Buffer> {
  const entries: TarFixtureEntry[] = filesUnder(FIXTURE)
    .filter((path) => path !== 'README.md')
    .map((path) => ({ name: `${top}/${path}`, data: readFileSync(join(FIXTURE, path)), mtime }));
  entries.push(
    { name: `${top}/hostname`, type: 'symlink', linkname: 'sos_commands/host/hostname', mtime },
    { name: `${top}/date`, type: 'symlink', linkname: 'sos_commands/date/date', mtime },
  );
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  if (order === 'reversed') entries.reverse();
  return buildTgz(entries);
}

async function report(path: string): Promise<Record<string, any>> {
  const result = await runCli([path, '--format', 'json']);
  expect(result.stderr).not.toMatch(/at .*\.ts:\d+/);
  return JSON.parse(result.stdout);
}

describe('a sos report of a Kubernetes node', () => {
  it('puts every file on the hostname file\'s host and dates every line in the bundle\'s year', async () => {
    const path = writeTemp(`${TOP}.tar.gz`, await sosTarball(TOP, new Date('2026-11-30T10:00:00Z')));
    const r = await report(path);
    const read = r.files.filter((f: any) => f.status === 'parsed');
    expect(read.length).toBeGreaterThanOrEqual(5);
    for (const file of read) {
      expect(file.host, file.path).toBe('k8s-cp-1');
      if (file.firstTimestamp) expect(file.firstTimestamp.slice(0, 4), file.path).toBe('2022');
    }
    expect(r.hosts.map((h: any) => h.host ?? h)).toEqual(['k8s-cp-1']);
    const podLogs = read.filter((f: any) => /_logs_/.test(f.path));
    expect(podLogs).toHaveLength(2);
    for (const file of podLogs) expect(file.format, file.path).toBe('klog');
    // The year of year-less lines comes from the bundle, and the report says so.
    expect(r.coverage.assumptions.join('\n')).not.toMatch(/modification time/);
  });

  it('gives pod log events their namespace, pod and container', async () => {
    const path = writeTemp(`${TOP}.tar.gz`, await sosTarball(TOP, new Date('2022-02-11T19:46:00Z')));
    const result = await runCli(['timeline', path, '--json']);
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    const alpine = events.filter((e) => /podlogs/.test(e.origin.file));
    expect(alpine).toHaveLength(2);
    for (const e of alpine) {
      expect(e.fields).toMatchObject({ namespace: 'default', pod: 'alpine-368057524-bgt0m', container: 'alpine' });
      expect(e.host).toBe('k8s-cp-1');
      expect(e.timestamp.slice(0, 10)).toBe('2022-02-11');
    }
  });

  it('reports the same after a rename and a re-tar with other mtimes (only the input path changes)', async () => {
    const first = writeTemp(`${TOP}.tar.gz`, await sosTarball(TOP, new Date('2022-02-11T19:46:00Z')));
    const renamedTop = 'sosreport-k8s-cp-1-2022-02-11-ab';
    const second = writeTemp('case-03141592-upload.tgz', await sosTarball(renamedTop, new Date('2026-11-30T10:00:00Z')));
    const a = JSON.stringify(await report(first)).replaceAll(first, 'INPUT').replaceAll(TOP, 'TOP');
    const b = JSON.stringify(await report(second)).replaceAll(second, 'INPUT').replaceAll(renamedTop, 'TOP');
    expect(b).toBe(a);
  });
});

describe('a sos report whose files stream before its hostname file', () => {
  it('puts every file and incident on the hostname file\'s host, not on the host its name suggests', async () => {
    // The archive was named after another host (a renamed or cloned node); tar order puts var/ and the journal,
    // kubectl and kernel captures before sos_commands/host/hostname.
    const top = 'sosreport-old-name-2022-02-11-xqzvbnm';
    const path = writeTemp(`${top}.tar.gz`, await sosTarball(top, new Date('2022-02-11T19:46:00Z'), 'reversed'));
    const r = await report(path);
    const read = r.files.filter((f: any) => f.status === 'parsed');
    expect(read.length).toBeGreaterThanOrEqual(5);
    for (const file of read) expect(file.host, file.path).toBe('k8s-cp-1');
    expect(r.hosts.map((h: any) => h.host ?? h)).toEqual(['k8s-cp-1']);
    expect(r.incidents.length).toBeGreaterThan(0);
    for (const incident of r.incidents) expect(incident.host, incident.signature).toBe('k8s-cp-1');
    expect(JSON.stringify(r)).not.toContain('"old-name"');
  });
});

describe('raw dmesg in a sos report', () => {
  it('is placed from the live kernel line carrying both clocks, and the same OOM line is counted once', async () => {
    const path = writeTemp(`${TOP}.tar.gz`, await sosTarball(TOP, new Date('2022-02-11T19:46:00Z')));
    const r = await report(path);
    const oom = r.incidents.find((i: any) => i.signature === 'kernel-oom-kill');
    expect(oom.count).toBe(1);
    // kern.log `Feb 11 19:23:37 … [ 1530.811848]` gives boot = 18:58:06.188, not the 18:58:10 of the buffered banner.
    for (const e of oom.evidence) expect(e.timestamp).toBe('2022-02-11T19:23:37.000Z');
    expect(r.coverage.assumptions.join('\n')).toMatch(/k8s-cp-1: raw dmesg seconds since boot were placed from a boot at 2022-02-11T18:58:06\.188Z/);
  });
});

describe('the pod logs of a real sos report (Charmed Kubernetes, canonical/hotsos fixture)', () => {
  const REAL = join(import.meta.dirname, '../fixtures/bundles/sos-cdk-worker-podlogs');
  const REAL_TOP = 'sosreport-juju-110cc2-k8stest-4-2022-02-11-mqvwzrt';

  async function realTarball(mtime: Date): Promise<Buffer> {
    const files = (dir: string): string[] => readdirSync(dir).flatMap((name) => {
      const full = join(dir, name);
      return statSync(full).isDirectory() ? files(full) : [relative(REAL, full)];
    });
    const entries: TarFixtureEntry[] = files(REAL)
      .filter((path) => path !== 'README.md')
      .map((path) => ({ name: `${REAL_TOP}/${path}`, data: readFileSync(join(REAL, path)), mtime }));
    entries.push(
      { name: `${REAL_TOP}/hostname`, type: 'symlink', linkname: 'sos_commands/host/hostname', mtime },
      { name: `${REAL_TOP}/date`, type: 'symlink', linkname: 'sos_commands/date/date', mtime },
    );
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    return buildTgz(entries);
  }

  it('reads every capture that holds log lines as its pod\'s container log, on the hostname file\'s host, in 2022', async () => {
    const path = writeTemp(`${REAL_TOP}.tar.gz`, await realTarball(new Date('2026-11-30T10:00:00Z')));
    const r = await report(path);
    const podLogs = r.files.filter((f: any) => /_logs_/.test(f.path));
    expect(podLogs).toHaveLength(18);
    // Read by a log format: every capture but the empty one and the six that hold only kubectl's refusal.
    const refusals = podLogs.filter((f: any) => f.status === 'parsed' && f.format === 'plain-text');
    expect(refusals.map((f: any) => f.lines)).toEqual([1, 1, 1, 1, 1, 1]);
    const logs = podLogs.filter((f: any) => f.status === 'parsed' && f.format !== 'plain-text');
    expect(logs).toHaveLength(11);
    expect(podLogs.filter((f: any) => f.status === 'parsed').length / podLogs.length).toBeGreaterThanOrEqual(0.9);
    for (const file of podLogs) if (file.status === 'parsed') expect(file.host, file.path).toBe('juju-110cc2-k8stest-4');
    expect(r.hosts.map((h: any) => h.host ?? h)).toEqual(['juju-110cc2-k8stest-4']);
    expect(r.timeRange.start.slice(0, 10)).toBe('2022-02-11');
    expect(r.timeRange.end.slice(0, 10)).toBe('2022-02-11');
    expect(r.coverage.assumptions.join('\n')).not.toMatch(/modification time/);
  });

  it('gives the events of a pod log with an underscore in its kubeconfig path their namespace and pod', async () => {
    const path = writeTemp(`${REAL_TOP}.tar.gz`, await realTarball(new Date('2022-02-11T19:30:00Z')));
    const result = await runCli(['timeline', path, '--json']);
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    const coredns = events.filter((e) => /_logs_coredns-5564855696-86vtt$/.test(e.origin.file));
    expect(coredns.length).toBeGreaterThanOrEqual(2);
    for (const e of coredns) {
      expect(e.fields).toMatchObject({ namespace: 'kube-system', pod: 'coredns-5564855696-86vtt' });
      expect(e.component).toBe('coredns');
      expect(e.timestamp.slice(0, 10)).toBe('2022-02-11');
    }
  });
});

