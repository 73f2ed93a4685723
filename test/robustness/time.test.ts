import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { buildTar, containerdLog, fileEnding, gzip, NODE_DIR, runJson, scratchDir, writeInput } from './fixtures.js';

describe('odd time in logs', () => {
  let dir: string;
  beforeAll(() => {
    dir = scratchDir();
  });

  it('reads a log whose clock jumps back an hour, says so, and keeps every line', async () => {
    // A node whose clock was reset by NTP after a reboot: the second half is stamped an hour earlier.
    const first = containerdLog(100, 50);
    const second = containerdLog(100, 50).replace(/T14:/g, 'T13:');
    const path = writeInput(dir, 'backwards.tgz', gzip(await buildTar([{ name: `./${NODE_DIR}/k3s/containerd.log`, data: first + second }])));
    const run = await runJson([path]);
    expect(run.status).toBe(0);
    expect(fileEnding(run.report!, 'k3s/containerd.log')).toMatchObject({ lines: 200, parsed: 200 });
    const warning = run.report!.warnings.find((w) => w.code === 'time.backwards');
    expect(warning?.title).toMatch(/k3s\/containerd\.log: timestamps go backwards 1 time\(s\)/);
    // An hour apart after the jump, the two halves are two incidents; all four fatal lines are in them.
    const incidents = run.report!.incidents.filter((i) => i.signature === 'containerd-sandbox-recovery-failed');
    expect(incidents.reduce((n, i) => n + i.count, 0)).toBe(4);
    const range = run.report!.timeRange as { start: string; end: string };
    expect(range.start < range.end).toBe(true);
  });

  it('analyses a bundle with no timestamps at all in every output format', async () => {
    const path = writeInput(dir, 'no-time.tgz', gzip(await buildTar([
      { name: 'notes/README.txt', data: 'Collected by hand.\nThe node rebooted twice.\n' },
      { name: 'k3s/kubectl/nodes', data: 'NAME          STATUS     ROLES                  AGE   VERSION\nk3s-node-09   NotReady   control-plane,master   41d   v1.32.1+k3s1\n' },
      // A line that matches a shipped signature but carries no time: it must still be reported, unplaced.
      { name: 'k3s/containerd-excerpt.log', data: 'failed to recover state: failed to get metadata for stored sandbox "c8ba6e5a03c305b920d96a3ca503c5bf110074f2cbf97a6af5b135db2f665516": not found\n' },
    ])));
    const run = await runJson([path]);
    expect(run.status).toBe(0);
    expect(run.report!.timeRange).toEqual({ start: null, end: null });
    expect(run.report!.warnings.map((w) => w.code)).toContain('time.none');
    expect(run.report!.files.filter((f) => f.status === 'parsed').reduce((n, f) => n + f.lines, 0)).toBe(5);
    for (const format of ['text', 'md', 'html']) {
      const out = await runCli([path, '--format', format, '--quiet']);
      expect(out.status, `${format}: ${out.stderr}`).toBe(0);
      expect(out.stderr, format).toBe('');
      expect(out.stdout, format).not.toMatch(/NaN|Invalid Date|undefined/);
    }
  });

  it('warns when a file is dated after the bundle was collected', async () => {
    // The Rancher collector's name stamps the collection time; these lines claim to be a year later.
    const line = 'time="2026-03-14T14:25:15.518500416Z" level=info msg="starting containerd" revision= version=v2.0.2-k3s2\n';
    const path = writeInput(dir, 'k3s-node-09-2025-03-14_14_31_07.tar.gz', gzip(await buildTar([{ name: './k3s-node-09-2025-03-14_14_31_07/k3s/containerd.log', data: line }])));
    const run = await runJson([path]);
    expect(run.status).toBe(0);
    const warning = run.report!.warnings.find((w) => w.code === 'time.future');
    expect(warning?.title).toMatch(/containerd\.log: lines dated up to 2026-03-14T14:25:15\.518Z, after the bundle was collected \(2025-03-14T14:31:07\.000Z\)/);
  });

  it('never prints impossible dates for out-of-range or invalid timestamps', async () => {
    const lines = [
      '0000-00-00T00:00:00Z level=error msg="zero date"',
      'time="9999-12-31T23:59:59.999999999Z" level=error msg="far future"',
      'time="1970-01-01T00:00:00Z" level=error msg="epoch"',
      'time="2025-13-45T99:99:99Z" level=error msg="impossible fields"',
      '{"ts":1e300,"level":"error","msg":"huge epoch"}',
      '{"ts":-1e20,"level":"error","msg":"negative epoch"}',
      'Feb 30 25:61:61 k3s-node-09 kernel: impossible syslog time',
    ];
    const path = writeInput(dir, 'bad-times.log', `${lines.join('\n')}\n`);
    const run = await runJson([path]);
    expect(run.status).toBe(0);
    expect(run.report!.files[0]).toMatchObject({ lines: lines.length });
    const range = run.report!.timeRange as { start: string | null; end: string | null };
    for (const t of [range.start, range.end]) if (t !== null) expect(Number.isNaN(Date.parse(t))).toBe(false);
    for (const format of ['text', 'md', 'html']) {
      const out = await runCli([path, '--format', format, '--quiet']);
      expect(out.status, format).toBe(0);
      expect(out.stdout, format).not.toMatch(/NaN|Invalid Date/);
    }
  });

  it('reads year-less syslog lines across New Year without a crash, stating the assumption', async () => {
    const text = [
      'Dec 31 23:59:58 k3s-node-09 kernel: EXT4-fs (sda1): re-mounted. Quota mode: none.',
      'Dec 31 23:59:59 k3s-node-09 systemd[1]: Starting logrotate.service - Rotate log files...',
      'Jan  1 00:00:01 k3s-node-09 systemd[1]: logrotate.service: Deactivated successfully.',
    ].join('\n');
    const path = writeInput(dir, 'new-year.tgz', gzip(await buildTar([{ name: 'var/log/syslog', data: `${text}\n` }])));
    const run = await runJson([path]);
    expect(run.status).toBe(0);
    expect(fileEnding(run.report!, 'var/log/syslog')).toMatchObject({ lines: 3, parsed: 3 });
    expect(run.report!.warnings.filter((w) => w.code === 'time.backwards')).toEqual([]);
    const assumptions = (run.report!.coverage as { assumptions: string[] }).assumptions;
    expect(assumptions.join('\n')).toMatch(/year/);
  });
});
