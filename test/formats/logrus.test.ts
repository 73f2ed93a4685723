import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { logrus } from '../../src/formats/logrus.js';
import type { LogLine } from '../../src/model/log-line.js';
import type { ParseOutput, ParsedRecord } from '../../src/formats/log-format.js';
import { expectSampleRecord } from './expect-sample-record.js';
import { feedLines } from './feed-lines.js';
import { journalFixtureLines } from '../journal-fixture.js';

const src = { bundle: 'test', member: 'containerd.log' };
const lineOf = (text: string, lineNumber = 1): LogLine => ({ source: src, lineNumber, text });

/** Feeds lines that must all be logrus: a rejected line fails the test. */
function parseAll(lines: readonly string[]): ParseOutput[] {
  const { out, accepted } = feedLines(logrus, lines, { source: src });
  expect(accepted).toEqual(lines.map(() => true));
  return out;
}

function one(text: string): ParsedRecord {
  const out = parseAll([text]);
  expect(out).toHaveLength(1);
  return out[0] as ParsedRecord;
}

describe('logrus samples', () => {
  for (const sample of logrus.samples) {
    it(`parses ${sample.source}`, () => {
      const out = parseAll(sample.lines);
      expect(out).toHaveLength(1);
      const r = out[0] as ParsedRecord;
      expectSampleRecord(r, sample.expect);
      expect(logrus.sniff(sample.lines[0])).toBeGreaterThan(0.5);
    });
  }
});

describe('logrus text', () => {
  it('unescapes Go-quoted values: \\" \\\\ \\n \\t \\u00e9 and \\x bytes', () => {
    const r = one('time="2024-01-02T03:04:05Z" level=error msg="a \\"b\\" c\\\\d\\ne\\tf caf\\u00e9 \\xc3\\xa9" error="x"');
    expect(r.message).toBe('a "b" c\\d\ne\tf café é');
    expect(r.fields.error).toBe('x');
  });

  it('keeps an empty bare value as an empty field and reads the next key', () => {
    const r = one('time="2019-06-28T16:41:33.005640836+01:00" level=info msg="starting containerd" revision= version=1.2.5+unknown');
    expect(r.fields).toEqual({ revision: '', version: '1.2.5+unknown' });
    expect(r.time).toEqual({ kind: 'instant', epochMs: Date.UTC(2019, 5, 28, 15, 41, 33) + 5.640836 });
  });

  it('accepts keys in any order', () => {
    const r = one('level=warning msg="disk pressure" node=n1 time="2024-01-02T03:04:05+02:00"');
    expect(r.severity).toBe('warning');
    expect(r.time).toEqual({ kind: 'instant', epochMs: Date.UTC(2024, 0, 2, 1, 4, 5) });
    expect(r.fields).toEqual({ node: 'n1' });
  });

  it('maps fatal and panic to critical and keeps error=<nil> as a field', () => {
    // wording from containerd/containerd#10848 as used in test/fixtures/journal/README.md
    const r = one(
      'time="2025-03-14T14:25:16.100000000Z" level=fatal msg="Failed to run CRI service" error="failed to recover state: failed to get metadata for stored sandbox \\"c8ba\\": not found"',
    );
    expect(r.severity).toBe('critical');
    expect(r.fields.error).toBe('failed to recover state: failed to get metadata for stored sandbox "c8ba": not found');
    expect(one('time="2024-01-02T03:04:05Z" level=panic msg=x').severity).toBe('critical');
    const benign = one('time="2024-01-02T03:04:05Z" level=info msg="stop pod sandbox" error=<nil>');
    expect(benign.severity).toBe('info');
    expect(benign.fields.error).toBe('<nil>');
  });

  it('parses the TTY form with ANSI colours and a message without fields', () => {
    const r = one('\x1b[36mINFO\x1b[0m[2023-12-18T13:14:00.604947603Z] NRI interface is disabled by configuration.  ');
    expect(r.message).toBe('NRI interface is disabled by configuration.');
    expect(r.fields).toEqual({});
    expect(r.time).toEqual({ kind: 'instant', epochMs: Date.UTC(2023, 11, 18, 13, 14, 0) + 604.947603 });
  });

  it('splits a long TTY message from its fields at the two-space gap', () => {
    // https://github.com/docker-library/docker/issues/467
    const r = one('INFO[2023-12-18T13:14:00.604591337Z] loading plugin "io.containerd.differ.v1.walking"...  type=io.containerd.differ.v1');
    expect(r.message).toBe('loading plugin "io.containerd.differ.v1.walking"...');
    expect(r.fields).toEqual({ type: 'io.containerd.differ.v1' });
  });

  it('gives INFO[0000] a process-relative time, not a wall-clock time', () => {
    const r = one('ERRO[0042] failed to start                               error="boom"');
    expect(r.time).toEqual({ kind: 'process-relative', seconds: 42 });
    expect(r.severity).toBe('error');
  });

  it('unescapes a k0s-wrapped containerd line once and keeps it as the message', () => {
    const s = logrus.samples.find((x) => x.source.includes('k0s'))!;
    const r = one(s.lines[0]);
    expect(r.component).toBe('containerd');
    const inner = logrus.parsePayload(r.message);
    expect(inner?.message).toBe('loading plugin "io.containerd.service.v1.namespaces-service"...');
  });

  it('rejects lines of other formats', () => {
    const p = logrus.createParser();
    expect(p.push(lineOf('I0324 23:32:14.798753    4243 kuberuntime_manager.go:1023] "x"')).accepted).toBe(false);
    expect(p.push(lineOf('time="unterminated level=info')).accepted).toBe(false);
    expect(p.push(lineOf('time="2024-01-02T03:04:05Z" level=chatty msg=x')).accepted).toBe(false);
  });
});

