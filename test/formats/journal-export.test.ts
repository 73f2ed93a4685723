import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { journalExport } from '../../src/formats/journal-export.js';
import { decodedLines } from './decoded-lines.js';
import { feedLines, recordsOf } from './feed-lines.js';

const feed = (lines: readonly string[]) => feedLines(journalExport, lines);

function binaryField(key: string, value: Buffer): Buffer {
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(value.length));
  return Buffer.concat([Buffer.from(`${key}\n`), length, value, Buffer.from('\n')]);
}

const FIXTURE = fileURLToPath(new URL('../fixtures/journal/binary-fields.export', import.meta.url));

describe('journal-export', () => {
  it('parses the shipped sample to its expected fields', () => {
    for (const sample of journalExport.samples) {
      const [r] = recordsOf(feed(sample.lines).out);
      expect(r).toMatchObject(sample.expect);
      expect(r).toMatchObject({ line: 1, lineCount: sample.lines.length, format: 'journal-export', hasPayload: true });
    }
  });

  it('recovers binary-safe values from decoded lines without losing the entries after them', () => {
    const lines = decodedLines(readFileSync(FIXTURE));
    const { out: outputs, accepted } = feed(lines);
    expect(accepted.every(Boolean)).toBe(true);
    const r = recordsOf(outputs);
    expect(r.map((x) => x.unit)).toEqual(['nas-backup', 'k3s', 'nodecheck', 'systemd']);
    // Every line belongs to exactly one entry (the blank terminator included).
    expect(r.reduce((n, x) => n + x.lineCount, 0)).toBe(lines.length);
    expect(r[1]!.line).toBe(r[0]!.line + r[0]!.lineCount);

    // Clean length prefix (50 = "2\0\0\0\0\0\0\0"), ISO-8859-1 bytes decoded with replacement.
    expect(r[0]!.message).toBe('Sauvegarde \ufffdchou\ufffde: /srv/donn\ufffdes/r\ufffdplica (code 23)');
    expect(r[0]!.time).toEqual({ kind: 'instant', epochMs: 1741942800999.963 });
    expect(r[0]!.fields['damagedFields']).toBeUndefined();

    // Length prefix 300 = ac 01 … is not UTF-8: the multi-line value runs to the next field line.
    const probe = r[2]!;
    expect(probe.message.split('\n')).toHaveLength(8);
    expect(probe.message.startsWith('k3s API health probe failed after 3 attempts\nTraceback (most recent call last):\n')).toBe(true);
    expect(probe.message.endsWith('ConnectionRefusedError: [Errno 111] Connection refused\n\tendpoint=https://127.0.0.1:6443/readyz\ttimeout=2.0s')).toBe(true);
    expect(probe.fields['damagedFields']).toBe('MESSAGE');
    // 15 03 03 00 02 02 28 00 ff: the 0xFF became U+FFFD when the line was decoded.
    expect(probe.fields['PROBE_RAW_REPLY']).toBe('1503030002022800??');
    expect(probe).toMatchObject({ host: 'k3s-node-03', pid: 1422, severity: 'error', bootId: '7d2f9e4c1a8b4f63b5e0c9d8a7f6e5d4' });
    expect(probe.fields['_SOURCE_REALTIME_TIMESTAMP']).toBe('1741962322860763');
    expect(r[3]!.message).toBe('nodecheck.service: Deactivated successfully.');
  });

  it('follows a clean length across a newline inside the length prefix and blank lines inside the value', () => {
    // le64(10) starts with byte 0x0a, so the prefix itself is split over two decoded lines.
    const ten = Buffer.from('ab\ncd\tefgh');
    const tricky = Buffer.from('x\n\nFOO=bar');
    const stream = Buffer.concat([
      Buffer.from('__REALTIME_TIMESTAMP=1741932723000040\n_HOSTNAME=k3s-node-03\n'),
      binaryField('MESSAGE', ten),
      Buffer.from('PRIORITY=4\n\n__REALTIME_TIMESTAMP=1741932723000041\n'),
      binaryField('MESSAGE', tricky),
      Buffer.from('SYSLOG_IDENTIFIER=k3s\n\n'),
    ]);
    const r = recordsOf(feed(decodedLines(stream)).out);
    expect(r).toHaveLength(2);
    expect(r[0]).toMatchObject({ message: 'ab\ncd\tefgh', severity: 'warning', host: 'k3s-node-03' });
    expect(r[1]).toMatchObject({ message: 'x\n\nFOO=bar', unit: 'k3s' });
    expect(r[1]!.fields['FOO']).toBeUndefined();
  });

  it('emits the pending entry when the stream ends inside a binary value', () => {
    const stream = Buffer.concat([Buffer.from('__REALTIME_TIMESTAMP=1741932723000040\n'), binaryField('MESSAGE', Buffer.from('first\nsecond line')).subarray(0, -8)]);
    const r = recordsOf(feed(decodedLines(stream)).out);
    expect(r).toHaveLength(1);
    expect(r[0]!.message).toBe('first\nseco');
    expect(r[0]!.fields['damagedFields']).toBe('MESSAGE');
  });

  it('does not let a wrong length swallow the entries after it', () => {
    const wrong = Buffer.alloc(8);
    wrong.writeBigUInt64LE(5000n);
    const stream = Buffer.concat([
      Buffer.from('__CURSOR=s=1;i=1\n__REALTIME_TIMESTAMP=1741932723000040\nMESSAGE\n'),
      wrong,
      Buffer.from('short value\n\n__CURSOR=s=1;i=2\n__REALTIME_TIMESTAMP=1741932723000041\nMESSAGE=next\n\n'),
    ]);
    const r = recordsOf(feed(decodedLines(stream)).out);
    expect(r.map((x) => x.message)).toEqual(['short value', 'next']);
    expect(r[0]!.fields['damagedFields']).toBe('MESSAGE');
    expect(r.map((x) => [x.line, x.lineCount])).toEqual([[1, 5], [6, 4]]);
  });

  it('starts a new entry when the blank separator is missing', () => {
    const r = recordsOf(feed(['__CURSOR=s=1;i=1', 'MESSAGE=one', '__CURSOR=s=1;i=2', 'MESSAGE=two', '']).out);
    expect(r.map((x) => [x.message, x.line, x.lineCount])).toEqual([['one', 1, 2], ['two', 3, 3]]);
  });

  it('joins repeated fields', () => {
    const r = recordsOf(feed(['__REALTIME_TIMESTAMP=1', 'TAG=a', 'TAG=b', 'MESSAGE=m', '']).out);
    expect(r[0]!.fields['TAG']).toBe('a\nb');
  });

  it('rejects and scores low lines of other formats', () => {
    const foreign = [
      // logrus, https://github.com/k3s-io/k3s/issues/4116
      'time="2021-11-23T00:22:28Z" level=info msg="Starting k3s v1.22.3+k3s1 (61a2aab2)"',
      // klog, https://github.com/kubernetes/kubernetes/issues/116925
      'I0324 23:32:14.798753    4243 kuberuntime_manager.go:1023] "SyncPod received new pod, will create a sandbox for it" pod="kubelet-container-manager-3543/guaranteed8793e132-d62a-419d-9f00-a148126c5425"',
      // CRI, kubernetes pkg/kubelet/kuberuntime/logs/logs.go comment
      '2016-10-06T00:17:09.669794203Z stderr F log content 2',
      '[    1.241863] Run /init as init process',
      'Mar 14 06:12:04.844120 k3s-node-03 systemd-journald[298]: Journal started',
    ];
    for (const line of foreign) expect(journalExport.sniff(line), line).toBeLessThanOrEqual(0.3);
    expect(feed(foreign).accepted.some(Boolean)).toBe(false);
    expect(journalExport.sniff('__CURSOR=s=980afa53b2b2410892fdca8bb7b73226;i=1')).toBe(1);
  });

  it('never throws on arbitrary input and sniff stays in [0,1]', () => {
    const line = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom('', 'MESSAGE', 'PROBE', '__REALTIME_TIMESTAMP=1', '\n\0\0\0\0\0\0', '\ufffd\u0001\0\0\0\0\0\0x'));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), (lines) => {
        const parser = journalExport.createParser();
        lines.forEach((text, i) => {
          const score = journalExport.sniff(text);
          expect(score >= 0 && score <= 1).toBe(true);
          parser.push({ source: { bundle: 't', member: 'm' }, lineNumber: i + 1, text });
        });
        parser.flush();
      }),
    );
  });
});
