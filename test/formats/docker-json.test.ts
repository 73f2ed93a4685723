import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cri } from '../../src/formats/cri.js';
import { dockerJson } from '../../src/formats/docker-json.js';
import { syslog } from '../../src/formats/syslog.js';
import { dmesg } from '../../src/formats/dmesg.js';
import { dmesgHuman } from '../../src/formats/dmesg-human.js';
import { plainText } from '../../src/formats/plain-text.js';
import type { LogLine } from '../../src/model/log-line.js';
import type { ParsedRecord } from '../../src/formats/log-format.js';
import { expectNeverThrows } from './expect-never-throws.js';
import { expectSampleRecord } from './expect-sample-record.js';
import { expectSniffWins } from './expect-sniff-wins.js';
import { feedLines, recordsOf } from './feed-lines.js';

const src = { bundle: 'bundle.tgz', member: 'var/lib/docker/containers/5fb8/5fb8-json.log' };
const lineOf = (text: string, lineNumber = 1): LogLine => ({ source: src, lineNumber, text });

const run = (lines: readonly string[]) => feedLines(dockerJson, lines, { source: src });
const records = (lines: readonly string[]): ParsedRecord[] => recordsOf(run(lines).out);
const entry = (log: string, stream = 'stdout', time = '2018-01-24T05:57:12.583118365Z'): string => JSON.stringify({ log, stream, time });

const others = [cri, syslog, dmesg, dmesgHuman, plainText];

describe('docker-json samples', () => {
  for (const sample of dockerJson.samples) {
    it(`parses ${sample.source}: ${sample.lines[0]!.slice(0, 50)}`, () => {
      const out = records(sample.lines);
      expect(out).toHaveLength(1);
      const r = out[0]!;
      expect(r.format).toBe('docker-json');
      expect(r.hasPayload).toBe(true);
      expectSampleRecord(r, sample.expect);
      expectSniffWins(dockerJson, sample.lines[0]!, others);
    });
  }
});

describe('docker-json lines', () => {
  it('strips the trailing newline (and the CR of a TTY) from log', () => {
    expect(records([entry('hello\n'), entry('tty\r\n')]).map((r) => r.message)).toEqual(['hello', 'tty']);
  });

  it('joins entries without a trailing newline with the next one of the same stream', () => {
    const out = records([entry('a'.repeat(16384)), entry('E0101 boom\n', 'stderr'), entry('tail\n')]);
    expect(out.map((r) => [r.fields.stream, r.message.length, r.line, r.lineCount])).toEqual([
      ['stderr', 10, 2, 1],
      ['stdout', 16388, 1, 2],
    ]);
    expect(out[1]!.message.endsWith('atail')).toBe(true);
  });

  it('flushes an unfinished entry at the end of the file, flagged partial', () => {
    const out = records([entry('no newline')]);
    expect(out).toHaveLength(1);
    expect(out[0]!.fields).toEqual({ stream: 'stdout', partial: 'true' });
  });

  it('keeps a record without time when time is missing or malformed', () => {
    const out = records(['{"log":"x\\n","stream":"stdout"}', '{"log":"y\\n","stream":"stdout","time":"yesterday"}']);
    expect(out.map((r) => [r.message, r.time])).toEqual([['x', undefined], ['y', undefined]]);
  });

  it('keeps the decoded start of an entry that ingest cut at the line-length limit', () => {
    const p = dockerJson.createParser();
    const cut = entry(`caf\u00e9 "quoted"\t${'x'.repeat(100)}\n`).slice(0, 40);
    const step = p.push({ ...lineOf(cut), flags: { truncated: true } });
    expect(step.accepted).toBe(true);
    const r = step.out[0] as ParsedRecord;
    expect(r.message).toBe('café "quoted"\t' + 'x'.repeat(r.message.length - 14));
    expect(r.fields).toEqual({ truncated: 'true' });
    expect(p.push(lineOf(cut)).accepted).toBe(false);
    // An escape cut in the middle is dropped rather than decoded wrongly.
    const escaped = p.push({ ...lineOf(String.raw`{"log":"snow \u2603 \/ \u26`), flags: { truncated: true } });
    expect((escaped.out[0] as ParsedRecord).message).toBe('snow ☃ / ');
  });

  it('rejects JSON without a log string and lines that are not JSON', () => {
    expect(run(['{"level":"info","ts":1568166948.8119395,"msg":"x"}', '{"log":1}', '{"log":"x\\n"', 'plain']).accepted).toEqual([false, false, false, false]);
  });
});

describe('docker-json sniff on other formats', () => {
  it('scores journal short, klog, logrus and zap lines at most 0.3', () => {
    const foreign = [
      'Oct 29 13:16:06 centos02 kubelet[4919]: I1029 13:16:06.471446    4919 kuberuntime_manager.go:751] Back-off 5m0s restarting failed container=alpine',
      'E1029 13:16:48.471488    4919 pod_workers.go:182] Error syncing pod cc89ef7c-bc47-11e7-85ce-901b0edee6b6',
      'time="2020-03-16T03:31:09.666371674-07:00" level=info msg="Starting k3s v1.17.3+k3s1 (5b17a175)"',
      // https://github.com/agola-io/agola/issues/107
      '{"level":"warn","ts":1568166948.8119395,"caller":"etcdserver/util.go:144","msg":"apply request took too long","took":0.101501094}',
    ];
    for (const line of foreign) expect(dockerJson.sniff(line), line).toBeLessThanOrEqual(0.3);
  });
});

describe('docker-json robustness', () => {
  it('never throws from sniff or push, and sniff stays in [0, 1]', () => {
    const line = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: 'binary' }).map((s) => `{"log":${s}`),
      fc.tuple(fc.string({ unit: 'binary' }), fc.string()).map(([log, stream]) => JSON.stringify({ log, stream, time: stream })),
    );
    expectNeverThrows(dockerJson, line);
  });

  it('parses a 1 MB entry (speed: bench/pathological-lines.mjs)', () => {
    const big = entry(`${'x'.repeat(1 << 20)}\n`);
    dockerJson.sniff(big);
    const out = records([big, `{"log":"${'\\'.repeat(1 << 20)}`]);
    expect(out[0]!.message.length).toBe(1 << 20);
  });
});