describe('logrus payload', () => {
  it('finds logrus inside a k3s journal message', () => {
    const p = logrus.parsePayload('time="2025-03-14T06:12:07Z" level=info msg="Starting k3s v1.32.1+k3s1 (6a322f12)"');
    expect(p).toMatchObject({ format: 'logrus', severity: 'info', message: 'Starting k3s v1.32.1+k3s1 (6a322f12)' });
    expect(p?.time).toEqual({ kind: 'instant', epochMs: Date.UTC(2025, 2, 14, 6, 12, 7) });
    expect(logrus.parsePayload('Started k3s.service - Lightweight Kubernetes.')).toBeUndefined();
  });

  it('parses every k3s logrus payload of the journal fixture', () => {
    const bodies = journalFixtureLines('incident-default.short-iso.txt')
      .map((l) => /^\S+ \S+ k3s\[\d+\]: (time=".*)$/.exec(l)?.[1])
      .filter((x): x is string => x !== undefined);
    expect(bodies.length).toBeGreaterThan(5);
    for (const b of bodies) {
      const p = logrus.parsePayload(b);
      expect(p, b).toBeDefined();
      expect(p?.time?.kind).toBe('instant');
    }
    expect(bodies.map((b) => logrus.parsePayload(b)!).some((p) => p.severity === 'critical' && p.fields.error?.includes('not found'))).toBe(true);
  });
});

describe('logrus sniff', () => {
  it('scores envelope lines low', () => {
    expect(logrus.sniff('Mar 14 06:12:03 host k3s[123]: time="2025-03-14T06:12:07Z" level=info msg="x"')).toBeLessThanOrEqual(0.3);
    expect(logrus.sniff('2016-10-06T00:17:09.669794202Z stdout F time="2025-03-14T06:12:07Z" level=info msg="x"')).toBeLessThanOrEqual(0.3);
  });
});

describe('logrus robustness', () => {
  it('never throws on arbitrary strings and sniff stays in [0,1]', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        const score = logrus.sniff(s);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
        logrus.parsePayload(s);
        const p = logrus.createParser();
        p.push(lineOf(s));
        p.push(lineOf(`time="${s}" level=info msg="${s}" k=${s}`));
        p.push(lineOf(`INFO[0000] ${s}  k=${s}`));
        p.flush();
      }),
      { numRuns: 500 },
    );
  });

  it('parses 1 MB lines of \\" , = and spaces without failing (speed: bench/pathological-lines.mjs)', () => {
    const mb = 1 << 20;
    const inputs = [
      `time="2024-01-02T03:04:05Z" level=info msg="${'\\"'.repeat(mb / 2)}"`,
      `time="2024-01-02T03:04:05Z" level=info msg=x ${'='.repeat(mb)}`,
      `INFO[0000] ${'a  '.repeat(mb / 3)}`,
      `INFO[0000] x${'  a=" '.repeat(mb / 6)}`,
    ];
    for (const t of inputs) {
      logrus.createParser().push(lineOf(t));
      logrus.parsePayload(t);
    }
  });
});

