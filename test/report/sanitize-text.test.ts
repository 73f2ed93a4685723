import { describe, expect, it } from 'vitest';
import { sanitizeText } from '../../src/report/index.js';

describe('sanitizeText', () => {
  it('strips colour, cursor, title and hyperlink sequences but keeps the words', () => {
    expect(sanitizeText('\u001b[1;31mERROR\u001b[0m disk full')).toBe('ERROR disk full');
    expect(sanitizeText('a\u001b]0;owned\u0007b')).toBe('ab');
    expect(sanitizeText('\u001b]8;;http://x/\u001b\\link\u001b]8;;\u001b\\')).toBe('link');
    expect(sanitizeText('x\u009b2Jy')).toBe('xy');
    expect(sanitizeText('\u001bPpayload\u001b\\ok')).toBe('ok');
  });

  it('turns tabs and line breaks into spaces and drops other controls and bidi overrides', () => {
    expect(sanitizeText('a\tb\r\nc')).toBe('a b  c');
    expect(sanitizeText('nul\u0000bel\u0007del\u007f')).toBe('nulbeldel');
    expect(sanitizeText('user\u202Eexe.txt')).toBe('userexe.txt');
  });

  it('keeps ordinary unicode, including the U+FFFD of invalid UTF-8', () => {
    expect(sanitizeText('3月 16 03:31:09 master1 � ok')).toBe('3月 16 03:31:09 master1 � ok');
  });
});
