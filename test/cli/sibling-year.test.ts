import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../ingest/ingest-harness.js';
import { runCli } from './run-cli.js';

// One containerd start posted in https://github.com/containerd/cri/issues/1014: the journal's systemd lines (year-less
// syslog form) and containerd's own logrus line with its full timestamp, as a /var/log copy keeps them in two files.
const CONTAINERD_LOG = 'time="2019-01-02T17:13:12.977550870Z" level=info msg="starting containerd" revision=9b32062dc1f5a7c2564315c269b5059754f12b9d version=v1.2.1\n';
const SYSLOG = [
  'Jan 02 17:13:12 node1 systemd[1]: Starting containerd container runtime...',
  'Jan 02 17:13:12 node1 systemd[1]: Started containerd container runtime.',
  '',
].join('\n');
// A copy made years later: the files' modification times say nothing of the year the lines were written.
const COPIED = new Date('2026-11-30T10:00:00Z');

interface Timeline {
  timestamp: string | null;
  message: string;
}

async function timeline(dir: string): Promise<{ lines: Timeline[]; stderr: string }> {
  const { stdout, stderr } = await runCli(['timeline', '--json', dir]);
  return { lines: stdout.trim().split('\n').map((l) => JSON.parse(l) as Timeline), stderr };
}

describe('the year of year-less lines in a bundle without a collection time', () => {
  it('comes from the newest full timestamp of a sibling file, not from the copy time', async () => {
    const dir = tempDir();
    for (const [name, text] of [['containerd.log', CONTAINERD_LOG], ['syslog', SYSLOG]] as const) {
      writeFileSync(join(dir, name), text);
      utimesSync(join(dir, name), COPIED, COPIED);
    }
    const { lines } = await timeline(dir);
    expect(lines.filter((l) => l.message.startsWith('Start')).map((l) => l.timestamp)).toEqual(['2019-01-02T17:13:12.000Z', '2019-01-02T17:13:12.000Z']);
    const report = JSON.parse((await runCli([dir, '--format', 'json'])).stdout);
    expect(report.coverage.assumptions.join('\n')).toMatch(/2019\) was inferred from the newest full timestamp of another file of the same bundle/);
  });

  it('falls back to the modification time when no sibling has a full timestamp', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'syslog'), SYSLOG);
    utimesSync(join(dir, 'syslog'), COPIED, COPIED);
    const { lines } = await timeline(dir);
    expect(lines.map((l) => l.timestamp?.slice(0, 4))).toEqual(['2026', '2026']);
  });
});
