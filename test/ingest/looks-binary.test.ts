import { describe, expect, it } from 'vitest';
import { looksBinary } from '../../src/ingest/index.js';

describe('looksBinary', () => {
  it('calls a NUL byte in the first 8 KiB binary, but not one after it', () => {
    expect(looksBinary(Buffer.from('abc\0def'))).toBe(true);
    expect(looksBinary(Buffer.concat([Buffer.alloc(8192, 0x61), Buffer.from([0])]))).toBe(false);
  });

  it('calls text with ANSI colours, tabs and UTF-8 text, and UTF-16 with a BOM text', () => {
    expect(looksBinary(Buffer.from('\x1b[31mERROR\x1b[0m\tcontainer failed ✗\r\n'))).toBe(false);
    expect(looksBinary(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('hello', 'utf16le')]))).toBe(false);
  });

  it('calls mostly control characters binary', () => {
    expect(looksBinary(Buffer.from([1, 2, 3, 4, 0x41, 5, 6]))).toBe(true);
    expect(looksBinary(Buffer.from('abcdefghi\x01'))).toBe(false);
  });
});
