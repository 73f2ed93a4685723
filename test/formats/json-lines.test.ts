import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jsonLines } from '../../src/formats/json-lines.js';
import type { LogLine } from '../../src/model/log-line.js';
import type { ParsedRecord } from '../../src/formats/log-format.js';
import { feedLines } from './feed-lines.js';

const src = { bundle: 'test', member: 'etcd.log' };
const lineOf = (text: string, lineNumber = 1): LogLine => ({ source: src, lineNumber, text });

/** A single line is a record of its own: it comes out of push, and flush has nothing left. */
function one(text: string): ParsedRecord {
  const { out, accepted } = feedLines(jsonLines, [text], { source: src, flushEachLine: true });
  expect(accepted).toEqual([true]);
  expect(out).toHaveLength(1);
  return out[0] as ParsedRecord;
}

const epochOf = (text: string): number | undefined => {
  const t = one(text).time;
  return t?.kind === 'instant' ? t.epochMs : undefined;
};

describe('json-lines numeric levels', () => {
  it('reads pino levels, and no severity from a number outside every level (1e999 is Infinity)', () => {
    expect(one('{"level":60,"msg":"x"}').severity).toBe('critical');
    expect(one('{"level":50,"msg":"x"}').severity).toBe('error');
    for (const level of ['1e999', '-1e999', '1e300', '101']) expect(one(`{"level":${level},"msg":"x"}`).severity, level).toBeUndefined();
  });
});

describe('json-lines samples', () => {
  for (const sample of jsonLines.samples) {
    it(`parses ${sample.source}`, () => {
      const r = one(sample.lines[0]);
      if (sample.expect.severity) expect(r.severity).toBe(sample.expect.severity);
      if (sample.expect.message !== undefined) expect(r.message).toBe(sample.expect.message);
      if (sample.expect.time) {
        expect(r.time?.kind).toBe('instant');
        const want = sample.expect.time.kind === 'instant' ? sample.expect.time.epochMs : NaN;
        expect(r.time?.kind === 'instant' && r.time.epochMs).toBeCloseTo(want, 3);
      }
      if (sample.expect.fields) expect(r.fields).toMatchObject(sample.expect.fields);
      expect(jsonLines.sniff(sample.lines[0])).toBeGreaterThan(0.5);
    });
  }
});

describe('json-lines values', () => {
  it('keeps the etcd sent-request-id above 2^53 exact', () => {
    // https://github.com/k3s-io/k3s/issues/4787
    const r = one(
      '{"level":"warn","ts":"2022-03-17T17:23:34.581-0700","caller":"etcdserver/v3_server.go:815","msg":"waiting for ReadIndex response took too long, retrying","sent-request-id":9825868788154341894,"retry-timeout":"500ms"}',
    );
    expect(r.fields['sent-request-id']).toBe('9825868788154341894');
    expect(String(JSON.parse('9825868788154341894'))).not.toBe('9825868788154341894');
    expect(r.fields.caller).toBe('etcdserver/v3_server.go:815');
  });

  it('keeps big numbers exact inside nested objects too', () => {
    const r = one('{"level":"info","msg":"x","req":{"id":9825868788154341894,"ok":true},"list":[1,2]}');
    expect(r.fields.req).toBe('{"id":9825868788154341894,"ok":true}');
    expect(r.fields.list).toBe('[1,2]');
  });

  it('reads epoch seconds, milliseconds, microseconds and nanoseconds by magnitude', () => {
    const ms = Date.UTC(2024, 0, 2, 3, 4, 5, 678);
    expect(epochOf(`{"msg":"s","ts":${ms / 1000}}`)).toBeCloseTo(ms, 3);
    expect(epochOf(`{"msg":"ms","time":${ms}}`)).toBe(ms);
    expect(epochOf(`{"msg":"us","time":${ms * 1000}}`)).toBe(ms);
    expect(epochOf(`{"msg":"ns","time":${ms}000000}`)).toBe(ms);
  });

  it('reads ISO times with Z, +0800 and +08:00, and Go time.String()', () => {
    expect(epochOf('{"msg":"a","ts":"2020-06-30T01:17:40.457Z"}')).toBe(Date.UTC(2020, 5, 30, 1, 17, 40, 457));
    expect(epochOf('{"msg":"a","ts":"2021-02-16T12:45:47.948+0100"}')).toBe(Date.UTC(2021, 1, 16, 11, 45, 47, 948));
    expect(epochOf('{"msg":"a","time":"2023-09-24T23:18:06+08:00"}')).toBe(Date.UTC(2023, 8, 24, 15, 18, 6));
    expect(epochOf('{"msg":"a","time":"2020-04-20 11:20:38.5 +0200 CEST"}')).toBe(Date.UTC(2020, 3, 20, 9, 20, 38, 500));
  });

  it('maps zap, logrus and pino levels', () => {
    expect(one('{"level":"dpanic","msg":"x"}').severity).toBe('critical');
    expect(one('{"level":"fatal","msg":"x"}').severity).toBe('critical');
    expect(one('{"level":"warning","msg":"x"}').severity).toBe('warning');
    expect(one('{"level":"debug","msg":"x"}').severity).toBe('debug');
    expect(one('{"level":50,"time":1531171074631,"msg":"x"}').severity).toBe('error');
    expect(one('{"level":60,"time":1531171074631,"msg":"x"}').severity).toBe('critical');
    expect(one('{"level":20,"time":1531171074631,"msg":"x"}').severity).toBe('debug');
  });

  it('treats klog JSON error lines (err, no v) as errors', () => {
    const r = one('{"ts":1580306777.04728,"msg":"Failed to update statusUpdater","err":"timeout"}');
    expect(r.severity).toBe('error');
    expect(r.fields.err).toBe('timeout');
  });

  it('leaves error fields of info lines alone', () => {
    const r = one('{"level":"info","ts":1,"msg":"ok","error":null}');
    expect(r.severity).toBe('info');
    expect(r.fields.error).toBe('null');
  });
});

