import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readGoQuoted } from '../../src/formats/read-go-quoted.js';

describe('readGoQuoted', () => {
  it('unquotes a containerd msg with escaped quotes and says where the string ended', () => {
    // https://github.com/containerd/containerd/pull/9104
    const text = 'msg="loading plugin \\"io.containerd.service.v1.containers-service\\"..." type=io.containerd.service.v1';
    const q = readGoQuoted(text, 4);
    expect(q?.value).toBe('loading plugin "io.containerd.service.v1.containers-service"...');
    expect(text.slice(q!.end)).toBe(' type=io.containerd.service.v1');
  });

  it('decodes \\x byte runs together as UTF-8 and \\u code points', () => {
    expect(readGoQuoted('"caf\\xc3\\xa9 \\u2603 \\U0001F600\\t"', 0)?.value).toBe('café ☃ 😀\t');
  });

  it('reads \\NNN as an octal byte only when asked (logrus), keeping the digits otherwise (klog)', () => {
    expect(readGoQuoted('"\\101B"', 0, { octal: true })?.value).toBe('AB');
    expect(readGoQuoted('"\\101B"', 0)?.value).toBe('101B');
  });

  it('takes a value without escapes up to the first quote, leaving later quoted values alone', () => {
    // https://github.com/kubernetes/kubernetes/issues/116925 (structured InfoS)
    const text = '"SyncPod received new pod, will create a sandbox for it" pod="kubelet-container-manager-3543/guaranteed"';
    const q = readGoQuoted(text, 0);
    expect(q?.value).toBe('SyncPod received new pod, will create a sandbox for it');
    expect(text.slice(q!.end)).toBe(' pod="kubelet-container-manager-3543/guaranteed"');
    expect(readGoQuoted('x=""', 2)).toEqual({ value: '', end: 4 });
  });

  it('agrees with the escape-by-escape reading on any mix of plain text and escapes', () => {
    const pieces = ['a', ' ', 'é', '\\n', '\\"', '\\x41', '\\u00e9', '\\t', 'plain words'];
    const expected: Record<string, string> = { a: 'a', ' ': ' ', é: 'é', '\\n': '\n', '\\"': '"', '\\x41': 'A', '\\u00e9': 'é', '\\t': '\t', 'plain words': 'plain words' };
    for (let seed = 0; seed < 200; seed++) {
      const chosen = Array.from({ length: seed % 7 }, (_, k) => pieces[(seed * 31 + k * 7) % pieces.length]!);
      const text = `k="${chosen.join('')}" rest`;
      const q = readGoQuoted(text, 2);
      expect(q?.value).toBe(chosen.map((c) => expected[c]).join(''));
      expect(text.slice(q!.end)).toBe(' rest');
    }
  });

  it('returns undefined for a string that never closes', () => {
    expect(readGoQuoted('"no closing quote at all', 0)).toBeUndefined();
    expect(readGoQuoted('"unterminated \\"', 0)).toBeUndefined();
    expect(readGoQuoted('"dangling \\', 0)).toBeUndefined();
  });
});

/** The escape-by-escape reader this function was first written as: the oracle for the faster one. */
function referenceGoQuoted(text: string, start: number, octal: boolean): { value: string; end: number } | undefined {
  const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v' };
  let out = '';
  let bytes: number[] = [];
  const flushBytes = (): void => {
    if (bytes.length > 0) {
      out += new TextDecoder().decode(new Uint8Array(bytes));
      bytes = [];
    }
  };
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      flushBytes();
      return { value: out, end: i + 1 };
    }
    if (c !== 0x5c) {
      flushBytes();
      out += text[i];
      i++;
      continue;
    }
    const e = text[i + 1];
    if (e === undefined) return undefined;
    if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 2, i + 4))) {
      bytes.push(parseInt(text.slice(i + 2, i + 4), 16));
      i += 4;
      continue;
    }
    flushBytes();
    const hexLen = e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (hexLen > 0) {
      const hex = text.slice(i + 2, i + 2 + hexLen);
      const cp = hex.length === hexLen && /^[0-9a-fA-F]+$/.test(hex) ? parseInt(hex, 16) : NaN;
      if (Number.isFinite(cp) && cp <= 0x10ffff) {
        out += String.fromCodePoint(cp);
        i += 2 + hexLen;
        continue;
      }
    }
    if (octal && /^[0-7]{3}$/.test(text.slice(i + 1, i + 4))) {
      bytes.push(parseInt(text.slice(i + 1, i + 4), 8) & 0xff);
      i += 4;
      continue;
    }
    out += simple[e] ?? e;
    i += 2;
  }
  return undefined;
}

describe('readGoQuoted against the escape-by-escape reference', () => {
  const piece = fc.oneof(
    fc.constantFrom('a', ' ', 'é', '"', '\\', '\\"', '\\\\', '\\n', '\\q', '\\x', '\\xc3', '\\xa9', '\\xC3\\xA9', '\\xzz', '\\x4',
      '\\u00e9', '\\u00', '\\ud83d', '\\U0001F600', '\\U00110000', '\\UFFFFFFFF', '\\101', '\\303\\251', '\\303\\xa9', '\\8', '\\77', '\uD83D'),
    fc.string({ maxLength: 6 }),
  );
  const quoted = fc.tuple(fc.string({ maxLength: 3 }), fc.array(piece, { maxLength: 8 }), fc.constantFrom('"', '" k="v\\"w"', '', '\\'), fc.boolean());

  it('gives the same value and end (or the same refusal) for any text, with and without octal', () => {
    fc.assert(
      fc.property(quoted, ([before, pieces, after, octal]) => {
        const text = `${before}"${pieces.join('')}${after}`;
        const start = before.length;
        expect(readGoQuoted(text, start, { octal })).toStrictEqual(referenceGoQuoted(text, start, octal));
      }),
      { numRuns: 5000 },
    );
  });

  it('reads each of several quoted values of one line right when called left to right and then out of order', () => {
    // kubelet structured line, https://github.com/kubernetes/kubernetes/issues/116925 shape with an escaped value.
    const text = 'I0324 23:32:14.798753    4243 kubelet.go:1] "Event" a="x" b="say \\"hi\\"" c="plain" d="\\u00e9"';
    const starts = [...text.matchAll(/="/g)].map((m) => m.index! + 1);
    for (const order of [starts, [...starts].reverse(), [starts[2]!, starts[0]!, starts[3]!, starts[1]!]]) {
      for (const start of order) expect(readGoQuoted(text, start), `at ${start}`).toStrictEqual(referenceGoQuoted(text, start, false));
    }
    // A later value without escapes read first must not hide the escapes of an earlier one.
    const logrus = 'time="2024-10-08T00:18:58Z" level=info msg="loading \\"plugin\\"" type=io.containerd.grpc.v1';
    expect(readGoQuoted(logrus, logrus.indexOf('msg=') + 4)?.value).toBe('loading "plugin"');
    const late = 'msg="say \\"hi\\"" id="plain"';
    expect(readGoQuoted(late, late.indexOf('id=') + 3)?.value).toBe('plain');
    expect(readGoQuoted(late, 4)?.value).toBe('say "hi"');
  });
});
