import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { capnslog } from '../../src/formats/capnslog.js';
import type { LogLine } from '../../src/model/log-line.js';
import type { ParsedRecord } from '../../src/formats/log-format.js';
import { expectSampleRecord } from './expect-sample-record.js';
import { feedLines } from './feed-lines.js';

const src = { bundle: 'test', member: 'etcd.log' };
const lineOf = (text: string, lineNumber = 1): LogLine => ({ source: src, lineNumber, text });

function one(text: string): ParsedRecord {
  const { out, accepted } = feedLines(capnslog, [text], { source: src });
  expect(accepted).toEqual([true]);
  expect(out).toHaveLength(1);
  return out[0] as ParsedRecord;
}

describe('capnslog samples', () => {
  for (const sample of capnslog.samples) {
    it(`parses ${sample.source}`, () => {
      const r = one(sample.lines[0]);
      expectSampleRecord(r, sample.expect);
      // capnslog has no fields beyond the package: nothing else may appear.
      if (sample.expect.fields) expect(r.fields).toEqual(sample.expect.fields);
      expect(capnslog.sniff(sample.lines[0])).toBeGreaterThan(0.5);
    });
  }
});

describe('capnslog lines', () => {
  it('gives a wall time with the year but no zone', () => {
    const r = one('2019-04-15 08:43:34.873327 W | etcdserver: failed to send out heartbeat on time');
    expect(r.time).toEqual({ kind: 'wall', wall: { year: 2019, month: 4, day: 15, hour: 8, minute: 43, second: 34, millis: 873.327 } });
    expect(r.time?.kind === 'wall' ? r.time.wall.offsetMinutes : 'x').toBeUndefined();
  });

  it('maps D/I/N/W/E/C levels', () => {
    const sev = (l: string) => one(`2019-04-15 08:43:34.873327 ${l} | etcdmain: x`).severity;
    expect(['D', 'I', 'N', 'W', 'E', 'C'].map(sev)).toEqual(['debug', 'info', 'info', 'warning', 'error', 'critical']);
  });

  it('keeps a message without a package prefix whole', () => {
    const r = one('2019-04-15 08:43:34.873327 I | ready to serve client requests');
    expect(r.message).toBe('ready to serve client requests');
    expect(r.fields).toEqual({});
  });

  it('rejects other formats and bad dates', () => {
    const p = capnslog.createParser();
    expect(p.push(lineOf('2019-13-15 08:43:34.873327 W | etcdserver: x')).accepted).toBe(false);
    expect(p.push(lineOf('2019-04-15 08:43:34.873327 X | etcdserver: x')).accepted).toBe(false);
    expect(p.push(lineOf('raft 2024/02/17 09:53:15 INFO: ac4ec652f10e5b49 became follower at term 3')).accepted).toBe(false);
    expect(p.flush()).toHaveLength(0);
  });

  it('parses a capnslog payload and scores envelope lines low', () => {
    const p = capnslog.parsePayload('2020-12-11 01:56:57.461628 W | etcdserver: read-only range request took too long');
    expect(p).toMatchObject({ format: 'capnslog', severity: 'warning', fields: { pkg: 'etcdserver' } });
    expect(capnslog.parsePayload('hello')).toBeUndefined();
    expect(capnslog.sniff('Mar 14 06:12:03 host etcd[123]: 2019-04-15 08:43:34.873327 W | etcdserver: x')).toBeLessThanOrEqual(0.3);
    expect(capnslog.sniff('2016-10-06T00:17:09.669794202Z stderr F 2019-04-15 08:43:34.873327 W | etcdserver: x')).toBeLessThanOrEqual(0.3);
  });
});

describe('capnslog robustness', () => {
  it('never throws on arbitrary strings and sniff stays in [0,1]', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        for (const t of [s, `2019-04-15 08:43:34.873327 W | ${s}`]) {
          const score = capnslog.sniff(t);
          expect(score).toBeGreaterThanOrEqual(0);
          expect(score).toBeLessThanOrEqual(1);
          capnslog.parsePayload(t);
          capnslog.createParser().push(lineOf(t));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('parses 1 MB lines of \\" and = without failing (speed: bench/pathological-lines.mjs)', () => {
    for (const body of ['\\"'.repeat(1 << 19), '='.repeat(1 << 20), 'a:'.repeat(1 << 19)]) {
      expect(capnslog.createParser().push(lineOf(`2019-04-15 08:43:34.873327 W | ${body}`)).accepted).toBe(true);
      capnslog.sniff(body);
    }
  });
});
