import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { journalShort } from '../../src/formats/journal-short.js';
import type { ParsedRecord } from '../../src/formats/log-format.js';
import { feedLines, recordsOf } from './feed-lines.js';

const feed = (lines: readonly string[]) => feedLines(journalShort, lines);

function records(lines: readonly string[]): ParsedRecord[] {
  return recordsOf(feed(lines).out);
}

function one(line: string): ParsedRecord {
  const r = records([line]);
  expect(r).toHaveLength(1);
  return r[0]!;
}

describe('journal-short', () => {
  it('parses every shipped sample to its expected fields', () => {
    for (const sample of journalShort.samples) {
      const [record] = records(sample.lines);
      expect(record, sample.source).toBeDefined();
      const { payloadFormat: _ignored, fields, ...rest } = sample.expect;
      expect(record, sample.source).toMatchObject(rest);
      if (fields) expect(record!.fields, sample.source).toMatchObject(fields);
      expect(record!.hasPayload).toBe(true);
    }
  });

  it('reads short-precise host, identifier, pid and µs as a year-less wall time', () => {
    // test/fixtures/journal/incident-default.short-precise.txt line 101 (journalctl 252)
    const r = one('Mar 14 14:25:20.955800 k3s-node-03 k3s[1377]: time="2025-03-14T14:25:20Z" level=error msg="containerd exited: exit status 1"');
    expect(r).toMatchObject({ host: 'k3s-node-03', unit: 'k3s', pid: 1377, message: 'time="2025-03-14T14:25:20Z" level=error msg="containerd exited: exit status 1"' });
    expect(r.time).toEqual({ kind: 'wall', wall: { month: 3, day: 14, hour: 14, minute: 25, second: 20, millis: 955.8 } });
  });

  it('leaves a klog or logrus payload in the message for the driver to re-parse', () => {
    // https://github.com/kubernetes/kubernetes/issues/54760
    const r = one('Oct 29 13:16:06 centos02 kubelet[4919]: I1029 13:16:06.471446    4919 kuberuntime_manager.go:751] Back-off 5m0s restarting failed container=alpine pod=alpine-368057524-bgt0m_default(cc89ef7c-bc47-11e7-85ce-901b0edee6b6)');
    expect(r.message.startsWith('I1029 13:16:06.471446    4919 kuberuntime_manager.go:751] Back-off')).toBe(true);
    expect(r.hasPayload).toBe(true);
  });

  it('accepts a space-padded day as rsyslog writes it', () => {
    // RHEL /var/log/messages shape, https://github.com/containerd/cgroups/issues/74 (day padded as in RSYSLOG_TraditionalFileFormat)
    const r = one('Dec  1 10:48:09 fkhan-test-kernelv3 kernel: thrash invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=0');
    expect(r.time).toMatchObject({ kind: 'wall', wall: { month: 12, day: 1, hour: 10 } });
    expect(r.unit).toBe('kernel');
    expect(r.pid).toBeUndefined();
  });

  it('reads locale month tokens and rejects unknown ones', () => {
    // https://github.com/k3s-io/k3s/issues/1545
    expect(one('3月 16 03:31:09 master1 k3s[5440]: time="2020-03-16T03:31:09.666371674-07:00" level=info msg="Starting k3s v1.17.3+k3s1 (5b17a175)"').time).toMatchObject({ wall: { month: 3, day: 16 } });
    expect(one('Mär 16 03:31:09 master1 k3s[5440]: x').time).toMatchObject({ wall: { month: 3 } });
    expect(one('déc. 24 23:59:59 hote cron[1]: x').time).toMatchObject({ wall: { month: 12 } });
    expect(one('dic 24 23:59:59 host cron[1]: x').time).toMatchObject({ wall: { month: 12 } });
    expect(one('úno 02 01:00:00 host cron[1]: x').time).toMatchObject({ wall: { month: 2 } });
    expect(feed(['Foo 16 03:31:09 master1 k3s[5440]: x']).accepted).toEqual([false]);
    expect(journalShort.sniff('Foo 16 03:31:09 master1 k3s[5440]: x')).toBe(0);
  });

  it('detects --no-hostname when the identifier follows the time', () => {
    // https://github.com/systemd/systemd/pull/22719
    const r = one('led 30 22:13:54 systemd-journald[981]: System Journal (/var/log/journal/1588e1d9d0b74acdbaada907b163b837) is 4.1G, max 4.0G, 0B free.');
    expect(r.host).toBeUndefined();
    expect(r).toMatchObject({ unit: 'systemd-journald', pid: 981 });
    const k = one('Mar 14 06:12:03 kernel: Linux version 6.1.0-31-amd64');
    expect(k).toMatchObject({ unit: 'kernel', message: 'Linux version 6.1.0-31-amd64' });
    expect(k.host).toBeUndefined();
  });

  it('reads short-iso offsets written as +0200, +02:00 and Z into the same instant', () => {
    // https://github.com/systemd/systemd/pull/29134
    const old = one('2023-09-08T17:20:30+0200 tarta r710_fan_controller.sh[20911]: Highest drive temperature: 43 Celcius.');
    const colon = one('2023-09-08T17:20:30+02:00 tarta r710_fan_controller.sh[20911]: Highest drive temperature: 43 Celcius.');
    const zulu = one('2023-09-08T15:20:30Z tarta r710_fan_controller.sh[20911]: Highest drive temperature: 43 Celcius.');
    const instant = { kind: 'instant', epochMs: Date.UTC(2023, 8, 8, 15, 20, 30) };
    expect(old.time).toEqual(instant);
    expect(colon.time).toEqual(instant);
    expect(zulu.time).toEqual(instant);
    // rsyslog RSYSLOG_FileFormat, https://github.com/log2timeline/plaso/issues/3002
    expect(one('2020-05-31T00:00:45.738158+00:00 localhost systemd[1]: Reloaded System Logging Service.').time).toEqual({ kind: 'instant', epochMs: Date.UTC(2020, 4, 31, 0, 0, 45) + 738.158 });
  });

  it('keeps the short-full zone abbreviation and reads UTC as offset 0', () => {
    const edt = one('Fri 2020-06-26 12:51:39 EDT testvm1.both.org chronyd[827]: Selected source 192.168.0.52');
    expect(edt.time).toEqual({ kind: 'wall', wall: { year: 2020, month: 6, day: 26, hour: 12, minute: 51, second: 39, millis: 0, zoneAbbreviation: 'EDT' } });
    const utc = one('Fri 2020-06-26 16:51:39 UTC testvm1.both.org chronyd[827]: Selected source 192.168.0.52');
    expect(utc.time).toMatchObject({ kind: 'wall', wall: { year: 2020, offsetMinutes: 0, zoneAbbreviation: 'UTC' } });
  });

  it('reads short-monotonic as seconds since boot and short-unix as an instant', () => {
    // https://github.com/systemd/systemd/issues/24950
    const { out: outputs } = feed(['-- Boot bc3fc4659c554110994ad36deade2c2c --', '[    1.241863] archlinux systemd[1]: Reached target System Initialization.']);
    expect(outputs[0]).toEqual({ type: 'marker', marker: 'boot', line: 1, bootId: 'bc3fc4659c554110994ad36deade2c2c' });
    expect(outputs[1]).toMatchObject({ type: 'record', time: { kind: 'monotonic', seconds: 1.241863 }, host: 'archlinux', bootId: 'bc3fc4659c554110994ad36deade2c2c' });
    expect(one('1710000000.123456 archlinux systemd[1]: Reached target System Initialization.').time).toEqual({ kind: 'instant', epochMs: 1710000000123.456 });
    // short-delta (systemd logs-show.c output_timestamp_monotonic)
    expect(one('[    1.241863 <    0.000120>] archlinux systemd[1]: Reached target System Initialization.').time).toEqual({ kind: 'monotonic', seconds: 1.241863 });
  });

  it('strips the kernel monotonic stamp of a kern.log line into fields', () => {
    // https://github.com/docker/for-linux/issues/1001
    const r = one('May 15 23:01:53 ubuntu-s-1vcpu-2gb-ams3-01 kernel: [  152.700479] Memory cgroup out of memory: Kill process 4142 (python3) score 68 or sacrifice child');
    expect(r.fields).toEqual({ kernelMonotonic: '152.700479' });
    expect(r.message).toBe('Memory cgroup out of memory: Kill process 4142 (python3) score 68 or sacrifice child');
  });

  it('joins indented continuation lines into one multi-line message', () => {
    // test/fixtures/journal/incident-default.short-precise.txt lines 106-114 (journalctl 252)
    const pad = ' '.repeat(52);
    const { out: outputs, accepted } = feed([
      'Mar 14 14:25:22.860763 k3s-node-03 nodecheck[1422]: k3s API health probe failed after 3 attempts',
      `${pad}Traceback (most recent call last):`,
      `${pad}  File "/usr/local/lib/nodecheck/probe.py", line 41, in check_apiserver`,
      `${pad}ConnectionRefusedError: [Errno 111] Connection refused`,
      'Mar 14 14:25:22.890763 k3s-node-03 systemd[1]: nodecheck.service: Deactivated successfully.',
    ]);
    expect(accepted).toEqual([true, true, true, true, true]);
    expect(outputs).toHaveLength(2);
    expect(outputs[0]).toMatchObject({
      line: 1,
      lineCount: 4,
      message: 'k3s API health probe failed after 3 attempts\nTraceback (most recent call last):\n  File "/usr/local/lib/nodecheck/probe.py", line 41, in check_apiserver\nConnectionRefusedError: [Errno 111] Connection refused',
    });
    expect(outputs[1]).toMatchObject({ line: 5, lineCount: 1 });
  });

  it('gives each line its own host and identifier when they change from line to line, as a merged syslog does', () => {
    // Hosts and identifiers that are prefixes of one another, one length apart, then back: nothing of the line before leaks.
    const r = records([
      'Mar 13 14:31:07 node-1 k3s[812]: a',
      'Mar 13 14:31:08 node-10 k3s-agent[813]: b',
      'Mar 13 14:31:09 node-1 k3s[812]: c',
      'Mar 13 14:31:10 node-2 k3: d',
      'Mar 13 14:31:11 k3s[814]: e',
      'Mar 13 14:31:12 node-2 kernel: [  152.700479] f',
      'Mar 13 14:31:13 node-2 k3s[815]: g',
    ]);
    expect(r.map((x) => [x.host, x.unit, x.pid, x.message, x.fields])).toEqual([
      ['node-1', 'k3s', 812, 'a', {}],
      ['node-10', 'k3s-agent', 813, 'b', {}],
      ['node-1', 'k3s', 812, 'c', {}],
      ['node-2', 'k3', undefined, 'd', {}],
      [undefined, 'k3s', 814, 'e', {}],
      ['node-2', 'kernel', undefined, 'f', { kernelMonotonic: '152.700479' }],
      ['node-2', 'k3s', 815, 'g', {}],
    ]);
  });

  it('keeps [NB blob data] messages as printed', () => {
    // test/fixtures/journal/incident-default.short-precise.txt line 37
    expect(one('Mar 14 09:00:00.999963 k3s-node-03 nas-backup[23871]: [50B blob data]').message).toBe('[50B blob data]');
  });

  it('turns header, boot, reboot, no-entries and catalog lines into markers', () => {
    // https://github.com/k3s-io/k3s/issues/146 and the `-x` catalog of https://github.com/k3s-io/k3s/issues/1545
    const { out: outputs, accepted } = feed([
      '-- Logs begin at Sat 2019-03-02 07:14:45 UTC, end at Mon 2019-03-04 19:18:55 UTC. --',
      '-- No entries --',
      '-- Journal begins at Tue 2021-06-01 10:00:00 CEST, ends at Wed 2021-06-02 11:00:00 CEST. --',
      'Mar 16 03:31:09 master1 systemd[1]: Failed to start Lightweight Kubernetes.',
      '-- Subject: Unit k3s.service has failed',
      '-- Defined-By: systemd',
      '-- Support: https://access.redhat.com/support',
      '--',
      '-- Unit k3s.service has failed.',
      '-- Reboot --',
    ]);
    expect(accepted.every(Boolean)).toBe(true);
    expect(outputs[0]).toEqual({
      type: 'marker',
      marker: 'logs-begin',
      line: 1,
      begin: { kind: 'wall', wall: { year: 2019, month: 3, day: 2, hour: 7, minute: 14, second: 45, millis: 0, offsetMinutes: 0, zoneAbbreviation: 'UTC' } },
      end: { kind: 'wall', wall: { year: 2019, month: 3, day: 4, hour: 19, minute: 18, second: 55, millis: 0, offsetMinutes: 0, zoneAbbreviation: 'UTC' } },
    });
    expect(outputs[1]).toEqual({ type: 'marker', marker: 'no-entries', line: 2 });
    expect(outputs[2]).toMatchObject({ marker: 'logs-begin', begin: { wall: { year: 2021, zoneAbbreviation: 'CEST' } } });
    expect(outputs[3]).toMatchObject({ type: 'record', line: 4, lineCount: 1, message: 'Failed to start Lightweight Kubernetes.' });
    expect(outputs.slice(4).map((o) => (o.type === 'marker' ? o.marker : o.type))).toEqual(['other', 'other', 'other', 'other', 'other', 'boot']);
  });

  it('rejects lines of other formats and scores them low', () => {
    const foreign = [
      // logrus, https://github.com/containerd/containerd/pull/9104
      'time="2023-09-24T23:18:06.488717812+08:00" level=info msg="loading plugin \\"io.containerd.service.v1.containers-service\\"..." type=io.containerd.service.v1',
      // klog, https://github.com/kubernetes/kubernetes/issues/54760
      'E1029 13:16:48.471488    4919 pod_workers.go:182] Error syncing pod cc89ef7c-bc47-11e7-85ce-901b0edee6b6',
      // CRI, kubernetes pkg/kubelet/kuberuntime/logs/logs.go comment and https://github.com/canonical/microk8s/issues/2592
      '2016-10-06T00:17:09.669794202Z stdout P log content 1',
      '2021-09-24T18:38:10.702348795+08:00 stdout F Fri Sep 24 10:38:10 UTC 2021',
      // raw dmesg
      '[    0.000000] Linux version 6.1.0-31-amd64 (debian-kernel@lists.debian.org)',
      '[    2.104418] usb 1-1: new high-speed USB device number 2 using xhci_hcd',
      // logrus TTY, https://github.com/containerd/containerd/pull/2490
      'INFO[2018-07-24T08:11:07.397856489Z] starting containerd                           revision=c3195155cacb361cd3549c4d78901b20aa19579a version=v1.1.0-203-gc3195155',
    ];
    for (const line of foreign) expect(journalShort.sniff(line), line).toBeLessThanOrEqual(0.3);
    expect(feed(foreign.slice(0, 4)).accepted).toEqual([false, false, false, false]);
    expect(journalShort.sniff('Mar 14 14:25:20.960763 k3s-node-03 systemd[1]: k3s.service: Main process exited, code=exited, status=1/FAILURE')).toBeGreaterThan(0.8);
  });

  it('does not take a bracketed level after the time for a host', () => {
    // https://github.com/coredns/coredns/issues/2795 (CoreDNS 1.5 pod log: RFC 3339 time, then the level in brackets)
    const coredns = '2019-04-17T00:18:44.486Z [FATAL] plugin/loop: Loop (127.0.0.1:34614 -> :53) detected for zone ".", see https://coredns.io/plugins/loop#troubleshooting.';
    expect(journalShort.sniff(coredns)).toBe(0);
    expect(feed([coredns]).accepted).toEqual([false]);
    // A host that merely contains brackets' neighbours stays a host.
    expect(one('2023-12-16T04:14:34Z node-1 systemd[1]: Started k3s.service.')).toMatchObject({ host: 'node-1', unit: 'systemd', pid: 1 });
  });

  it('never throws on arbitrary input and sniff stays in [0,1]', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 120 }), { maxLength: 20 }), (lines) => {
        const parser = journalShort.createParser();
        lines.forEach((text, i) => {
          const score = journalShort.sniff(text);
          expect(score).toBeGreaterThanOrEqual(0);
          expect(score).toBeLessThanOrEqual(1);
          const step = parser.push({ source: { bundle: 't', member: 'm' }, lineNumber: i + 1, text });
          expect(typeof step.accepted).toBe('boolean');
        });
        parser.flush();
      }),
    );
    // Shapes close to real lines reach deeper branches than random text does.
    const shaped = fc.tuple(fc.constantFrom('Mar 14 06:12:03', '2025-03-14T06:12:03+0000', '[    1.2]', '3月 16 03:31:09', '-- Boot', ' '), fc.string({ maxLength: 60 }));
    fc.assert(
      fc.property(fc.array(shaped, { maxLength: 10 }), (parts) => {
        const parser = journalShort.createParser();
        parts.forEach(([head, tail], i) => parser.push({ source: { bundle: 't', member: 'm' }, lineNumber: i + 1, text: `${head} ${tail}` }));
        parser.flush();
      }),
    );
  });
});

