import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTgz, type TarFixtureEntry, writeTemp } from '../ingest/ingest-harness.js';
import { runCli } from './run-cli.js';

// A microk8s inspect report holding the real journal lines of canonical/microk8s#3485: see the fixture's README.
const FIXTURE = join(import.meta.dirname, '../fixtures/bundles/microk8s-dqlite-corrupt');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [relative(FIXTURE, full)];
  });
}

async function inspectionReport(name: string, mtime: Date): Promise<string> {
  const entries: TarFixtureEntry[] = filesUnder(FIXTURE)
    .filter((path) => path !== 'README.md')
    .map((path) => ({ name: `inspection-report/${path}`, data: readFileSync(join(FIXTURE, path)), mtime }));
  return writeTemp(name, await buildTgz(entries));
}

async function report(path: string): Promise<Record<string, any>> {
  const result = await runCli([path, '--format', 'json']);
  expect(result.stderr).not.toMatch(/at .*\.ts:\d+/);
  return JSON.parse(result.stdout);
}

describe('a microk8s inspect report of a node whose dqlite cannot read its raft log', () => {
  it('names the datastore failure as root cause, on the journal\'s host, at the line\'s own time, with the restart loop it explains', async () => {
    for (const [name, mtime] of [['inspection-report-20221003_140210.tar.gz', '2022-10-03T03:02:10Z'], ['case-88.tgz', '2026-11-30T10:00:00Z']] as const) {
      const r = await report(await inspectionReport(name, new Date(mtime)));
      expect(r.files.map((f: any) => [f.status, f.host]), name).toEqual([['parsed', 'athena.thelabshack.com']]);
      expect(r.rootCause?.signature, name).toBe('dqlite-raft-start-failed');
      const cause = r.incidents.find((i: any) => i.id === r.rootCause.incident);
      expect(cause.host).toBe('athena.thelabshack.com');
      // 13:55:53 in the journal is +11:00 local time, as k8s-dqlite's own time stamp in the line says.
      expect(cause.firstSeen, name).toBe('2022-10-03T02:55:53.000Z');
      expect(cause.evidence[0].text).toContain('raft_start(): io: LZ4F_decompress ERROR_contentChecksum_invalid');
      const explained = r.incidents.filter((i: any) => r.rootCause.chain.includes(i.id) && i.id !== cause.id).map((i: any) => i.signature).sort();
      expect(explained, name).toEqual(['service-restart-loop', 'systemd-unit-failed']);
      expect(JSON.stringify(r.unrecognised)).not.toContain('raft_start');
      expect(r.coverage.assumptions.join('\n')).not.toMatch(/modification time/);
    }
  });
});
