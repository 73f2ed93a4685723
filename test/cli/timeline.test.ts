import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

/** Relative to the repository root, where the tests run: the paths show up in the events' origins. */
const JOURNAL = 'test/fixtures/journal';
const VARIANTS = ['short-precise.txt', 'short-iso.txt', 'jsonl', 'export'] as const;

interface TimelineEvent {
  timestamp: string | null;
  timestampQuality: string;
  host: string | null;
  component: string | null;
  unit: string | null;
  pid: number | null;
  severity: string;
  message: string;
  fields: Record<string, string>;
  format: string;
  bootId: string | null;
  origin: { file: string; line: number };
}

async function timeline(args: string[]): Promise<TimelineEvent[]> {
  const { status, stdout, stderr } = await runCli(['timeline', ...args, '--json']);
  expect(status, stderr).toBe(0);
  return stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as TimelineEvent);
}

describe('logsift timeline on real journalctl output (test/fixtures/journal)', () => {
  it.each(VARIANTS)('reads all 218 entries of incident-default.%s', async (variant) => {
    const events = await timeline([`${JOURNAL}/incident-default.${variant}`]);
    expect(events).toHaveLength(218);
    expect(events.every((e) => e.host === 'k3s-node-03')).toBe(true);
  });

  it('gives the same times, hosts, identifiers and messages from every read-back format', async () => {
    const [precise, iso, json, exported] = await Promise.all(VARIANTS.map((v) => timeline([`${JOURNAL}/incident-default.${v}`])));
    // The short formats print non-UTF-8 messages as "[50B blob data]" and expand tabs (journalctl does that).
    const text = (m: string) => (/^\[\d+B blob data\]$/.test(m) || m.includes('\uFFFD') ? '<blob>' : m.replace(/\s+/g, ' '));
    const key = (e: TimelineEvent) => `${e.timestamp?.slice(0, 19)} ${e.unit} ${e.pid} ${text(e.message)}`;
    expect(precise!.map(key)).toEqual(json!.map(key));
    expect(iso!.map(key)).toEqual(json!.map(key));
    expect(exported!.map(key)).toEqual(json!.map(key));
  });

  it('infers the year of short-precise lines from the nested k3s timestamps and says so', async () => {
    const events = await timeline([`${JOURNAL}/incident-default.short-precise.txt`]);
    expect(events[0]!.timestamp).toBe('2025-03-14T06:12:03.000Z');
    expect(events[0]!.timestampQuality).toBe('year-inferred');
  });

  it('reads the real level of a k3s line from its logrus payload, not the journal priority', async () => {
    const events = await timeline([`${JOURNAL}/incident-default.jsonl`]);
    const fatal = events.find((e) => e.message === 'Failed to run CRI service');
    expect(fatal).toBeDefined();
    expect(fatal!.severity).toBe('critical');
    expect(fatal!.format).toBe('logrus');
    expect(fatal!.fields['error']).toContain('failed to get metadata for stored sandbox');
    expect(fatal!.bootId).toBe('7d2f9e4c1a8b4f63b5e0c9d8a7f6e5d4');
  });

  it('keeps a multi-line journal message as one event', async () => {
    const events = await timeline([`${JOURNAL}/incident-default.short-iso.txt`]);
    const traceback = events.find((e) => e.message.includes('Traceback'));
    expect(traceback?.message.split('\n').length).toBeGreaterThan(1);
  });

  it('filters by time, level, component and text', async () => {
    const file = `${JOURNAL}/incident-default.jsonl`;
    const since = await timeline([file, '--since', '2025-03-14 14:25:15', '--until', '2025-03-14T14:25:30Z']);
    expect(since.length).toBeGreaterThan(0);
    expect(since.every((e) => e.timestamp! >= '2025-03-14T14:25:15' && e.timestamp! <= '2025-03-14T14:25:30.000Z')).toBe(true);
    const errors = await timeline([file, '--min-level', 'error']);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.severity === 'error' || e.severity === 'critical')).toBe(true);
    const grep = await timeline([file, '--grep', 'restart counter is at 3']);
    expect(grep).toHaveLength(1);
    const systemd = await timeline([file, '--component', 'systemd']);
    expect(systemd.length).toBeGreaterThan(0);
    expect(systemd.every((e) => e.component === 'systemd')).toBe(true);
  });

  it('reads the binary journal files themselves into the same events as journalctl -o json printed', async () => {
    const key = (e: TimelineEvent) => `${e.timestamp} ${e.unit} ${e.pid} ${e.message}`;
    const json = await timeline([`${JOURNAL}/incident-default.jsonl`]);
    for (const variant of ['incident-default', 'incident-legacy', 'incident-regular-zstd', 'incident-uncompressed']) {
      const binary = await timeline([`${JOURNAL}/${variant}.journal.gz`]);
      expect(binary.map(key), variant).toEqual(json.map(key));
    }
  });

  it('finds the power-loss chain in the binary journal', async () => {
    const { status, stdout } = await runCli([`${JOURNAL}/incident-default.journal.gz`, '--format', 'json']);
    expect(status).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.rootCause.signature).toBe('containerd-sandbox-recovery-failed');
    expect(report.rootCause.chain.map((id: string) => id.split('@')[0])).toEqual(
      expect.arrayContaining(['node-unclean-shutdown', 'containerd-sandbox-recovery-failed', 'service-restart-loop']),
    );
  });

  it('merges several inputs into one time-ordered timeline', async () => {
    const events = await timeline([`${JOURNAL}/boot1-unclean.export`, `${JOURNAL}/incident-default.short-iso.txt`]);
    expect(events).toHaveLength(43 + 218);
    const times = events.map((e) => e.timestamp!);
    expect([...times].sort()).toEqual(times);
  });
});

describe('logsift timeline text output', () => {
  it('shows the payload fields that carry the error, and marks inferred years', async () => {
    const { status, stdout } = await runCli(['timeline', 'samples/k3s-power-loss.tgz', '--grep', 'Failed to run CRI service', '--host', 'k3s-node-03']);
    expect(status).toBe(0);
    const first = stdout.split('\n')[0]!;
    expect(first).toMatch(/^2025-03-14T14:25:15\.000Z\* k3s-node-03 k3s CRIT +Failed to run CRI service error="failed to recover state/);
    expect(first).toMatch(/\[k3s-node-03-2025-03-14_14_31_07\/journald\/k3s:\d+\]$/);
  });
});

describe('logsift timeline placement of raw dmesg', () => {
  it('places seconds-since-boot lines on the host\'s latest boot and gives them the bundle\'s only host', async () => {
    const events = await timeline(['samples/microk8s-power-loss.tgz', '--component', 'kernel']);
    const recovery = events.find((e) => e.message.includes('recovery required on readonly filesystem'));
    expect(recovery).toMatchObject({ host: 'mk8s-edge-1', timestampQuality: 'relative-to-boot' });
    expect(recovery!.timestamp).toMatch(/^2025-06-02T/);
  });
});

describe('logsift timeline usage errors', () => {
  it('exits 2 with one line for a bad --since', async () => {
    const { status, stderr } = await runCli(['timeline', 'x.log', '--since', 'yesterday-ish']);
    expect(status).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('--since');
  });

  it('exits 3 when no input can be read', async () => {
    const { status, stderr } = await runCli(['timeline', 'does/not/exist.tgz']);
    expect(status).toBe(3);
    expect(stderr).toContain('does/not/exist.tgz');
  });
});