// The regexes journal-short times were first read with (SHORT_TIME, ISO_TIME): the character-position readers for the
// common shapes must give the same time and the same message border, or refuse the same lines.
const SHORT_REFERENCE = /^ ?(\S{1,8}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))? /;
const ISO_REFERENCE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})? /;
const REFERENCE_MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, mär: 3, may: 5, okt: 10, mrt: 3, ene: 1, dez: 12, gru: 12 };

function referenceStamp(line: string): { time: unknown; end: number } | undefined {
  const valid = (mo: number, d: number, h: number, mi: number, s: number) => mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23 && mi <= 59 && s <= 60;
  const millis = (digits: string | undefined) => (digits ? Number(digits.slice(0, 6).padEnd(6, '0')) / 1000 : 0);
  const iso = ISO_REFERENCE.exec(line);
  if (iso) {
    const [y, mo, d, h, mi, s] = iso.slice(1, 7).map(Number) as [number, number, number, number, number, number];
    if (!valid(mo, d, h, mi, s)) return undefined;
    const zone = iso[8];
    const wall = { year: y, month: mo, day: d, hour: h, minute: mi, second: s, millis: millis(iso[7]) };
    if (zone === undefined) return { time: { kind: 'wall', wall }, end: iso[0].length };
    const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
    const offset = zone === 'Z' ? 0 : (z![1] === '-' ? -1 : 1) * (Number(z![2]) * 60 + Number(z![3]));
    return { time: { kind: 'instant', epochMs: Date.UTC(y, mo - 1, d, h, mi, s) + wall.millis - offset * 60_000 }, end: iso[0].length };
  }
  const short = SHORT_REFERENCE.exec(line);
  if (!short) return undefined;
  const cjk = /^(\d{1,2})[月월]$/.exec(short[1]!);
  const month = cjk ? Number(cjk[1]) : REFERENCE_MONTHS[short[1]!.toLowerCase().replace(/\.$/, '')];
  if (month === undefined) return undefined;
  const [d, h, mi, s] = short.slice(2, 6).map(Number) as [number, number, number, number];
  if (!valid(month, d, h, mi, s)) return undefined;
  return { time: { kind: 'wall', wall: { month, day: d, hour: h, minute: mi, second: s, millis: millis(short[6]) } }, end: short[0].length };
}

