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

  it('returns undefined for a string that never closes', () => {
    expect(readGoQuoted('"unterminated \\"', 0)).toBeUndefined();
    expect(readGoQuoted('"dangling \\', 0)).toBeUndefined();
  });
});
