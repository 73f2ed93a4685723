import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { klog } from '../../src/formats/klog.js';
import type { LogLine } from '../../src/model/log-line.js';
import type { ParsedRecord } from '../../src/formats/log-format.js';
import { expectSampleRecord } from './expect-sample-record.js';
import { feedLines, recordsOf } from './feed-lines.js';
import { journalFixtureLines } from '../journal-fixture.js';

const src = { bundle: 'test', member: 'kubelet.log' };
const lineOf = (text: string, lineNumber = 1): LogLine => ({ source: src, lineNumber, text });

const run = (lines: readonly string[]) => feedLines(klog, lines, { source: src });

const records = (lines: readonly string[]): ParsedRecord[] => recordsOf(run(lines).out);

describe('klog samples', () => {
  for (const sample of klog.samples) {
    it(`parses ${sample.source}`, () => {
      const out = records(sample.lines);
      expect(out).toHaveLength(1);
      const r = out[0];
      expect(r.lineCount).toBe(sample.lines.length);
      expectSampleRecord(r, sample.expect);
      expect(klog.sniff(sample.lines[0])).toBeGreaterThan(0.5);
    });
  }
});

describe('klog header', () => {
  it('reads a year-less wall time with microseconds and a padded thread id', () => {
    const [r] = records(['W0314 13:43:51.000123     812 reflector.go:561] watch of *v1.Pod ended with: an error on the server']);
    expect(r.time).toEqual({ kind: 'wall', wall: { month: 3, day: 14, hour: 13, minute: 43, second: 51, millis: 0.123 } });
    expect(r.severity).toBe('warning');
    expect(r.pid).toBe(812);
    expect(r.fields.caller).toBe('reflector.go:561');
    expect(r.message).toBe('watch of *v1.Pod ended with: an error on the server');
  });

  it('accepts a pid wider than the padding and an add_dir_header path', () => {
    const [r] = records(['F0102 15:04:05.067890 12345678 server/app.go:7] fatal thing']);
    expect(r.severity).toBe('critical');
    expect(r.pid).toBe(12345678);
    expect(r.fields.caller).toBe('server/app.go:7');
  });
});

describe('klog structured', () => {
  it('unquotes the message and reads quoted, bare and object values incl. err', () => {
    const [r] = records([
      'E0314 14:25:20.123456    1187 kuberuntime_sandbox.go:72] "Failed to create sandbox for pod" err="rpc error: code = Unknown desc = failed to \\"setup\\"" pod="kube-system/coredns-1" attempt=3 ready=false obj={"kind":"Pod","name":"a b"}',
    ]);
    expect(r.message).toBe('Failed to create sandbox for pod');
    expect(r.fields).toMatchObject({
      err: 'rpc error: code = Unknown desc = failed to "setup"',
      pod: 'kube-system/coredns-1',
      attempt: '3',
      ready: 'false',
      obj: '{"kind":"Pod","name":"a b"}',
    });
  });

  it('keeps err=<nil>-like bare values as fields', () => {
    const [r] = records(['I0314 14:25:20.123456    1187 x.go:1] "Stopped" err=<nil> pod="a/b"']);
    expect(r.severity).toBe('info');
    expect(r.fields.err).toBe('<nil>');
    expect(r.fields.pod).toBe('a/b');
  });

  it('joins a multi-line key=< value and reads pairs after the closing >', () => {
    const out = records([
      'I0102 15:04:05.067890    1234 klog_test.go:42] "hello" multiLine=<',
      '\tfirst value line',
      '\tsecond value line',
      ' > after="yes"',
      'I0102 15:04:06.000000    1234 klog_test.go:43] next',
    ]);
    expect(out).toHaveLength(2);
    expect(out[0].fields).toMatchObject({ multiLine: 'first value line\nsecond value line', after: 'yes' });
    expect(out[0].lineCount).toBe(4);
    expect(out[1].message).toBe('next');
    expect(out[1].line).toBe(5);
  });

  it('treats a message that is not a complete quoted string as unstructured', () => {
    const [r] = records(['I0102 15:04:05.067890    1234 a.go:1] "half quoted and more']);
    expect(r.message).toBe('"half quoted and more');
  });
});

