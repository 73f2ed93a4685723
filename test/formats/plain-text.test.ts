import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cri } from '../../src/formats/cri.js';
import { dockerJson } from '../../src/formats/docker-json.js';
import { syslog } from '../../src/formats/syslog.js';
import { dmesg } from '../../src/formats/dmesg.js';
import { dmesgHuman } from '../../src/formats/dmesg-human.js';
import { plainText } from '../../src/formats/plain-text.js';
import type { ParsedRecord } from '../../src/formats/log-format.js';
import { prefixedLine } from './expect-never-throws.js';
import { feedLines, recordsOf } from './feed-lines.js';

const src = { bundle: 'inspection-report.tar.gz', member: 'inspection-report/k8s/cluster-info-dump' };

const run = (lines: readonly string[], flushEachLine = false) => feedLines(plainText, lines, { source: src, flushEachLine });
const records = (lines: readonly string[]): ParsedRecord[] => recordsOf(run(lines).out);

const others = [cri, dockerJson, syslog, dmesg, dmesgHuman];

describe('plain-text samples', () => {
  for (const sample of plainText.samples) {
    it(`parses ${sample.source}: ${sample.lines[0]!.slice(0, 50)}`, () => {
      const out = records(sample.lines);
      expect(out).toHaveLength(1);
      const r = out[0]!;
      expect(r.format).toBe('plain-text');
      expect(r.time).toBeUndefined();
      expect(r.lineCount).toBe(1);
      if (sample.expect.message !== undefined) expect(r.message).toBe(sample.expect.message);
      if (sample.expect.fields) expect(r.fields).toEqual(sample.expect.fields);
      for (const other of others) expect(other.sniff(sample.lines[0]!), other.id).toBeLessThanOrEqual(0.3);
    });
  }
});

describe('plain-text fallback', () => {
  it('accepts any line, including empty ones, as a record without time', () => {
    const { out, accepted } = run(['', '   ', 'Traceback (most recent call last):', '\u0000\uFFFD']);
    expect(accepted).toEqual([true, true, true, true]);
    expect(out.map((o) => (o as ParsedRecord).message)).toEqual(['', '   ', 'Traceback (most recent call last):', '\u0000\uFFFD']);
    expect(out.every((o) => o.type === 'record' && o.time === undefined && o.hasPayload === true)).toBe(true);
  });

  it('sniffs 0.01 on ordinary lines', () => {
    expect(plainText.sniff('GET / 200')).toBe(0.01);
    expect(plainText.sniff('')).toBe(0.01);
  });
});

describe('kubectl cluster-info dump framing', () => {
  // Framing strings: kubernetes/kubectl pkg/cmd/clusterinfo/clusterinfo_dump.go; coredns line from
  // https://github.com/kubernetes/kubernetes/issues/125845
  const dump = [
    '==== START logs for container coredns of pod kube-system/coredns-6f6b679f8f-rgq7r ====',
    '[INFO] plugin/kubernetes: waiting for Kubernetes API before starting server',
    '==== END logs for container coredns of pod kube-system/coredns-6f6b679f8f-rgq7r ====',
    'Request log error: the server rejected our request for an unknown reason',
  ];

  it('tags lines between START and END with pod and container; framing lines are markers', () => {
    const { out } = run(dump);
    expect(out.map((o) => o.type === 'marker' ? `marker:${o.marker}@${o.line}` : `record@${o.line}`)).toEqual([
      'marker:other@1',
      'record@2',
      'marker:other@3',
      'record@4',
    ]);
    expect((out[1] as ParsedRecord).fields).toEqual({ pod: 'kube-system/coredns-6f6b679f8f-rgq7r', container: 'coredns' });
    expect((out[3] as ParsedRecord).fields).toEqual({});
  });

  it('keeps the framing when the driver flushes after every line', () => {
    const out = run(dump.slice(0, 2), true).out;
    expect((out[1] as ParsedRecord).fields.container).toBe('coredns');
  });

  it('switches pods at the next START even without an END', () => {
    const out = records([
      '==== START logs for container a of pod ns1/p1 ====',
      '==== START logs for container kube-flannel of pod kube-system/kube-flannel-ds-7rxss ====',
      'I0811 04:57:23.861633       1 main.go:520] Determining IP address of default interface',
    ]);
    expect(out[0]!.fields).toEqual({ pod: 'kube-system/kube-flannel-ds-7rxss', container: 'kube-flannel' });
  });

  it('claims framing lines with a high sniff score so the driver hands them over', () => {
    expect(plainText.sniff(dump[0]!)).toBeGreaterThanOrEqual(0.5);
    expect(plainText.sniff(dump[2]!)).toBeGreaterThanOrEqual(0.5);
    expect(plainText.sniff('==== START logs for something else ====')).toBe(0.01);
  });
});

describe('plain-text robustness', () => {
  it('never throws from sniff or push, and sniff stays in [0, 1]', () => {
    const prefixes = ['', '==== START logs for container ', '==== END logs for container c of pod ', '==== '];
    const line = prefixedLine(prefixes);
    fc.assert(
      fc.property(fc.array(line, { maxLength: 20 }), (lines) => {
        for (const l of lines) {
          const score = plainText.sniff(l);
          expect(score).toBeGreaterThanOrEqual(0);
          expect(score).toBeLessThanOrEqual(1);
        }
        expect(run(lines).accepted.every(Boolean)).toBe(true);
      }),
    );
  });

  it('handles 1 MB lines (speed: bench/pathological-lines.mjs)', () => {
    const mb = 1 << 20;
    const lines = [`==== START logs for container ${'c'.repeat(mb)}`, `==== START logs for container c of pod n/${'p '.repeat(mb / 2)}`, 'z'.repeat(mb)];
    for (const l of lines) plainText.sniff(l);
    expect(run(lines).accepted).toEqual([true, true, true]);
  });
});
