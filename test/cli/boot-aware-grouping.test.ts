import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

// A real `journalctl -o json` record of systemd 252 announcing a k3s restart (test/fixtures/journal, see its README
// for provenance): the entry is copied and given other boot ids and times, as journalctl prints several boots.
const RESTART_RECORD = readFileSync(new URL('../fixtures/journal/incident-default.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .find((line) => line.includes('Scheduled restart job, restart counter is at 1.'))!;
const BOOT_IDS = ['b1e7c3a0d5f84c2e9a6b0d1f2e3c4a5b', '7d2f9e4c1a8b4f63b5e0c9d8a7f6e5d4', '0dc874d3fbd44bdbb6fbcfaa27481492'];
// A machine without an RTC starts every boot at the same wall time (here 2025-03-14 14:25:20 UTC).
const BOOT_START_US = 1741962320525600;

function restartIn(bootId: string, realtimeUs: number): string {
  const entry = JSON.parse(RESTART_RECORD) as Record<string, string>;
  entry['_BOOT_ID'] = bootId;
  entry['__CURSOR'] = entry['__CURSOR']!.replace(/;b=[0-9a-f]{32};/, `;b=${bootId};`);
  entry['__REALTIME_TIMESTAMP'] = String(realtimeUs);
  entry['_SOURCE_REALTIME_TIMESTAMP'] = String(realtimeUs - 37);
  return JSON.stringify(entry);
}

function write(name: string, lines: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'logsift-boots-'));
  const file = join(dir, name);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

async function signaturesOf(file: string): Promise<{ incidents: string[]; observations: { signature: string; count: number }[] }> {
  const { status, stdout } = await runCli([file, '--format', 'json']);
  expect(status).toBeLessThan(2);
  const report = JSON.parse(stdout);
  return {
    incidents: report.incidents.map((i: { signature: string }) => i.signature),
    observations: report.observations.map((o: { signature: string; count: number }) => ({ signature: o.signature, count: o.count })),
  };
}

describe('boot-aware grouping', () => {
  it('never makes a restart loop of one restart in each of three boots at the same wall time', async () => {
    // journalctl prints boots in order: each boot's one restart, 200 ms of wall time apart.
    const file = write('journal.json', BOOT_IDS.map((id, boot) => restartIn(id, BOOT_START_US + boot * 200_000)));
    const { incidents, observations } = await signaturesOf(file);
    expect(incidents).not.toContain('service-restart-loop');
    expect(observations.filter((o) => o.signature === 'service-restart-loop')).toEqual([
      { signature: 'service-restart-loop', count: 1 },
      { signature: 'service-restart-loop', count: 1 },
      { signature: 'service-restart-loop', count: 1 },
    ]);
  });

  it('still reports the loop when the same three restarts happen inside one boot', async () => {
    const file = write('journal.json', [0, 1, 2].map((n) => restartIn(BOOT_IDS[1]!, BOOT_START_US + n * 5_436_000)));
    const { incidents } = await signaturesOf(file);
    expect(incidents.filter((s) => s === 'service-restart-loop')).toHaveLength(1);
  });

  it('keeps a loop inside one boot whole while another boot at the same wall time interleaves', async () => {
    const loop = [0, 1, 2].map((n) => restartIn(BOOT_IDS[0]!, BOOT_START_US + n * 5_436_000));
    const single = restartIn(BOOT_IDS[2]!, BOOT_START_US + 2_000_000);
    const { status, stdout } = await runCli([write('journal.json', [...loop, single]), '--format', 'json']);
    expect(status).toBeLessThan(2);
    const report = JSON.parse(stdout);
    const loops = report.incidents.filter((i: { signature: string }) => i.signature === 'service-restart-loop');
    expect(loops.map((i: { count: number }) => i.count)).toEqual([3]);
  });

  it('splits boots at `-- Boot <id> --` markers and at a wall-clock reset of a journalctl dump', async () => {
    // systemd 252 short-precise wording (test/fixtures/journal/incident-default.short-precise.txt), one restart per boot.
    const restart = (time: string) => `Mar 14 ${time} k3s-node-03 systemd[1]: k3s.service: Scheduled restart job, restart counter is at 1.`;
    const later = (time: string) => `Mar 14 ${time} k3s-node-03 systemd[1]: Started k3s.service - Lightweight Kubernetes.`;
    const withMarkers = [
      `-- Boot ${BOOT_IDS[0]} --`, restart('14:25:20.525600'), later('14:40:00.000000'),
      `-- Boot ${BOOT_IDS[1]} --`, restart('14:25:20.725600'), later('14:40:00.000000'),
      `-- Boot ${BOOT_IDS[2]} --`, restart('14:25:20.925600'),
    ];
    const markers = await signaturesOf(write('journal.txt', withMarkers));
    expect(markers.incidents).not.toContain('service-restart-loop');
    const withoutMarkers = withMarkers.filter((line) => !line.startsWith('--'));
    const resets = await signaturesOf(write('journal.txt', withoutMarkers));
    expect(resets.incidents).not.toContain('service-restart-loop');
    expect(resets.observations.filter((o) => o.signature === 'service-restart-loop')).toHaveLength(3);
    // The same lines in time order, with no reset between them, are one boot: the loop stands.
    const oneBoot = [restart('14:25:20.525600'), restart('14:25:25.925600'), restart('14:25:31.325600')];
    expect((await signaturesOf(write('journal.txt', oneBoot))).incidents).toContain('service-restart-loop');
  });
});