describe('klog continuation', () => {
  it('joins Trace[...] and unstructured continuation lines into the record', () => {
    const s = klog.samples.find((x) => x.source.includes('759'))!;
    const { out, accepted } = run([...s.lines, 'I0420 11:20:49.000000    1590 a.go:1] next']);
    expect(accepted).toEqual([true, true, true]);
    expect(out).toHaveLength(2);
    expect((out[0] as ParsedRecord).message.endsWith('END')).toBe(true);
  });

  it('keeps the goroutine stack of "Observed a panic" inside the klog record', () => {
    // https://github.com/k3s-io/k3s/issues/5762 (journal envelope removed)
    const { out } = run([
      'E0624 09:35:57.219367    7213 runtime.go:78] Observed a panic: "invalid memory address or nil pointer dereference" (runtime error: invalid memory address or nil pointer dereference)',
      'goroutine 23246 [running]:',
      'k8s.io/apimachinery/pkg/util/runtime.logPanic({0x413c6e0, 0x7a1ac70})',
      '        /go/pkg/mod/github.com/k3s-io/kubernetes/staging/src/k8s.io/apimachinery@v1.23.6-k3s1/pkg/util/runtime/runtime.go:74 +0x7d',
    ]);
    expect(out).toHaveLength(1);
    expect((out[0] as ParsedRecord).lineCount).toBe(4);
  });

  it('rejects a line that starts another format and emits the pending record', () => {
    const p = klog.createParser();
    expect(p.push(lineOf('I0102 15:04:05.067890    1234 a.go:1] before crash', 1)).accepted).toBe(true);
    const step = p.push(lineOf('panic: runtime error: index out of range [3] with length 3', 2));
    expect(step.accepted).toBe(false);
    expect(step.out).toHaveLength(1);
    expect(p.flush()).toHaveLength(0);
    expect(klog.createParser().push(lineOf('just text')).accepted).toBe(false);
  });

  it('ends the record at cobra\'s headerless "Error: " line, a blank line between or not', () => {
    // https://github.com/microsoft/pai/issues/450 (kubelet 1.9 refusing to start: klog line, blank line, cobra's error)
    const { out, accepted } = run([
      'I0410 08:57:54.409320   15727 server.go:428] --cgroups-per-qos enabled, but --cgroup-root was not specified.  defaulting to /',
      '',
      'Error: failed to run Kubelet: Running with swap on is not supported, please disable swap! or set --fail-swap-on flag to false.',
    ]);
    expect(accepted).toEqual([true, true, false]);
    expect(out).toHaveLength(1);
    expect((out[0] as ParsedRecord).message).not.toContain('Error:');
  });
});

describe('klog payload', () => {
  it('parses a klog payload after a journal envelope', () => {
    const p = klog.parsePayload(
      'I0324 23:32:14.798753    4243 kuberuntime_manager.go:1023] "SyncPod received new pod, will create a sandbox for it" pod="ns/p"',
    );
    expect(p).toMatchObject({ format: 'klog', severity: 'info', message: 'SyncPod received new pod, will create a sandbox for it' });
    expect(p?.fields.pod).toBe('ns/p');
    expect(klog.parsePayload('Started k3s.service')).toBeUndefined();
  });

  it('parses every kubelet klog payload of the journal fixture', () => {
    const bodies = journalFixtureLines('incident-default.short-iso.txt')
      .map((l) => /^\S+ \S+ k3s\[\d+\]: ([IWEF]\d{4} .*)$/.exec(l)?.[1])
      .filter((x): x is string => x !== undefined);
    expect(bodies.length).toBeGreaterThan(3);
    const payloads = bodies.map((b) => klog.parsePayload(b));
    for (const [i, p] of payloads.entries()) {
      expect(p, bodies[i]).toBeDefined();
      expect(p?.fields.caller).toMatch(/^\w+\.go:\d+$/);
      expect(p?.message.startsWith('"')).toBe(false);
    }
    expect(payloads.some((p) => p?.severity === 'warning')).toBe(true);
  });

  it('scores envelope lines low', () => {
    expect(klog.sniff('Mar 14 06:12:03 host k3s[123]: I0314 06:12:03.000000     123 a.go:1] x')).toBeLessThanOrEqual(0.3);
    expect(klog.sniff('2016-10-06T00:17:09.669794202Z stdout F I1006 00:17:09.669794       1 a.go:1] x')).toBeLessThanOrEqual(0.3);
  });
});

describe('klog robustness', () => {
  it('never throws on arbitrary strings and sniff stays in [0,1]', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 200 }), { maxLength: 5 }), (strs) => {
        const p = klog.createParser();
        for (const s of strs) {
          const score = klog.sniff(s);
          expect(score).toBeGreaterThanOrEqual(0);
          expect(score).toBeLessThanOrEqual(1);
          klog.parsePayload(s);
          p.push(lineOf(s));
          p.push(lineOf(`I0102 15:04:05.067890    1234 a.go:1] "${s}" k=${s} o={${s}`));
        }
        p.flush();
      }),
      { numRuns: 300 },
    );
  });

  it('parses 1 MB lines of \\" , = and { without failing (speed: bench/pathological-lines.mjs)', () => {
    const mb = 1 << 20;
    const head = 'I0102 15:04:05.067890    1234 a.go:1] ';
    const inputs = [`${head}"${'\\"'.repeat(mb / 2)}"`, `${head}"m" ${'='.repeat(mb)}`, `${head}"m" o=${'{'.repeat(mb)}`, `${head}"m" ${'a="x" '.repeat(mb / 6)}`];
    for (const t of inputs) {
      klog.createParser().push(lineOf(t));
      expect(klog.parsePayload(t)?.message.length).toBeGreaterThan(0);
    }
  });
});

