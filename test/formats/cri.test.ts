import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cri } from '../../src/formats/cri.js';
import { rfc3339Instant } from '../../src/formats/rfc3339-instant.js';
import { dockerJson } from '../../src/formats/docker-json.js';
import { syslog } from '../../src/formats/syslog.js';
import { dmesg } from '../../src/formats/dmesg.js';
import { dmesgHuman } from '../../src/formats/dmesg-human.js';
import { plainText } from '../../src/formats/plain-text.js';
import type { LogLine } from '../../src/model/log-line.js';
import type { ParsedRecord } from '../../src/formats/log-format.js';
import { expectNeverThrows, prefixedLine } from './expect-never-throws.js';
import { expectSniffWins } from './expect-sniff-wins.js';
import { feedLines, recordsOf } from './feed-lines.js';
import { journalFixtureLines } from '../journal-fixture.js';

const src = { bundle: 'bundle.tgz', member: 'var/log/pods/kube-system_etcd-master2_0f1e/etcd/0.log' };
const lineOf = (text: string, lineNumber = 1): LogLine => ({ source: src, lineNumber, text });

const run = (lines: readonly string[]) => feedLines(cri, lines, { source: src });
const records = (lines: readonly string[]): ParsedRecord[] => recordsOf(run(lines).out);

const others = [dockerJson, syslog, dmesg, dmesgHuman, plainText];

describe('cri samples', () => {
  for (const sample of cri.samples) {
    it(`parses ${sample.source}: ${sample.lines[0]!.slice(0, 50)}`, () => {
      const out = records(sample.lines);
      expect(out).toHaveLength(1);
      const r = out[0]!;
      expect(r.format).toBe('cri');
      expect(r.hasPayload).toBe(true);
      expect(r.severity).toBeUndefined();
      // With a payload, the sample's message is the payload's (checked by formats.test.ts); the envelope keeps it whole.
      if (sample.expect.message !== undefined) {
        if (sample.expect.payloadFormat) expect(r.message).toContain(sample.expect.message);
        else expect(r.message).toBe(sample.expect.message);
      }
      if (sample.expect.time) expect(r.time).toEqual(sample.expect.time);
      if (sample.expect.fields) expect(r.fields).toMatchObject(sample.expect.fields);
      expectSniffWins(cri, sample.lines[0]!, others, 0.4);
    });
  }
});

describe('cri partial lines', () => {
  it('joins partial CRI chunks until F into one record spanning every chunk', () => {
    const out = records([
      '2017-11-17T07:08:25.666705234Z stdout P aaaa',
      '2017-11-17T07:08:25.666721541Z stdout P bbbb',
      '2017-11-17T07:08:25.666742350Z stdout F cccc',
    ]);
    expect(out).toHaveLength(1);
    expect(out[0]!.message).toBe('aaaabbbbcccc');
    expect(out[0]!.line).toBe(1);
    expect(out[0]!.lineCount).toBe(3);
    expect(out[0]!.fields.partial).toBeUndefined();
    expect(out[0]!.time).toEqual({ kind: 'instant', epochMs: Date.UTC(2017, 10, 17, 7, 8, 25) + 666.705234 });
  });

  it('joins chunks per stream when stdout and stderr interleave', () => {
    const out = records([
      '2024-05-02T10:00:00.1+02:00 stdout P {"level":"info",',
      '2024-05-02T10:00:00.2+02:00 stderr F E0502 10:00:00.200000       1 main.go:10] boom',
      '2024-05-02T10:00:00.3+02:00 stdout F "msg":"ok"}',
    ]);
    expect(out.map((r) => [r.fields.stream, r.message, r.line, r.lineCount])).toEqual([
      ['stderr', 'E0502 10:00:00.200000       1 main.go:10] boom', 2, 1],
      ['stdout', '{"level":"info","msg":"ok"}', 1, 2],
    ]);
  });

  it('flushes a P run cut by the end of the file and flags it partial', () => {
    // https://github.com/containers/conmon/issues/252: the container exits without a newline
    const out = records(['2021-03-29T21:16:20.753110058-04:00 stdout P blah ']);
    expect(out).toHaveLength(1);
    expect(out[0]!.message).toBe('blah ');
    expect(out[0]!.fields).toEqual({ stream: 'stdout', partial: 'true' });
    expect(out[0]!.time).toEqual({ kind: 'instant', epochMs: Date.UTC(2021, 2, 30, 1, 16, 20) + 753.110058 });
  });

  it('keeps an empty F line that ends a run (conmon writes `stdout F` with no content)', () => {
    const out = records(['2021-03-29T21:16:20.753110058-04:00 stdout P blah', '2021-03-29T21:16:20.753110059-04:00 stdout F']);
    expect(out).toHaveLength(1);
    expect(out[0]!.message).toBe('blah');
    expect(out[0]!.lineCount).toBe(2);
  });

  it('flags a record whose chunk ingest cut at the line-length limit', () => {
    const p = cri.createParser();
    p.push({ ...lineOf('2024-05-02T10:00:00Z stdout P aaaa', 1), flags: { truncated: true } });
    const step = p.push(lineOf('2024-05-02T10:00:01Z stdout F bbbb', 2));
    expect((step.out[0] as ParsedRecord).fields).toEqual({ stream: 'stdout', truncated: 'true' });
    const single = p.push({ ...lineOf('2024-05-02T10:00:02Z stderr F cccc', 3), flags: { truncated: true } });
    expect((single.out[0] as ParsedRecord).fields).toEqual({ stream: 'stderr', truncated: 'true' });
  });

  it('keeps extra tags after the P/F flag', () => {
    const out = records(['2023-01-01T00:00:00Z stdout F:x:y hello']);
    expect(out[0]!.fields).toEqual({ stream: 'stdout', tags: 'x:y' });
    expect(out[0]!.message).toBe('hello');
  });
});

