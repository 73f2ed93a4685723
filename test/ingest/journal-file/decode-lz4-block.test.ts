import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { decodeLz4Block } from '../../../src/ingest/journal-file/decode-lz4-block.js';
import { lz4Block } from './compress-with-tools.js';

const HAVE_LZ4 = spawnSync('lz4', ['--version']).status === 0;
if (!HAVE_LZ4) console.warn('skipping LZ4 round-trip tests: the lz4 tool is not installed');

describe('decodeLz4Block', () => {
  it('copies literals and overlapping matches (a hand-made block)', () => {
    // token 0x35: 3 literals "abc", then a match at distance 3 of length 5+4; last sequence: 1 literal "X".
    const block = new Uint8Array([0x35, 0x61, 0x62, 0x63, 0x03, 0x00, 0x10, 0x58]);
    const result = decodeLz4Block(block, 13);
    expect(result.ok && Buffer.from(result.bytes).toString()).toBe('abcabcabcabcX');
  });

  it('refuses a match that points before the start of the output', () => {
    const result = decodeLz4Block(new Uint8Array([0x35, 0x61, 0x62, 0x63, 0x09, 0x00, 0x10, 0x58]), 13);
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/offset 9 points before/) });
  });

  it('refuses output that does not match the stored size', () => {
    const block = new Uint8Array([0x35, 0x61, 0x62, 0x63, 0x03, 0x00, 0x10, 0x58]);
    expect(decodeLz4Block(block, 12)).toMatchObject({ ok: false, reason: expect.stringMatching(/exceeds the stored size 12/) });
    expect(decodeLz4Block(block, 20)).toMatchObject({ ok: false, reason: expect.stringMatching(/decoded to 13 bytes/) });
  });

  it('never throws on truncated blocks', () => {
    const block = new Uint8Array([0xf5, 0xff, 0xff]);
    expect(decodeLz4Block(block, 1000)).toMatchObject({ ok: false });
    for (let cut = 0; cut < 8; cut++) expect(() => decodeLz4Block(new Uint8Array([0x35, 0x61, 0x62, 0x63, 0x03, 0x00, 0x10, 0x58]).subarray(0, cut), 13)).not.toThrow();
  });

  it.skipIf(!HAVE_LZ4)('decodes what the lz4 tool compressed, including long literal and match runs', () => {
    // k3s's "Running kubelet" line shape: long flag lists repeat words, giving long matches.
    const flags = Array.from({ length: 60 }, (_, i) => `--flag-${i % 7}=value-${i % 5}`).join(' ');
    const text = Buffer.from(`MESSAGE=time="2025-03-14T06:12:07Z" level=info msg="Running kubelet ${flags}" ${'x'.repeat(300)} ${Array.from({ length: 40 }, (_, i) => String.fromCharCode(65 + ((i * 7) % 26))).join('')}`);
    const result = decodeLz4Block(lz4Block(text), text.length);
    expect(result.ok && Buffer.from(result.bytes).equals(text)).toBe(true);
  });
});
