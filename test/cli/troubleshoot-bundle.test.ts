import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTgz, type TarFixtureEntry, writeTemp } from '../ingest/ingest-harness.js';
import { runCli } from './run-cli.js';

// A real troubleshoot support bundle (replicatedhq/troubleshoot testdata): see the fixture's README.
const FIXTURE = join(import.meta.dirname, '../fixtures/bundles/troubleshoot-k3d');
const TOP = 'support-bundle';
const HOST = 'k3d-mycluster-server-0';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [relative(FIXTURE, full)];
  });
}

/** The bundle as troubleshoot archives it: every file under `support-bundle/`, with its `all-logs/` links. */
async function supportBundle(order: 'sorted' | 'reversed'): Promise<{ tgz: Buffer; members: string[] }> {
  const mtime = new Date('2022-12-21T16:44:00Z');
  const files = filesUnder(FIXTURE).filter((path) => path !== 'README.md');
  const entries: TarFixtureEntry[] = files.map((path) => ({ name: `${TOP}/${path}`, data: readFileSync(join(FIXTURE, path)), mtime }));
  for (const path of files) {
    const pod = /^cluster-resources\/pods\/logs\/[^/]+\/([^/]+)\/([^/]+)$/.exec(path);
    if (!pod) continue;
    if (pod[1] === 'static-hi') entries.push({ name: `${TOP}/static-hi.log`, type: 'symlink', linkname: path, mtime });
    else entries.push({ name: `${TOP}/all-logs/${pod[1]}/${pod[2]}`, type: 'symlink', linkname: `../../${path}`, mtime });
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  if (order === 'reversed') entries.reverse();
  return { tgz: await buildTgz(entries), members: entries.map((e) => e.name) };
}

async function report(order: 'sorted' | 'reversed'): Promise<{ r: Record<string, any>; members: string[]; path: string }> {
  const { tgz, members } = await supportBundle(order);
  const path = writeTemp('case-20221221.tgz', tgz);
  const result = await runCli([path, '--format', 'json']);
  expect(result.stderr).not.toMatch(/at .*\.ts:\d+/);
  return { r: JSON.parse(result.stdout), members, path };
}

describe('a real troubleshoot support bundle whose top directory carries no time stamp', () => {
  it('accounts for every member: pod logs and events read, resources, analysis and links skipped', async () => {
    const { r, members, path } = await report('sorted');
    expect(r.files.map((f: any) => f.path).sort()).toEqual(members.map((m) => `${path}:${m}`).sort());
    const status = (member: string) => r.files.find((f: any) => f.path === `${path}:${TOP}/${member}`);
    // The analyzers' verdicts and the Kubernetes resources are not log lines; events are.
    for (const member of ['analysis.json', 'version.yaml', 'cluster-info/cluster_version.json', 'cluster-resources/pods/default.json', 'cluster-resources/nodes.json']) {
      expect(status(member).status, member).toBe('skipped');
      expect(status(member).reasonCode, member).toBe('not-a-log');
    }
    expect(status('cluster-resources/events/default.json').status).toBe('parsed');
    expect(status('all-logs/traefik-7cd4fcff68-9blj6/traefik.log').reasonCode).toBe('link');
    const podLogs = r.files.filter((f: any) => f.path.includes('/pods/logs/'));
    expect(podLogs).toHaveLength(19);
    for (const file of podLogs) expect(['parsed', 'skipped'], file.path).toContain(file.status);
    for (const file of podLogs.filter((f: any) => f.status === 'skipped')) expect(file.reasonCode, file.path).toBe('duplicate');
    // No line of analysis.json (`"severity": "error"` of the spec's sample checks) is taken for an error.
    expect(JSON.stringify(r.unrecognised)).not.toContain('analysis.json');
  });

  it('puts every file and incident on the cluster\'s only node, whatever the member order', async () => {
    for (const order of ['sorted', 'reversed'] as const) {
      const { r } = await report(order);
      expect(r.hosts, order).toEqual([HOST]);
      for (const file of r.files) expect(file.host, `${order} ${file.path}`).toBe(HOST);
      for (const incident of r.incidents) expect(incident.host, `${order} ${incident.signature}`).toBe(HOST);
      for (const template of r.unrecognised) expect(template.hosts, `${order} ${template.template}`).toEqual([HOST]);
    }
  });

  it('names the lost kubernetes Service at both starts, from the lines\' own times, and no benign line as root cause', async () => {
    const { r } = await report('sorted');
    const unreachable = r.incidents.filter((i: any) => i.signature === 'kubernetes-service-unreachable');
    expect(unreachable.map((i: any) => i.firstSeen)).toEqual(['2022-12-20T23:41:04.436Z', '2022-12-21T09:43:10.853Z']);
    for (const incident of unreachable) expect(incident.evidence[0].text).toContain('dial tcp 10.43.0.1:443: i/o timeout');
    expect(r.timeRange.start).toBe('2022-12-20T23:40:34.000Z');
    expect(r.timeRange.end.slice(0, 10)).toBe('2022-12-21');
    // The bundle holds no k3s or kube-proxy log: nothing in it says why the Service was lost, and the report says so.
    expect(r.rootCause).toBeNull();
    const crash = r.incidents.find((i: any) => i.signature === 'process-crash');
    expect(crash.evidence[0].text).toMatch(/^panic: unable to load configmap based request-header-client-ca-file/);
  });
});
