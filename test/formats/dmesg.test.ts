import { describe, expect, it } from 'vitest';
import { cri } from '../../src/formats/cri.js';
import { dockerJson } from '../../src/formats/docker-json.js';
import { syslog } from '../../src/formats/syslog.js';
import { dmesg } from '../../src/formats/dmesg.js';
import { dmesgHuman } from '../../src/formats/dmesg-human.js';
import { plainText } from '../../src/formats/plain-text.js';
import type { ParsedRecord } from '../../src/formats/log-format.js';
import { expectNeverThrows, prefixedLine } from './expect-never-throws.js';
import { expectSampleRecord } from './expect-sample-record.js';
import { expectSniffWins } from './expect-sniff-wins.js';
import { feedLines, recordsOf } from './feed-lines.js';
import { journalFixtureLines } from '../journal-fixture.js';

const src = { bundle: 'bundle.tgz', member: 'inspection-report/apparmor/dmesg' };

const run = (lines: readonly string[]) => feedLines(dmesg, lines, { source: src });
const records = (lines: readonly string[]): ParsedRecord[] => recordsOf(run(lines).out);

const others = [cri, dockerJson, syslog, dmesgHuman, plainText];

describe('dmesg samples', () => {
  for (const sample of dmesg.samples) {
    it(`parses ${sample.source}: ${sample.lines[0]!.slice(0, 50)}`, () => {
      const out = records(sample.lines);
      expect(out).toHaveLength(1);
      const r = out[0]!;
      expect(r.format).toBe('dmesg');
      expect(r.unit).toBe('kernel');
      expectSampleRecord(r, sample.expect);
      expectSniffWins(dmesg, sample.lines[0]!, others);
    });
  }
});

describe('dmesg lines', () => {
  it('emits each record when the next stamped line arrives, in order', () => {
    // https://github.com/reportportal/kubernetes/issues/203
    const { out, accepted } = run([
      '[ 7063.263325] oom_reaper: reaped process 63214 (uwsgi), now anon-rss:0kB, file-rss:0kB, shmem-rss:92kB',
      '[ 7093.543707] uwsgi invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=986',
    ]);
    expect(accepted).toEqual([true, true]);
    expect(out.map((o) => (o as ParsedRecord).time)).toEqual([
      { kind: 'monotonic', seconds: 7063.263325 },
      { kind: 'monotonic', seconds: 7093.543707 },
    ]);
    expect((out[0] as ParsedRecord).severity).toBeUndefined();
  });

  it('reads the dmesg -x facility and level prefix as severity', () => {
    const out = records([
      'kern  :warn  : [  455.643321] ---[ end trace 0000000000000000 ]---',
      'kern  :err   : [  455.643807] BUG: KASAN: double-free in __do_sys_swapon+0xaf3/0x1ea0',
      'kern  :notice: [   44.129098] i915 0000:00:02.0: [drm] DMC firmware homepage',
      'kern  :emerg : [    1.000000] Kernel panic - not syncing: VFS: Unable to mount root fs',
      'daemon:debug : [    2.000000] x',
    ]);
    expect(out.map((r) => r.severity)).toEqual(['warning', 'error', 'info', 'critical', 'debug']);
    expect(out[1]!.message).toBe('BUG: KASAN: double-free in __do_sys_swapon+0xaf3/0x1ea0');
    expect(out[4]!.fields.facility).toBe('daemon');
  });

  it('moves the printk caller id out of the message', () => {
    const [r] = records(['kern  :err   : [   91.987109] [   T4552] INFO: trying to register non-static key.']);
    expect(r!.fields.caller).toBe('T4552');
    expect(r!.message).toBe('INFO: trying to register non-static key.');
  });

  it('keeps an empty message and joins indented continuation lines', () => {
    const out = records(['[  147.419897]', '[  147.419897] R6: 0xce1bff80:', '    SUBSYSTEM=acpi', '[  148.000000] next']);
    expect(out.map((r) => [r.message, r.line, r.lineCount])).toEqual([
      ['', 1, 1],
      ['R6: 0xce1bff80:\nSUBSYSTEM=acpi', 2, 2],
      ['next', 4, 1],
    ]);
  });

  it('rejects other lines and leaves the pending record for flush', () => {
    const { out, accepted } = run(['[    1.000000] a', 'Mar 14 06:12:03 host kernel: b']);
    expect(accepted).toEqual([true, false]);
    expect(out).toHaveLength(1);
  });

  it('rejects dmesg -T lines and unknown -x levels', () => {
    expect(run(['[Thu Dec  7 00:05:15 2017] x', 'kern  :bogus : [    1.0] x', '<999>[ 1.000000] x']).accepted).toEqual([false, false, false]);
  });
});

describe('dmesg sniff on other formats', () => {
  const foreign = [
    'Oct 29 13:16:06 centos02 kubelet[4919]: I1029 13:16:06.471446    4919 kuberuntime_manager.go:751] Back-off 5m0s',
    // kern.log keeps the kernel stamp after `kernel:`, https://github.com/docker/for-linux/issues/1001
    'May 15 23:01:53 ubuntu-s-1vcpu-2gb-ams3-01 kernel: [  152.700479] Memory cgroup out of memory: Kill process 4142 (python3) score 68 or sacrifice child',
    // journalctl -o short-monotonic shares the stamp (shape per systemd logs-show.c)
    '[    0.000000] k3s-node-03 kernel: Linux version 6.1.0-31-amd64',
    '[    5.120345] k3s-node-03 systemd-journald[298]: Journal started',
    'E1029 13:16:48.471488    4919 pod_workers.go:182] Error syncing pod cc89ef7c-bc47-11e7-85ce-901b0edee6b6',
    'time="2020-03-16T03:31:09.666371674-07:00" level=info msg="Starting k3s v1.17.3+k3s1 (5b17a175)"',
  ];
  it('scores journal short/short-monotonic, klog and logrus lines at most 0.3', () => {
    for (const line of foreign) expect(dmesg.sniff(line), line).toBeLessThanOrEqual(0.3);
  });

  it('scores every real journalctl short-precise line at most 0.3 (test/fixtures/journal)', () => {
    for (const line of journalFixtureLines('incident-default.short-precise.txt')) expect(dmesg.sniff(line)).toBeLessThanOrEqual(0.3);
  });
});

describe('dmesg robustness', () => {
  it('never throws from sniff or push, and sniff stays in [0, 1]', () => {
    const prefixes = ['', '[', '[  12.000001] ', 'kern  :err   : [', '<6>[', ' '];
    const line = prefixedLine(prefixes);
    expectNeverThrows(dmesg, line);
  });

  it('parses 1 MB lines (speed: bench/pathological-lines.mjs)', () => {
    const mb = 1 << 20;
    const lines = [`[   12.000001] ${'x'.repeat(mb)}`, `[${' '.repeat(mb)}`, `kern  :err   : [${'1'.repeat(mb)}`, ` ${'y'.repeat(mb)}`];
    for (const l of lines) dmesg.sniff(l);
    const out = records(lines);
    expect(out[0]!.message.length).toBe(2 * mb + 1);
  });
});
