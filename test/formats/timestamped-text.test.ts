import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { detectFormat, formats, MemberParser, newMemberParseStats, payloadFormats } from '../../src/formats/index.js';
import type { ParsedRecord, WallTime } from '../../src/formats/log-format.js';
import { timestampedText } from '../../src/formats/timestamped-text.js';
import type { LogEvent } from '../../src/model/log-event.js';
import { expectSampleRecord } from './expect-sample-record.js';
import { expectSniffWins } from './expect-sniff-wins.js';
import { feedLines, recordsOf } from './feed-lines.js';

const CORPUS = new URL('../fixtures/formats/corpus/', import.meta.url);

function one(text: string): ParsedRecord {
  const { out, accepted } = feedLines(timestampedText, [text]);
  expect(accepted).toEqual([true]);
  const records = recordsOf(out);
  expect(records).toHaveLength(1);
  return records[0]!;
}

function wallOf(text: string): WallTime | undefined {
  const time = one(text).time;
  return time?.kind === 'wall' ? time.wall : undefined;
}

/** Parses a whole file the way a bundle member is parsed (detection, then per-line claims). */
function parseFile(name: string, lines: readonly string[]): { events: LogEvent[]; stats: ReturnType<typeof newMemberParseStats> } {
  const stats = newMemberParseStats();
  const info = { source: { bundle: 'corpus', member: name } };
  const primary = detectFormat(lines.slice(0, 24), formats);
  const parser = new MemberParser(info, primary, { formats, payloadFormats, anchors: { latest: Date.UTC(2030, 0, 1), latestSource: 'test' } }, stats);
  const events: LogEvent[] = [];
  lines.forEach((text, i) => events.push(...parser.push({ source: info.source, lineNumber: i + 1, text })));
  events.push(...parser.end());
  return { events, stats };
}