describe('klog file preamble', () => {
  it('reads the year and host from the header klog writes at the top of a log file', () => {
    // the four lines kubernetes/klog writes when it opens a log file (klog.go, syncBuffer.rotateFile)
    const out = records([
      'Log file created at: 2020/04/20 11:20:38',
      'Running on machine: k3s-node-03',
      'Binary: Built with gc go1.13.8 for linux/amd64',
      'Log line format: [IWEF]mmdd hh:mm:ss.uuuuuu threadid file:line] msg',
      'I0420 11:20:48.213953    1590 server.go:1] first',
    ]);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({ lineCount: 4, host: 'k3s-node-03', fields: { binary: 'Built with gc go1.13.8 for linux/amd64' } });
    expect(out[0].time).toEqual({ kind: 'wall', wall: { year: 2020, month: 4, day: 20, hour: 11, minute: 20, second: 38, millis: 0 } });
    expect(out[1].message).toBe('first');
    expect(klog.sniff('Log file created at: 2020/04/20 11:20:38')).toBeGreaterThan(0.5);
  });

  it('does not swallow ordinary text after the preamble', () => {
    const { accepted } = run(['Log file created at: 2020/04/20 11:20:38', 'something else']);
    expect(accepted).toEqual([true, false]);
  });
});

describe('klog record size', () => {
  it('stops joining continuation lines after 5000 lines', () => {
    const lines = ['E0102 15:04:05.067890    1234 a.go:1] dump follows', ...Array.from({ length: 6000 }, (_, i) => `row ${i}`)];
    const { out, accepted } = run(lines);
    expect(accepted.indexOf(false)).toBe(5000);
    expect((out[0] as ParsedRecord).lineCount).toBe(5000);
  });
});

// The header regex klog parsing was first written with: the character-position reader must draw the same borders.
const HEADER_REFERENCE = /^([IWEF])(\d{2})(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{6}) +(\d+) ([^:\]\s]+):(\d+)\] ?/;
const SEVERITY_REFERENCE = { I: 'info', W: 'warning', E: 'error', F: 'critical' } as const;

function referenceHead(raw: string): unknown {
  const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  const m = HEADER_REFERENCE.exec(text);
  if (!m) return undefined;
  const [month, day, hour, minute, second] = m.slice(2, 7).map(Number) as [number, number, number, number, number];
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 60)) return undefined;
  return {
    severity: SEVERITY_REFERENCE[m[1] as keyof typeof SEVERITY_REFERENCE],
    time: { kind: 'wall', wall: { month, day, hour, minute, second, millis: Number(m[7]) / 1000 } },
    pid: Number(m[8]),
    caller: `${m[9]}:${m[10]}`,
    message: text.slice(m[0].length),
  };
}

describe('klog header reader against the reference regex', () => {
  const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^\\d{${min},${max}}$`));
  // Mostly well-formed parts, each sometimes broken, so both the accepted and the refused paths are exercised.
  const pad2 = (n: number) => String(n).padStart(2, '0');
  const often = <T,>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<T>) => fc.oneof({ arbitrary: good, weight: 6 }, { arbitrary: bad, weight: 1 });
  const header = fc
    .tuple(
      often(fc.constantFrom('I', 'W', 'E', 'F'), fc.constantFrom('X', 'i', ' ')),
      often(fc.integer({ min: 1, max: 12 }).map(pad2), digits(1, 3)),
      often(fc.integer({ min: 1, max: 31 }).map(pad2), digits(1, 3)),
      often(fc.constant(' '), fc.constantFrom('  ', 'T')),
      often(fc.integer({ min: 0, max: 23 }).map(pad2), digits(1, 3)),
      often(fc.constant(':'), fc.constant('.')),
      often(fc.integer({ min: 0, max: 59 }).map(pad2), digits(1, 3)),
      fc.constant(':'),
      often(fc.integer({ min: 0, max: 60 }).map(pad2), digits(1, 3)),
      often(fc.constant('.'), fc.constant(',')),
      often(digits(6, 6), digits(5, 7)),
      often(fc.constantFrom(' ', '    '), fc.constantFrom('', '\t')),
      often(digits(1, 8), fc.oneof(digits(16, 22), fc.constant(''))),
      often(fc.constant(' '), fc.constantFrom('  ', '\u00a0')),
      often(fc.constantFrom('kubelet.go', 'server/app.go', 'dir/ä.go'), fc.constantFrom('', 'a b.go', 'x]y.go', 'a\u2028b.go')),
      often(fc.constant(':'), fc.constantFrom('::', ';')),
      often(digits(1, 5), fc.constant('')),
      often(fc.constantFrom('] ', ']', ']  ', ']"quoted" k=v', '] plain message'), fc.constantFrom(' ]', '] "unclosed')),
      fc.constantFrom('', '\r'),
    )
    .map((parts) => parts.join(''));

  it('reads severity, time, pid, caller and message exactly as the regex did, or refuses the same lines', () => {
    fc.assert(
      fc.property(header, (text) => {
        const expected = referenceHead(text) as { message: string } | undefined;
        const payload = klog.parsePayload(text);
        if (expected === undefined) {
          expect(payload).toBeUndefined();
          return;
        }
        expect(payload).toBeDefined();
        const { severity, time, fields } = payload!;
        const [r] = records([text]);
        expect({ severity, time, pid: r?.pid, caller: fields.caller, message: expected.message.startsWith('"') ? expected.message : payload!.message })
          .toStrictEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });
});
