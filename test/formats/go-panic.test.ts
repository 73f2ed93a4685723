import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { goPanic } from '../../src/formats/go-panic.js';
import type { LogLine } from '../../src/model/log-line.js';
import type { ParsedRecord } from '../../src/formats/log-format.js';
import { expectSampleRecord } from './expect-sample-record.js';
import { feedLines } from './feed-lines.js';

const src = { bundle: 'test', member: 'k3s.log' };
const lineOf = (text: string, lineNumber = 1): LogLine => ({ source: src, lineNumber, text });

const run = (lines: readonly string[]) => feedLines(goPanic, lines, { source: src });

// The shipped sample from https://github.com/kubernetes/minikube/issues/3555 (first frames) followed by a typical `created by` tail
const MINIKUBE_FRAMES = goPanic.samples.find((s) => s.source === 'https://github.com/kubernetes/minikube/issues/3555')?.lines ?? [];
const CRASH = [
  ...MINIKUBE_FRAMES,
  'created by k8s.io/minikube/pkg/minikube/bootstrapper.(*Runner).Start in goroutine 1',
  '\t/go/src/k8s.io/minikube/pkg/minikube/bootstrapper/runner.go:12 +0x1d',
];

describe('go-panic samples', () => {
  for (const sample of goPanic.samples) {
    it(`parses ${sample.source} as one critical record`, () => {
      const { out, accepted } = run(sample.lines);
      expect(accepted.every(Boolean)).toBe(true);
      expect(out).toHaveLength(1);
      const r = out[0] as ParsedRecord;
      expect(r.lineCount).toBe(sample.lines.length);
      expectSampleRecord(r, sample.expect);
      expect(goPanic.sniff(sample.lines[0])).toBeGreaterThan(0.5);
    });
  }
});

describe('go-panic blocks', () => {
  it('absorbs signal, blank, goroutine, frame, file and created-by lines into the panic record', () => {
    const { out, accepted } = run(CRASH);
    expect(accepted).toEqual(CRASH.map(() => true));
    expect(out).toHaveLength(1);
    const r = out[0] as ParsedRecord;
    expect(r).toMatchObject({ line: 1, lineCount: CRASH.length, severity: 'critical' });
    expect(r.message.split('\n')[0]).toBe(CRASH[0]);
    expect(r.message).toContain('vm_assets.go:230');
    expect(r.fields.panic).toBe('runtime error: invalid memory address or nil pointer dereference');
  });

  it('ends the block at the next log line and does not claim it', () => {
    const { out, accepted } = run([...CRASH, '', 'time="2025-03-14T14:25:20Z" level=info msg="Starting k3s v1.32.1+k3s1 (6a322f12)"']);
    expect(accepted.at(-1)).toBe(false);
    expect(out).toHaveLength(1);
    expect((out[0] as ParsedRecord).message.endsWith('+0x1d')).toBe(true);
  });

  it('starts a new record at a second panic and at fatal error', () => {
    const { out } = run(['panic: first', 'goroutine 1 [running]:', 'main.main()', 'fatal error: concurrent map writes', '', 'goroutine 7 [running]:']);
    expect(out).toHaveLength(2);
    expect((out[1] as ParsedRecord).fields.fatalError).toBe('concurrent map writes');
    expect((out[1] as ParsedRecord).lineCount).toBe(3);
  });

  it('keeps `fatal error: unexpected signal` with its runtime stack in one record', () => {
    // https://github.com/kubernetes/kubernetes/issues/92582 (journal envelope removed; the issue lost the tabs)
    const { out, accepted } = run([
      'fatal error: unexpected signal during runtime execution',
      '[signal SIGBUS: bus error code=0x80 addr=0x0 pc=0x1200480d4]',
      'runtime stack:',
      'runtime.throw(0x123e8140a, 0x2a)',
      '/usr/lib/golang/src/runtime/panic.go:608 +0x6c',
      'goroutine 1 [select, 124 minutes]:',
    ]);
    expect(accepted.every(Boolean)).toBe(true);
    expect(out).toHaveLength(1);
    expect((out[0] as ParsedRecord).fields.fatalError).toBe('unexpected signal during runtime execution');
  });

  it('rejects a lone stack frame or ordinary text without a panic line', () => {
    const p = goPanic.createParser();
    expect(p.push(lineOf('main.main()')).accepted).toBe(false);
    expect(p.push(lineOf('everything is fine')).accepted).toBe(false);
    expect(p.flush()).toHaveLength(0);
  });

  it('flags panic messages found in an envelope', () => {
    expect(goPanic.parsePayload('panic: assignment to entry in nil map')).toMatchObject({ severity: 'critical', fields: { panic: 'assignment to entry in nil map' } });
    expect(goPanic.parsePayload('I0102 15:04:05.067890    1234 a.go:1] no panic: here')).toBeUndefined();
  });

  it('scores envelope lines low', () => {
    expect(goPanic.sniff('Mar 14 06:12:03 host k3s[123]: panic: boom')).toBeLessThanOrEqual(0.3);
    expect(goPanic.sniff('2016-10-06T00:17:09.669794202Z stderr F panic: boom')).toBeLessThanOrEqual(0.3);
  });
});

describe('go-panic robustness', () => {
  it('never throws on arbitrary strings and sniff stays in [0,1]', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 200 }), { maxLength: 6 }), (strs) => {
        const p = goPanic.createParser();
        p.push(lineOf('panic: x'));
        for (const s of strs) {
          const score = goPanic.sniff(s);
          expect(score).toBeGreaterThanOrEqual(0);
          expect(score).toBeLessThanOrEqual(1);
          goPanic.parsePayload(s);
          p.push(lineOf(s));
        }
        p.flush();
      }),
      { numRuns: 500 },
    );
  });

  it('handles 1 MB lines of ( \\" and = without failing (speed: bench/pathological-lines.mjs)', () => {
    const p = goPanic.createParser();
    p.push(lineOf('panic: x'));
    for (const body of ['('.repeat(1 << 20), `a(${'('.repeat(1 << 20)}`, '\\"'.repeat(1 << 19), '='.repeat(1 << 20)]) {
      p.push(lineOf(body));
      goPanic.sniff(body);
    }
    p.flush();
  });
});

describe('go-panic size', () => {
  it('splits a huge goroutine dump into records of at most 20000 lines', () => {
    const dump = ['SIGQUIT: quit'];
    for (let g = 1; dump.length < 30_000; g++) dump.push(`goroutine ${g} [select]:`, 'main.loop()', '\t/src/main.go:10 +0x1d', '');
    const { out, accepted } = run(dump);
    expect(accepted.every(Boolean)).toBe(true);
    expect(out.length).toBeGreaterThan(1);
    expect(Math.max(...out.map((r) => (r as ParsedRecord).lineCount))).toBeLessThanOrEqual(20_000);
    expect(out.reduce((n, r) => n + (r as ParsedRecord).lineCount, 0)).toBeGreaterThan(29_990);
  });
});