describe('cri timestamps', () => {
  it('reads any fraction length, no fraction, Z or a local offset', () => {
    const times = records([
      '2021-09-24T18:38:10+08:00 stdout F a',
      '2021-09-24T10:38:10.5Z stdout F b',
      '2021-09-24T10:38:10.1234567Z stdout F c',
    ]).map((r) => r.time);
    const base = Date.UTC(2021, 8, 24, 10, 38, 10);
    expect(times).toEqual([
      { kind: 'instant', epochMs: base },
      { kind: 'instant', epochMs: base + 500 },
      { kind: 'instant', epochMs: base + 123.4567 },
    ]);
  });

  it('rejects a line whose date is impossible', () => {
    expect(run(['2021-13-24T10:38:10Z stdout F x']).accepted).toEqual([false]);
  });
});

describe('kubectl logs --timestamps variant', () => {
  it('parses the RFC3339NanoFixed prefix without a stream', () => {
    const out = records(['2024-02-01T08:00:00.000000000Z I0201 08:00:00.000000       1 leaderelection.go:248] attempting to acquire leader lease']);
    expect(out[0]!.fields.stream).toBeUndefined();
    expect(out[0]!.message).toBe('I0201 08:00:00.000000       1 leaderelection.go:248] attempting to acquire leader lease');
    expect(out[0]!.time).toEqual({ kind: 'instant', epochMs: Date.UTC(2024, 1, 1, 8) });
  });

  it('scores below real CRI lines and below 0.3 on rsyslog RFC3339 file lines', () => {
    const variant = cri.sniff('2017-05-18T18:16:07.094861927Z time="2017-05-18T18:16:07Z" level=debug msg="x"');
    expect(variant).toBeGreaterThan(0.5);
    expect(variant).toBeLessThan(cri.sniff('2017-05-18T18:16:07.094861927Z stdout F x'));
    // https://github.com/log2timeline/plaso/issues/3002
    expect(cri.sniff('2020-05-31T00:00:45.738158+00:00 localhost systemd[1]: Reloaded System Logging Service.')).toBeLessThanOrEqual(0.3);
    // journalctl -o short-iso --no-hostname, as microk8s inspect collects it
    expect(cri.sniff('2023-12-16T04:14:34Z systemd[1]: Started Service for snap application microk8s.daemon-kubelite.')).toBeLessThanOrEqual(0.3);
    expect(cri.sniff('2024-02-01T08:00:00.123Z Error: connection refused')).toBeGreaterThan(0.3);
  });

  it('rejects lines that are not CRI at all', () => {
    expect(run(['time="2020-03-16T03:31:09.666371674-07:00" level=info msg="Starting k3s"', 'plain words']).accepted).toEqual([false, false]);
  });
});

describe('cri sniff on other formats', () => {
  const foreign = [
    // https://github.com/kubernetes/kubernetes/issues/54760
    'Oct 29 13:16:06 centos02 kubelet[4919]: I1029 13:16:06.471446    4919 kuberuntime_manager.go:751] Back-off 5m0s restarting failed container=alpine pod=alpine-368057524-bgt0m_default(cc89ef7c-bc47-11e7-85ce-901b0edee6b6)',
    'E1029 13:16:48.471488    4919 pod_workers.go:182] Error syncing pod cc89ef7c-bc47-11e7-85ce-901b0edee6b6',
    // https://github.com/k3s-io/k3s/issues/1545
    'time="2020-03-16T03:31:09.666371674-07:00" level=info msg="Starting k3s v1.17.3+k3s1 (5b17a175)"',
  ];
  it('scores journal short, klog and logrus lines at most 0.3', () => {
    for (const line of foreign) expect(cri.sniff(line), line).toBeLessThanOrEqual(0.3);
  });

  it('scores every real journalctl short-iso and short-precise line at most 0.3 (test/fixtures/journal)', () => {
    for (const name of ['incident-default.short-iso.txt', 'incident-default.short-precise.txt']) {
      for (const line of journalFixtureLines(name)) expect(cri.sniff(line), line).toBeLessThanOrEqual(0.3);
    }
  });
});

