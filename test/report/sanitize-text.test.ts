import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sanitizeLines, sanitizeText } from '../../src/report/index.js';

describe('sanitizeText', () => {
  it('strips colour, cursor, title and hyperlink sequences but keeps the words', () => {
    expect(sanitizeText('\u001b[1;31mERROR\u001b[0m disk full')).toBe('ERROR disk full');
    expect(sanitizeText('a\u001b]0;owned\u0007b')).toBe('ab');
    expect(sanitizeText('\u001b]8;;http://x/\u001b\\link\u001b]8;;\u001b\\')).toBe('link');
    expect(sanitizeText('x\u009b2Jy')).toBe('xy');
    expect(sanitizeText('\u001bPpayload\u001b\\ok')).toBe('ok');
  });

  it('turns tabs and line breaks into spaces and shows every other control and bidi character visibly', () => {
    expect(sanitizeText('a\tb\r\nc')).toBe('a b  c');
    expect(sanitizeText('nul\u0000bel\u0007del\u007f')).toBe('nul\\u{0}bel\\u{7}del\\u{7f}');
    expect(sanitizeText('user\u202Eexe.txt')).toBe('user\\u{202e}exe.txt');
    // C1 introducers and terminators on their own (no complete sequence), line separators, every bidi control.
    expect(sanitizeText('a\u009bb\u009c\u009d')).not.toMatch(/[\u0080-\u009f]/);
    const bidi = '\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u2028\u2029';
    expect(sanitizeText(`x${bidi}y`)).toBe(`x${[...bidi].map((c) => `\\u{${c.codePointAt(0)!.toString(16)}}`).join('')}y`);
  });

  it('leaves nothing unsafe in any string (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (text) => {
        expect(sanitizeText(text)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
      }),
      { numRuns: 2000, seed: 17 },
    );
  });

  it('sanitizeLines keeps the line breaks of a multi-line message', () => {
    expect(sanitizeLines('one\u009b\ntwo\u202e\n')).toBe('one\\u{9b}\ntwo\\u{202e}\n');
  });

  it('keeps ordinary unicode, including the U+FFFD of invalid UTF-8', () => {
    expect(sanitizeText('3月 16 03:31:09 master1 � ok')).toBe('3月 16 03:31:09 master1 � ok');
  });
});
