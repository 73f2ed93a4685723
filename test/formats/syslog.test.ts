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
import { readFileSync } from 'node:fs';
import { detectFormat, formats } from '../../src/formats/index.js';

const src = { bundle: 'bundle.tgz', member: 'var/log/remote/node1.log' };

const run = (lines: readonly string[]) => feedLines(syslog, lines, { source: src });
const records = (lines: readonly string[]): ParsedRecord[] => recordsOf(run(lines).out);
const one = (line: string): ParsedRecord => {
  const out = records([line]);
  expect(out).toHaveLength(1);
  return out[0]!;
};

const others = [cri, dockerJson, dmesg, dmesgHuman, plainText];

describe('syslog samples', () => {
  for (const sample of syslog.samples) {
    it(`parses ${sample.source}: ${sample.lines[0]!.slice(0, 50)}`, () => {
      const r = one(sample.lines[0]!);
      expect(r.format).toBe('syslog');
      expect(r.hasPayload).toBe(true);
      expectSampleRecord(r, sample.expect);
      expectSniffWins(syslog, sample.lines[0]!, others);
    });
  }
});

describe('syslog severity from PRI', () => {
  it('maps PRI % 8 onto logsift severities', () => {
    const severities = [0, 1, 2, 3, 4, 5, 6, 7].map((s) => one(`<${24 + s}>Oct 11 22:14:15 node1 kubelet[812]: x`).severity);
    expect(severities).toEqual(['critical', 'critical', 'critical', 'error', 'warning', 'info', 'info', 'debug']);
  });

  it('names the facility and rejects PRI above 191', () => {
    expect(one('<191>Oct 11 22:14:15 node1 app: x').fields.facility).toBe('local7');
    expect(run(['<192>Oct 11 22:14:15 node1 app: x']).accepted).toEqual([false]);
  });
});

describe('RFC 5424', () => {
  it('treats NILVALUE fields as absent', () => {
    const r = one('<14>1 - - - - - - just text');
    expect([r.time, r.host, r.unit, r.pid, r.message]).toEqual([undefined, undefined, undefined, undefined, 'just text']);
  });

  it('unescapes \\" \\\\ and \\] in structured data and reads several elements', () => {
    const r = one('<13>1 2024-01-02T03:04:05Z h app 77 - [a@1 q="say \\"hi\\"" b="c:\\\\d" r="x\\]y"][b@2 n="1"] msg');
    expect(r.fields).toMatchObject({ 'a@1.q': 'say "hi"', 'a@1.b': 'c:\\d', 'a@1.r': 'x]y', 'b@2.n': '1' });
    expect(r.message).toBe('msg');
    expect(r.pid).toBe(77);
  });

  it('keeps a malformed structured-data block in the message instead of failing', () => {
    const r = one('<13>1 2024-01-02T03:04:05Z h app - - [broken k="v msg');
    expect(r.message).toBe('[broken k="v msg');
    expect(r.unit).toBe('app');
  });

  it('keeps a non-numeric PROCID as a field', () => {
    expect(one('<13>1 2024-01-02T03:04:05.5+01:00 h app worker-3 - - m').fields.procid).toBe('worker-3');
  });

  it('strips the BOM before MSG', () => {
    expect(one('<13>1 2024-01-02T03:04:05Z h app - - - \uFEFFhello').message).toBe('hello');
  });
});

describe('RFC 3164', () => {
  it('reads a space-padded day and a tag with pid', () => {
    const r = one('<30>Jan  5 06:12:03 k3s-node-03 k3s[1234]: time="2025-01-05T06:12:03Z" level=error msg="boom"');
    expect(r.time).toEqual({ kind: 'wall', wall: { month: 1, day: 5, hour: 6, minute: 12, second: 3, millis: 0 } });
    expect([r.host, r.unit, r.pid, r.severity]).toEqual(['k3s-node-03', 'k3s', 1234, 'info']);
    expect(r.message).toBe('time="2025-01-05T06:12:03Z" level=error msg="boom"');
  });

  it('reads a local logger line that has no hostname', () => {
    const r = one('<13>Oct 11 22:14:15 root: backup finished');
    expect([r.host, r.unit, r.message]).toEqual([undefined, 'root', 'backup finished']);
  });

  it('keeps the rest as the message when no tag follows the host', () => {
    const r = one('<13>Oct 11 22:14:15 node1 something happened here');
    expect([r.host, r.unit, r.message]).toEqual(['node1', undefined, 'something happened here']);
  });

  it('reads an RFC3339 stamp without VERSION as an instant', () => {
    const r = one('<27>2020-05-31T00:00:45.738158+02:00 node1 containerd[900]: level=error');
    expect(r.time).toEqual({ kind: 'instant', epochMs: Date.UTC(2020, 4, 30, 22, 0, 45) + 738.158 });
    expect([r.host, r.unit, r.pid, r.severity]).toEqual(['node1', 'containerd', 900, 'error']);
  });
});