describe('json-lines rejects foreign objects', () => {
  const journal = '{"__CURSOR":"s=1","__REALTIME_TIMESTAMP":"1710396723000000","MESSAGE":"hello","PRIORITY":"6"}';
  const docker = '{"log":"2020-12-11 01:56:57.461628 W | etcdserver: x\\n","stream":"stderr","time":"2020-12-11T01:56:57.462000627Z"}';
  it('sniffs journal JSON and docker json-file at 0 and rejects them', () => {
    for (const t of [journal, docker]) {
      expect(jsonLines.sniff(t)).toBe(0);
      expect(jsonLines.createParser().push(lineOf(t)).accepted).toBe(false);
      expect(jsonLines.parsePayload(t)).toBeUndefined();
    }
  });

  it('rejects non-objects, arrays and broken JSON', () => {
    for (const t of ['[1,2]', '{"a":', 'plain', '"str"', '{"a":1} trailing']) {
      expect(jsonLines.createParser().push(lineOf(t)).accepted).toBe(false);
    }
  });

  it('keeps the whole text as the message of an object without a message key', () => {
    const t = '{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","verb":"get","requestReceivedTimestamp":"2024-01-02T03:04:05.000000Z"}';
    const r = one(t);
    expect(r.message).toBe(t);
    expect(r.severity).toBeUndefined();
    expect(r.fields.level).toBe('Metadata');
    expect(r.time).toEqual({ kind: 'instant', epochMs: Date.UTC(2024, 0, 2, 3, 4, 5) });
  });

  it('scores envelope lines low', () => {
    expect(jsonLines.sniff('Mar 14 06:12:03 host k3s[123]: {"level":"warn","ts":1,"msg":"x"}')).toBeLessThanOrEqual(0.3);
    expect(jsonLines.sniff('2016-10-06T00:17:09.669794202Z stdout F {"level":"warn","ts":1,"msg":"x"}')).toBeLessThanOrEqual(0.3);
  });
});

describe('json-lines payload', () => {
  it('finds zap JSON inside a k3s journal message', () => {
    // https://github.com/k3s-io/k3s/issues/2938 (journal envelope removed)
    const p = jsonLines.parsePayload(
      '{"level":"warn","ts":"2021-02-16T12:42:26.417+0100","caller":"etcdserver/util.go:163","msg":"apply request took too long","took":"635.944256ms","expected-duration":"100ms","prefix":"read-only range ","request":"key:\\"/registry/certificatesigningrequests/\\" range_end:\\"/registry/certificatesigningrequests0\\" count_only:true ","response":"range_response_count:0 size:6"}',
    );
    expect(p).toMatchObject({ format: 'json-lines', severity: 'warning', message: 'apply request took too long' });
    expect(p?.fields.request).toBe('key:"/registry/certificatesigningrequests/" range_end:"/registry/certificatesigningrequests0" count_only:true ');
  });
});

describe('json-lines robustness', () => {
  it('never throws on arbitrary strings or JSON values and sniff stays in [0,1]', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.json()), (s) => {
        const score = jsonLines.sniff(s);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
        jsonLines.parsePayload(s);
        const p = jsonLines.createParser();
        p.push(lineOf(s));
        p.push(lineOf(`{"msg":${JSON.stringify(s)},"ts":${s.length}}`));
        p.flush();
      }),
      { numRuns: 500 },
    );
  });

  it('parses 1 MB lines of \\" and = without failing (speed: bench/pathological-lines.mjs)', () => {
    const mb = 1 << 20;
    const inputs = [`{"msg":"${'\\"'.repeat(mb / 2)}","level":"info"}`, `{"msg":"${'='.repeat(mb)}"}`, `{"a":${'['.repeat(mb)}`];
    for (const t of inputs) {
      jsonLines.createParser().push(lineOf(t));
      if (!t.startsWith('{"a"')) expect(jsonLines.parsePayload(t)).toBeDefined();
      jsonLines.sniff(t);
    }
  });
});
