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
import { detectFormat, formats } from '../../src/formats/index.js';

const src = { bundle: 'bundle.tgz', member: 'node1-2025-03-14_06_12_03/systeminfo/dmesg' };

const run = (lines: readonly string[]) => feedLines(dmesgHuman, lines, { source: src });
const records = (lines: readonly string[]): ParsedRecord[] => recordsOf(run(lines).out);

const others = [cri, dockerJson, syslog, dmesg, plainText];

describe('dmesg-human samples', () => {
  for (const sample of dmesgHuman.samples) {
    it(`parses ${sample.source}: ${sample.lines[0]!.slice(0, 50)}`, () => {
      const out = records(sample.lines);
      expect(out).toHaveLength(1);
      const r = out[0]!;
      expect(r.format).toBe('dmesg-human');
      expect(r.unit).toBe('kernel');
      expectSampleRecord(r, sample.expect);
      expectSniffWins(dmesgHuman, sample.lines[0]!, others);
    });
  }
});

describe('dmesg -T', () => {
  it('reads a space-padded day as a local wall time with year and no offset', () => {
    const [r] = records(['[Tue Mar  4 06:12:03 2025] EXT4-fs (sda1): recovery complete']);
    expect(r!.time).toEqual({ kind: 'wall', wall: { year: 2025, month: 3, day: 4, hour: 6, minute: 12, second: 3, millis: 0 } });
    expect(r!.time?.kind === 'wall' && r!.time.wall.offsetMinutes).toBe(undefined);
    expect(r!.message).toBe('EXT4-fs (sda1): recovery complete');
  });

  it('rejects an impossible time', () => {
    expect(run(['[Tue Mar 44 06:12:03 2025] x', '[Tue Mar  4 26:12:03 2025] x']).accepted).toEqual([false, false]);
  });
});

describe('dmesg -H / --reltime', () => {
  it('reads [Mar14 06:12] as a wall time without year and deltas as records without time', () => {
    const out = records([
      '[Mar14 06:12] Linux version 6.1.0-31-amd64',
      '[  +0.000002] Command line: BOOT_IMAGE=/boot/vmlinuz-6.1.0-31-amd64',
      '[  +0,000015] x86/fpu: Supporting XSAVE feature 0x001',
      '[Mar 5 16:02] ipts: initializing ipts',
    ]);
    expect(out.map((r) => r.time)).toEqual([
      { kind: 'wall', wall: { month: 3, day: 14, hour: 6, minute: 12, second: 0, millis: 0 } },
      undefined,
      undefined,
      { kind: 'wall', wall: { month: 3, day: 5, hour: 16, minute: 2, second: 0, millis: 0 } },
    ]);
    expect(out.map((r) => r.fields.delta)).toEqual([undefined, '+0.000002', '+0.000015', undefined]);
    expect(out[1]!.message).toBe('Command line: BOOT_IMAGE=/boot/vmlinuz-6.1.0-31-amd64');
  });

  it('takes severity from a dmesg -x prefix', () => {
    const out = records(['kern  :warn  : [  +0.000004] ata1: link is slow to respond', 'kern  :crit  : [Mar14 06:13] x']);
    expect(out.map((r) => r.severity)).toEqual(['warning', 'critical']);
  });
});

describe('dmesg-human continuation', () => {
  it('joins indented continuation lines and leaves other lines to other formats', () => {
    const { out, accepted } = run(['[Thu Dec  7 00:05:15 2017] Call Trace:', '  dump_stack+0x19/0x1b', 'plain line']);
    expect(accepted).toEqual([true, true, false]);
    expect((out[0] as ParsedRecord).message).toBe('Call Trace:\ndump_stack+0x19/0x1b');
    expect((out[0] as ParsedRecord).lineCount).toBe(2);
  });
});

describe('dmesg-human sniff on other formats', () => {
  const foreign = [
    'Oct 29 13:16:06 centos02 kubelet[4919]: I1029 13:16:06.471446    4919 kuberuntime_manager.go:751] Back-off 5m0s',
    '[ 7063.247407] Memory cgroup out of memory: Killed process 63214 (uwsgi)',
    'E1029 13:16:48.471488    4919 pod_workers.go:182] Error syncing pod cc89ef7c-bc47-11e7-85ce-901b0edee6b6',
    'time="2020-03-16T03:31:09.666371674-07:00" level=info msg="Starting k3s v1.17.3+k3s1 (5b17a175)"',
    // coredns prints `[INFO]`, which must not look like a reltime stamp: https://github.com/kubernetes/kubernetes/issues/125845
    '[INFO] plugin/kubernetes: waiting for Kubernetes API before starting server',
  ];
  it('scores journal short, raw dmesg, klog, logrus and bracketed-level lines at most 0.3', () => {
    for (const line of foreign) expect(dmesgHuman.sniff(line), line).toBeLessThanOrEqual(0.3);
  });

  it('scores every real journalctl short-precise line at most 0.3 (test/fixtures/journal)', () => {
    for (const line of journalFixtureLines('incident-default.short-precise.txt')) expect(dmesgHuman.sniff(line)).toBeLessThanOrEqual(0.3);
  });
});

describe('dmesg-human robustness', () => {
  it('never throws from sniff or push, and sniff stays in [0, 1]', () => {
    const prefixes = ['', '[', '[Tue Mar  4 06:12:03 2025] ', '[Mar14 06:12] ', '[  +0.1] ', 'kern  :err   : [', ' '];
    const line = prefixedLine(prefixes);
    expectNeverThrows(dmesgHuman, line);
  });

  it('parses 1 MB lines (speed: bench/pathological-lines.mjs)', () => {
    const mb = 1 << 20;
    const lines = [`[Tue Mar  4 06:12:03 2025] ${'x'.repeat(mb)}`, `[  +${'1'.repeat(mb)}`, `kern  :err   : [${' '.repeat(mb)}`];
    for (const l of lines) dmesgHuman.sniff(l);
    expect(run(lines).accepted).toEqual([true, false, false]);
  });
});

describe('dmesg-human and look-alikes', () => {
  // Loghub Apache_2k.log (logpai/loghub), CRLF line ends as published
  const apache = '[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok /etc/httpd/conf/workers2.properties\r';

  it('leaves Apache error log lines (ctime, then a [level]) to the timestamped text format', () => {
    expect(dmesgHuman.sniff(apache)).toBeLessThan(0.5);
    expect(dmesgHuman.createParser().push({ source: { bundle: 't', member: 'm' }, lineNumber: 1, text: apache }).accepted).toBe(false);
    expect(detectFormat([apache], formats).id).toBe('timestamped-text');
  });

  it('reads a dmesg -T line that ends in CR', () => {
    const step = dmesgHuman.createParser();
    expect(step.push({ source: { bundle: 't', member: 'm' }, lineNumber: 1, text: '[Thu Dec  7 00:05:15 2017] Memory cgroup out of memory: Kill process 24572 (java) score 0 or sacrifice child\r' }).accepted).toBe(true);
  });
});