describe('logrus line endings', () => {
  it('accepts a CRLF line and keeps the last quoted value clean', () => {
    const r = one('time="2024-01-02T03:04:05Z" level=error msg="failed" error="boom"\r');
    expect(r.fields.error).toBe('boom');
  });
});

describe('logrus pairs', () => {
  it('keeps a time it cannot read as a field where it stood, level and msg taken out', () => {
    const r = one('time="half past nine" level=warning msg="disk pressure" node=n1');
    expect(r.time).toBeUndefined();
    expect(r.message).toBe('disk pressure');
    expect(Object.entries(r.fields)).toEqual([['time', 'half past nine'], ['node', 'n1']]);
  });

  it('reads a repeated key as its last value, in the place it first appeared', () => {
    const r = one('time="2024-01-02T03:04:05Z" level=info msg=first pod=p1 node=n1 pod=p2 msg=second');
    expect(r.message).toBe('second');
    expect(Object.entries(r.fields)).toEqual([['pod', 'p2'], ['node', 'n1']]);
    const twice = one('time="2024-01-02T03:04:05Z" level=info msg=x time="2024-01-02T03:04:06Z"');
    expect(twice.time).toEqual({ kind: 'instant', epochMs: Date.UTC(2024, 0, 2, 3, 4, 6) });
    expect(twice.fields).toEqual({});
  });

  it('gives a journal message the same reading as the line it would be in a file', () => {
    // https://github.com/containerd/containerd/pull/9104
    const text = 'time="2023-09-24T23:18:06.488717812+08:00" level=info msg="loading plugin \\"io.containerd.service.v1.containers-service\\"..." type=io.containerd.service.v1';
    const r = one(text);
    const p = logrus.parsePayload(text)!;
    expect(p).toEqual({ format: 'logrus', time: r.time, severity: r.severity, component: undefined, message: r.message, fields: r.fields });
    expect(Object.keys(p)).toEqual(['format', 'time', 'severity', 'component', 'message', 'fields']);
  });

  it('reads any sequence of pairs as the pairs in order, without level, msg and a readable time', () => {
    const key = fc.constantFrom('time', 'level', 'msg', 'pod', 'node', 'component', 'err', '1', '__proto__');
    const value = fc.constantFrom('info', 'error', 'bogus', '"2024-01-02T03:04:05Z"', '"not a time"', '"a b"', '', 'x=y');
    fc.assert(
      fc.property(fc.array(fc.tuple(key, value), { minLength: 1, maxLength: 8 }), (pairs) => {
        const text = `level=info ${pairs.map(([k, v]) => `${k}=${v}`).join(' ')}`;
        // The model: every pair assigned in order (a later value wins, the first place stays), as Go's reader does.
        const all: Record<string, string> = {};
        for (const [k, v] of [['level', 'info'], ...pairs] as const) all[k] = v.startsWith('"') ? v.slice(1, -1) : v;
        const timeRead = all.time !== undefined && all.time.startsWith('2024');
        const expected = Object.entries(all).filter(([k]) => k !== 'level' && k !== 'msg' && !(k === 'time' && timeRead));
        const accepted = (all.level === 'info' || all.level === 'error') && (all.msg !== undefined || all.time !== undefined);
        const p = logrus.parsePayload(text);
        if (!accepted) {
          expect(p).toBeUndefined();
          return;
        }
        expect(p).toBeDefined();
        expect(Object.entries(p!.fields)).toEqual(expected);
        expect(p!.message).toBe(all.msg ?? '');
        expect(p!.time).toEqual(timeRead ? { kind: 'instant', epochMs: Date.UTC(2024, 0, 2, 3, 4, 5) } : undefined);
        expect(p!.component).toBe(all.component || undefined);
      }),
      { numRuns: 2000 },
    );
  });
});