describe('cri robustness', () => {
  const prefixes = ['', '2021-09-24T18:38:10.702348795+08:00 ', '2021-09-24T18:38:10Z stdout P ', '2021-09-24T18:38:10Z stderr F ', '2021-09-24T18:38:10Z stdout '];
  const arbitraryLine = prefixedLine(prefixes);

  it('never throws from sniff or push, and sniff stays in [0, 1]', () => {
    expectNeverThrows(cri, arbitraryLine);
  });

  it('parses a 1 MB line (speed: bench/pathological-lines.mjs)', () => {
    const big = 'x'.repeat(1 << 20);
    const out = records([`2021-09-24T18:38:10Z stdout F ${big}`, `2021-09-24T18:38:10Z ${' '.repeat(1 << 20)}`, `2021-09-24T18:38:10Z stdout P${big}`]);
    cri.sniff(`2021-09-24T18:38:10Z stdout F ${big}`);
    expect(out[0]!.message.length).toBe(1 << 20);
  });
});

// The regexes every CRI line was first read with: the positional reader for the common shape must agree with them.
const STAMP_REFERENCE = String.raw`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})`;
const CRI_LINE_REFERENCE = new RegExp(String.raw`^(${STAMP_REFERENCE}) (stdout|stderr) ([PF])((?::[^ ]*)?)(?: (.*))?$`);
const TIMESTAMPED_REFERENCE = new RegExp(String.raw`^(${STAMP_REFERENCE})(?: (.*))?$`);

function referenceRecord(text: string): { message: string; fields: Record<string, string> } | undefined {
  const m = CRI_LINE_REFERENCE.exec(text);
  if (m && rfc3339Instant(m[1]!)) {
    const fields: Record<string, string> = { stream: m[2]! };
    const tags = m[4] ? m[4].slice(1) : '';
    if (tags) fields.tags = tags;
    if (m[3] === 'P') fields.partial = 'true';
    return { message: m[5] ?? '', fields };
  }
  const t = TIMESTAMPED_REFERENCE.exec(text);
  if (t && rfc3339Instant(t[1]!)) return { message: t[2] ?? '', fields: {} };
  return undefined;
}

describe('cri lines against the reference regexes', () => {
  const often = <T,>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<T>) => fc.oneof({ arbitrary: good, weight: 5 }, { arbitrary: bad, weight: 1 });
  const line = fc
    .tuple(
      often(fc.constantFrom('2021-09-24T18:38:10.702348795+08:00', '2025-03-13T14:31:07.000593105Z', '2020-01-01T00:00:00Z'),
        fc.constantFrom('2021-13-24T18:38:10Z', '2021-09-24 18:38:10Z', '2021-09-24T18:38:10', 'x')),
      often(fc.constantFrom(' stdout ', ' stderr '), fc.constantFrom(' stdin ', ' stdout', '  stdout ', ' STDOUT ')),
      often(fc.constantFrom('F', 'P'), fc.constantFrom('X', 'F:tag', 'P:a:b', 'FF', '')),
      often(fc.constantFrom(' ', ''), fc.constantFrom('  ', '\t')),
      often(fc.string({ maxLength: 12 }), fc.constantFrom('a\rb', 'x\u2028y', 'end\r', '\u2029', 'I0313 14:31:07.000593 1 a.go:1] "m"')),
    )
    .map((parts) => parts.join(''));

  it('reads stream, partial flag, tags and content as the regexes did, or refuses the same lines', () => {
    fc.assert(
      fc.property(line, (text) => {
        const expected = referenceRecord(text);
        const { accepted, out } = run([text]);
        expect(accepted[0]).toBe(expected !== undefined);
        if (!expected) return;
        const [r] = recordsOf(out);
        expect({ message: r?.message, fields: r?.fields, time: r?.time }).toStrictEqual({ ...expected, time: rfc3339Instant(text.slice(0, text.indexOf(' ') < 0 ? text.length : text.indexOf(' '))) });
      }),
      { numRuns: 4000 },
    );
  });
});