describe('syslog sniff on other formats', () => {
  const foreign = [
    'Oct 29 13:16:06 centos02 kubelet[4919]: I1029 13:16:06.471446    4919 kuberuntime_manager.go:751] Back-off 5m0s restarting failed container=alpine',
    // https://github.com/log2timeline/plaso/issues/3002
    '2020-05-31T00:00:45.738158+00:00 localhost systemd[1]: Reloaded System Logging Service.',
    'E1029 13:16:48.471488    4919 pod_workers.go:182] Error syncing pod cc89ef7c-bc47-11e7-85ce-901b0edee6b6',
    'time="2020-03-16T03:31:09.666371674-07:00" level=info msg="Starting k3s v1.17.3+k3s1 (5b17a175)"',
    // kmsg prefix in front of a dmesg line belongs to dmesg: https://github.com/vmware/photon/issues/1535
    '<6>[39291577.009363] Tasks state (memory values in pages):',
  ];
  it('scores PRI-less syslog files, klog, logrus and <N>[dmesg] lines at most 0.3', () => {
    for (const line of foreign) expect(syslog.sniff(line), line).toBeLessThanOrEqual(0.3);
  });

  it('scores every real journalctl short-iso line at most 0.3 (test/fixtures/journal)', () => {
    for (const line of journalFixtureLines('incident-default.short-iso.txt')) expect(syslog.sniff(line)).toBeLessThanOrEqual(0.3);
  });
});

describe('syslog robustness', () => {
  it('never throws from sniff or push, and sniff stays in [0, 1]', () => {
    const prefixes = ['', '<34>', '<34>1 ', '<34>1 2003-10-11T22:14:15.003Z h a p m ', '<34>1 - - - - - [', '<34>Oct 11 22:14:15 '];
    const line = prefixedLine(prefixes);
    expectNeverThrows(syslog, line);
  });

  it('parses 1 MB lines (speed: bench/pathological-lines.mjs)', () => {
    const mb = 1 << 20;
    const lines = [
      `<34>1 2003-10-11T22:14:15.003Z h app - - [id ${'k="v" '.repeat(mb / 6)}] m`,
      `<34>1 2003-10-11T22:14:15.003Z h app - - [id k="${'\\]'.repeat(mb / 2)}`,
      `<34>Oct 11 22:14:15 ${'a'.repeat(mb)}`,
      `<34>1 ${'a '.repeat(mb / 2)}`,
    ];
    for (const l of lines) syslog.sniff(l);
    expect(run(lines).accepted).toEqual([true, true, true, true]);
  });
});

describe('syslog RFC 5424 without <PRI>', () => {
  // lnav test/logfile_with_zones.0 (tstack/lnav, BSD-2; see test/fixtures/formats/README.md)
  const lines = readFileSync(new URL('../fixtures/formats/rfc5424-without-pri.log', import.meta.url), 'utf8').split('\n').filter((l) => l.length > 0);

  it('is syslog, not a CRI line: host, app, pid, msgid and structured data are read', () => {
    expect(detectFormat(lines, formats).id).toBe('syslog');
    for (const line of lines) expectSniffWins(syslog, line, formats.filter((f) => f.id !== 'syslog'));
    const records = recordsOf(feedLines(syslog, lines).out);
    expect(records.map((r) => [r.host, r.unit, r.pid, r.fields['msgid']])).toEqual([
      ['space01.global-acme.entp', 'NSX', 3106, undefined],
      ['space01.global-acme.entp', 'CRON', 20856, undefined],
      ['space01.global-acme.entp', 'NSX', 4828, 'SWITCHING'],
    ]);
    expect(records[1]!.time?.kind === 'instant' ? records[1]!.time.epochMs : 0).toBeCloseTo(Date.UTC(2022, 7, 27, 14, 22, 1, 694) + 0.554, 3);
    expect(records[1]!.message).toBe(' (root) CMD (   /usr/bin/nice -n 10 /opt/acme/bin/mem_usage_monitor.py >/dev/null 2>&1)');
    expect(records[0]!.fields).toMatchObject({ 'abc@6876.comp': 'abc-edge' });
    expect(records[0]!.severity).toBeUndefined();
  });

  it('leaves CRI and kubectl --timestamps lines alone', () => {
    expect(syslog.sniff('2016-10-06T00:17:09.669794202Z stdout F 12 - - x')).toBe(0);
    expect(syslog.sniff('2024-02-17T09:53:15.123456789Z hello world 12 x')).toBe(0);
  });
});
