import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

// Lines shaped like the etcd zap output in https://github.com/k3s-io/k3s/issues/2938 (embedded etcd in the k3s journal).
const SEVERE_ONCE = 'Jul 29 03:12:40 cp-1 k3s[1820]: {"level":"warn","ts":"2026-07-29T03:12:40.118201Z","caller":"wal/wal.go:805","msg":"slow fdatasync","took":"7.45s","expected-duration":"1s"}\n';
const SHORT = [
  'Jul 29 03:12:40 cp-1 k3s[1820]: {"level":"warn","ts":"2026-07-29T03:12:40.118201Z","caller":"etcdserver/util.go:163","msg":"apply request took too long","took":"386.274784ms","expected-duration":"100ms","prefix":"read-only range "}',
  'Jul 29 03:13:10 cp-1 k3s[1820]: {"level":"warn","ts":"2026-07-29T03:13:10.118201Z","caller":"etcdserver/util.go:163","msg":"apply request took too long","took":"212.1ms","expected-duration":"100ms","prefix":"read-only range "}',
].join('\n') + '\n';

function write(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'logsift-threshold-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('value-aware and below-threshold matching', () => {
  it('raises one slow fdatasync of seconds as an incident although the signature wants five', async () => {
    const { status, stdout } = await runCli([write('k3s.log', SEVERE_ONCE), '--format', 'json']);
    expect(status).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.incidents.map((i: { signature: string }) => i.signature)).toEqual(['etcd-slow-disk']);
    expect(report.observations).toEqual([]);
  });

  it('lists short warnings below the threshold as info observations in every format, never drops them', async () => {
    const file = write('k3s.log', SHORT);
    const json = JSON.parse((await runCli([file, '--format', 'json'])).stdout);
    expect(json.schemaVersion).toBe(2);
    expect(json.incidents).toEqual([]);
    expect(json.observations).toHaveLength(1);
    const [observation] = json.observations;
    expect(Object.keys(observation)).toEqual(['signature', 'title', 'severity', 'signatureSeverity', 'host', 'firstSeen', 'lastSeen', 'count', 'threshold', 'example']);
    expect(observation).toMatchObject({ signature: 'etcd-slow-disk', severity: 'info', signatureSeverity: 'warning', host: 'cp-1', count: 2, threshold: { count: 5, withinMs: 300_000 } });
    expect(observation.example).toMatchObject({ line: 1, timestamp: '2026-07-29T03:12:40.000Z', text: expect.stringContaining('386.274784ms') });
    const text = (await runCli([file])).stdout;
    expect(text).toContain('Seen below threshold (1)');
    expect(text).toContain('2 matches; 5 needed within 5m (warning once reached)');
    expect((await runCli([file, '--format', 'md'])).stdout).toContain('## Seen below threshold (1)');
    expect((await runCli([file, '--format', 'html'])).stdout).toContain('<section id="below-threshold">');
  });
});
