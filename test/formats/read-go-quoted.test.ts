import { describe, expect, it } from 'vitest';
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