describe('journal-short times against the reference regexes', () => {
  const often = <T,>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<T>) => fc.oneof({ arbitrary: good, weight: 6 }, { arbitrary: bad, weight: 1 });
  const num = (min: number, max: number, width: number) => fc.integer({ min, max }).map((n) => String(n).padStart(width, '0'));
  const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^\\d{${min},${max}}$`));
  const clock = fc
    .tuple(often(num(0, 23, 2), digits(1, 3)), often(fc.constant(':'), fc.constant('.')), often(num(0, 59, 2), num(60, 99, 2)), fc.constant(':'), often(num(0, 60, 2), digits(1, 3)),
      often(fc.option(digits(1, 6), { nil: undefined }), digits(7, 10)))
    .map(([h, c, mi, c2, s, frac]) => `${h}${c}${mi}${c2}${s}${frac === undefined ? '' : `.${frac}`}`);
  const short = fc
    .tuple(often(fc.constantFrom('Mar', 'JAN', 'feb', 'Okt', 'mrt', 'Ene', 'Dez', 'gru'), fc.constantFrom('Xyz', 'Ma', 'Mär', 'May.', '3月')),
      often(fc.constantFrom(' ', '  '), fc.constant('   ')), often(fc.oneof(num(1, 31, 1), num(1, 31, 2)), fc.constantFrom('0', '32', '123', 'x')), fc.constant(' '), clock)
    .map((parts) => parts.join(''));
  const iso = fc
    .tuple(num(1970, 2100, 4), fc.constant('-'), often(num(1, 12, 2), num(13, 99, 2)), fc.constant('-'), often(num(1, 31, 2), fc.constant('00')), often(fc.constant('T'), fc.constant(' ')), clock,
      often(fc.constantFrom('', 'Z', '+00:00', '-05:30', '+0200'), fc.constantFrom('+5', '+05:', 'z', '+05:3', 'UTC')))
    .map((parts) => parts.join(''));
  const line = fc.tuple(fc.oneof(short, iso), often(fc.constant(' k3s-node-01 k3s[812]: '), fc.constantFrom('k3s-node-01 k3s[812]: ', ' '))).map(([stamp, rest]) => `${stamp}${rest}msg`);

  it('reads the same time, host and message as the regexes did, or refuses the same lines', () => {
    fc.assert(
      fc.property(line, (text) => {
        const expected = referenceStamp(text);
        const { accepted, out } = feed([text]);
        if (expected === undefined || !text.slice(expected.end).startsWith('k3s-node-01 k3s[812]: ')) {
          expect(accepted[0]).toBe(false);
          return;
        }
        const [r] = recordsOf(out);
        expect({ time: r?.time, host: r?.host, unit: r?.unit, message: r?.message }).toStrictEqual({ time: expected.time, host: 'k3s-node-01', unit: 'k3s', message: 'msg' });
      }),
      { numRuns: 5000 },
    );
  });
});

// The regex the `ident[pid]: ` part was first read with, applied the way readBody applied it (after an optional host).
const IDENT_REFERENCE = /^(\S+?)(?:\[(\d{1,10})\])?:(?: |$)/;

function referenceBody(rest: string): { host?: string; unit?: string; pid?: number; message: string } | undefined {
  const firstSpace = rest.indexOf(' ');
  const firstToken = firstSpace < 0 ? rest : rest.slice(0, firstSpace);
  if (firstToken.endsWith(':')) {
    const m = IDENT_REFERENCE.exec(rest);
    if (m) return { host: undefined, unit: m[1], pid: m[2] === undefined ? undefined : Number(m[2]), message: rest.slice(m[0].length) };
  }
  if (firstSpace > 0) {
    const afterHost = rest.slice(firstSpace + 1);
    const m = IDENT_REFERENCE.exec(afterHost);
    if (m) return { host: firstToken, unit: m[1], pid: m[2] === undefined ? undefined : Number(m[2]), message: afterHost.slice(m[0].length) };
    return { host: firstToken, unit: undefined, pid: undefined, message: afterHost };
  }
  return undefined;
}

describe('journal-short identifiers against the reference regex', () => {
  const token = fc.constantFrom('k3s-node-01', 'k3s', 'systemd', 'a:b', 'x[', '[1]', 'kubelet[12', 'snap.microk8s.daemon-kubelite', 'é', 'a\u00a0b', '');
  const pid = fc.constantFrom('', '[812]', '[1]', '[]', '[12345678901]', '[1234567890]', '[x]', '[812]x');
  const tail = fc.constantFrom(': ', ':', ':x', ' ', '', ': msg with: colons [1]: here', ':  two spaces', ':\t');
  const rest = fc.tuple(fc.option(fc.tuple(token, fc.constantFrom(' ', '  ')), { nil: undefined }), token, pid, tail)
    .map(([host, ident, p, t]) => `${host ? host.join('') : ''}${ident}${p}${t}`);

  it('splits host, unit, pid and message exactly as the regex did, or refuses the same lines', () => {
    fc.assert(
      fc.property(rest, (body) => {
        const text = `Mar 13 14:31:07 ${body}`;
        const expected = referenceBody(body);
        const { accepted, out } = feed([text]);
        expect(accepted[0]).toBe(expected !== undefined);
        if (!expected) return;
        const [r] = recordsOf(out);
        expect({ host: r?.host, unit: r?.unit, pid: r?.pid, message: r?.message }).toStrictEqual(expected);
      }),
      { numRuns: 4000 },
    );
  });
});