function corpusLines(name: string): string[] {
  const text = readFileSync(new URL(name, CORPUS), 'utf8');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

describe('timestamped-text samples', () => {
  for (const sample of timestampedText.samples) {
    it(`parses ${sample.source}`, () => {
      expectSampleRecord(one(sample.lines[0]!), sample.expect);
      expectSniffWins(timestampedText, sample.lines[0]!, formats.filter((f) => f.id !== 'timestamped-text'));
    });
  }
});

describe('timestamped-text stamps', () => {
  it('reads the common application shapes into wall times', () => {
    // Loghub OpenStack_2k.log (after its file-name column), Windows_2k.log, HealthApp_2k.log, Android_2k.log
    expect(wallOf('2017-05-16 00:00:00.008 25746 INFO nova.osapi_compute.wsgi.server [req-38101a0b] "GET /v2/servers/detail HTTP/1.1" status: 200')).toEqual({ year: 2017, month: 5, day: 16, hour: 0, minute: 0, second: 0, millis: 8 });
    expect(wallOf('2016-09-28 04:30:30, Info                  CBS    Loaded Servicing Stack v6.1.7601.23505')).toMatchObject({ year: 2016, month: 9, day: 28, second: 30, millis: 0 });
    expect(wallOf('20171223-22:15:29:606|Step_LSC|30002312|onStandStepChanged 3579')).toEqual({ year: 2017, month: 12, day: 23, hour: 22, minute: 15, second: 29, millis: 606 });
    expect(wallOf('03-17 16:13:38.811  1702  2395 D WindowManager: printFreezingDisplayLogsopening app wtoken')).toEqual({ month: 3, day: 17, hour: 16, minute: 13, second: 38, millis: 811 });
    // lnav test/logfile_generic_nanos.0, test/logfile_java.0
    expect(wallOf('2025-01-01 00:00:00.123456789:INFO:nano first')?.millis).toBeCloseTo(123.456789, 6);
    expect(wallOf('2025-01-24T07:00:30,139 INFO [main                     ] FarmApplication          : Starting FarmApplication v3.0.7')).toMatchObject({ year: 2025, hour: 7, millis: 139 });
  });

  it('keeps a printed zone as an offset', () => {
    expect(wallOf('[2023-03-01 10:11:12,345 +0100] INFO started')).toMatchObject({ hour: 10, offsetMinutes: 60 });
    expect(wallOf('2019/02/11 06:52:41 UTC something happened')).toMatchObject({ year: 2019, month: 2, offsetMinutes: 0 });
  });

  it('reads epoch seconds and milliseconds as instants, and only plausible ones', () => {
    expect(one('1534860261.221373 sensor read').time).toEqual({ kind: 'instant', epochMs: 1534860261221.373 });
    expect(one('1428634687456 Goodbye, World!').time).toEqual({ kind: 'instant', epochMs: 1428634687456 });
    expect(timestampedText.sniff('0000000001 not a time')).toBe(0);
    expect(timestampedText.sniff('9999999999 not a time either')).toBe(0);
  });

  it('reads ctime, Tomcat, java.util.logging and access-log times', () => {
    expect(wallOf('Sun Dec 04 04:47:44 2005 workerEnv.init() ok')).toMatchObject({ year: 2005, month: 12, day: 4, hour: 4 });
    expect(wallOf('12-Jan-2023 10:00:00.123 INFO [main] org.apache.catalina.startup.Catalina.start Server startup')).toMatchObject({ year: 2023, month: 1, day: 12, millis: 123 });
    expect(wallOf('Jan 12, 2023 1:02:03 PM org.apache.coyote.AbstractProtocol start')).toMatchObject({ hour: 13, minute: 2 });
    // ingress-nginx access line, https://github.com/kubernetes/ingress-nginx/issues/10054
    const access = one('10.244.0.1 - - [29/Jun/2023:08:40:01 +0000] "GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/1.27" 105 0.001 [default-web-80] [] 10.244.0.9:80 2 0.001 200 f0e1');
    expect(access.time).toEqual({ kind: 'wall', wall: { year: 2023, month: 6, day: 29, hour: 8, minute: 40, second: 1, millis: 0, offsetMinutes: 0 } });
    expect(access.message.startsWith('10.244.0.1 - - [29/Jun/2023')).toBe(true);
  });

  it('rejects impossible calendar fields and unstamped text', () => {
    const p = timestampedText.createParser();
    for (const text of ['2015-13-18 18:01:47,978 INFO x', '2015-10-18 25:01:47 INFO x', 'GET / 200', '081309 203615 148 INFO x', '']) {
      expect(p.push({ source: { bundle: 't', member: 'm' }, lineNumber: 1, text }).accepted, text).toBe(false);
    }
  });
});

describe('timestamped-text levels and continuations', () => {
  it('takes the level word near the stamp, not a word of the message', () => {
    expect(one('2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification time out: 3200').severity).toBe('info');
    expect(one('2012-07-02 10:22:40,672:DEBUG:foo bar baz').severity).toBe('debug');
    expect(one('2016-09-28 04:30:31, Warning               CBS    Failed to get next element').severity).toBe('warning');
    expect(one('2022-02-10 16:08:38,123 - util.py[WARNING]: Failed to set hostname').severity).toBe('warning');
    // nginx error log, https://github.com/kubernetes/ingress-nginx/issues/4735
    expect(one('2019/11/05 09:49:19 [error] 40#40: *1 connect() failed (111: Connection refused) while connecting to upstream').severity).toBe('error');
    expect(one('2022-02-10 16:08:38 error connecting to the controller').severity).toBeUndefined();
  });

  it('joins a Java stack trace to the stamped line above it', () => {
    // Loghub Hadoop_2k.log shape: an ERROR line, then the exception and its frames
    const { out, accepted } = feedLines(timestampedText, [
      '2015-10-18 18:05:41,911 ERROR [RMCommunicator Allocator] org.apache.hadoop.mapreduce.v2.app.rm.RMContainerAllocator: ERROR IN CONTACTING RM.',
      'java.net.ConnectException: Call From MININT-FNANLI5/127.0.0.1 to msra-sa-41:8030 failed on connection exception',
      '\tat sun.reflect.NativeConstructorAccessorImpl.newInstance0(Native Method)',
      'Caused by: java.net.ConnectException: Connection refused: no further information',
      '\t... 9 more',
      '2015-10-18 18:05:42,911 INFO [RMCommunicator Allocator] org.apache.hadoop.ipc.Client: Retrying connect to server',
      'not a continuation',
    ]);
    expect(accepted).toEqual([true, true, true, true, true, true, false]);
    const records = recordsOf(out);
    expect(records.map((r) => [r.line, r.lineCount, r.severity])).toEqual([[1, 5, 'error'], [6, 1, 'info']]);
    expect(records[0]!.message.split('\n')[3]).toBe('Caused by: java.net.ConnectException: Connection refused: no further information');
  });
});

describe('timestamped-text leaves specific formats their lines', () => {
  const others = [
    // capnslog, journal short-iso, CRI, kubectl logs --timestamps, dmesg -T, klog
    '2018-10-11 08:36:19.724999 W | etcdserver: read-only range request took too long',
    '2022-08-27T17:22:01+03:00 node-1 kubelet[812]: I0827 17:22:01.000000     812 kubelet.go:1] ok',
    '2016-10-06T00:17:09.669794202Z stdout F hello',
    '2024-02-17T09:53:15.123456789Z hello',
    '[Thu Dec  7 00:05:15 2017] Memory cgroup out of memory: Kill process 24572 (java)',
  ];
  for (const line of others) {
    it(`scores below the owner of: ${line.slice(0, 40)}`, () => {
      const owner = detectFormat([line], formats);
      expect(owner.id).not.toBe('timestamped-text');
      expect(timestampedText.sniff(line)).toBeLessThan(owner.sniff(line));
      expect(timestampedText.createParser().push({ source: { bundle: 't', member: 'm' }, lineNumber: 1, text: line }).accepted && timestampedText.sniff(line) >= 0.5).toBe(false);
    });
  }
});

describe('corpus of ordinary application logs (test/fixtures/formats/corpus, sources in its README)', () => {
  const files = readdirSync(CORPUS).filter((f) => f.endsWith('.log')).sort();

  it('leaves at most 20% of its lines without a time', () => {
    let lines = 0;
    let untimed = 0;
    for (const name of files) {
      const content = corpusLines(name);
      const { events, stats } = parseFile(name, content);
      lines += stats.lines;
      for (const e of events) if (e.timestamp === undefined) untimed += e.origin.lineCount;
    }
    expect(files.length).toBeGreaterThanOrEqual(10);
    expect(lines).toBeGreaterThan(1000);
    expect(untimed / lines).toBeLessThanOrEqual(0.2);
  });

  it('reads the Hadoop, Spark, HDFS and Zookeeper samples with a time on every line', () => {
    for (const name of ['loghub-Hadoop.log', 'loghub-Spark.log', 'loghub-HDFS.log', 'loghub-Zookeeper.log']) {
      const { events } = parseFile(name, corpusLines(name));
      expect(events.filter((e) => e.timestamp === undefined).map((e) => e.raw), name).toEqual([]);
      expect(new Set(events.map((e) => e.format)), name).toEqual(new Set(['timestamped-text']));
    }
  });
});

describe('timestamped-text robustness', () => {
  it('never throws on arbitrary strings and sniff stays in [0,1]', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        for (const t of [s, `2015-10-18 18:01:47,978 ${s}`, `17/06/09 20:10:40 ${s}`, `[${s}`]) {
          const score = timestampedText.sniff(t);
          expect(score).toBeGreaterThanOrEqual(0);
          expect(score).toBeLessThanOrEqual(1);
          timestampedText.createParser().push({ source: { bundle: 't', member: 'm' }, lineNumber: 1, text: t });
        }
      }),
      { numRuns: 300 },
    );
  });
});
