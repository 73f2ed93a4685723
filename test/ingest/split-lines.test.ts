import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitLines } from '../../src/ingest/index.js';
import { splitLineBatches } from '../../src/ingest/split-lines.js';
import type { LogLine } from '../../src/model/index.js';

const source = { bundle: 'b.tgz', member: 'var/log/syslog' };

async function split(chunks: readonly (string | Uint8Array)[], maxLineBytes = 1024 * 1024): Promise<LogLine[]> {
  const out: LogLine[] = [];
  async function* gen() {
    for (const c of chunks) yield typeof c === 'string' ? Buffer.from(c) : c;
  }
  for await (const line of splitLines(gen(), { source, maxLineBytes })) out.push(line);
  return out;
}

// https://github.com/containerd/cgroups/issues/74 (RHEL /var/log/messages)
const OOM = 'Dec 11 10:48:09 fkhan-test-kernelv3 kernel: thrash invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=0';

describe('splitLines', () => {
  it('numbers lines from 1, strips CRLF and counts a last line without a newline', async () => {
    const lines = await split([`${OOM}\r\nsecond\r\n\nlast`]);
    expect(lines.map((l) => [l.lineNumber, l.text])).toEqual([
      [1, OOM],
      [2, 'second'],
      [3, ''],
      [4, 'last'],
    ]);
    expect(lines[0].source).toEqual(source);
    expect(lines[0].flags).toBeUndefined();
  });

  it('does not invent a line after a final newline, and yields nothing for no bytes', async () => {
    expect((await split(['a\n'])).map((l) => l.text)).toEqual(['a']);
    expect(await split([])).toEqual([]);
  });

  it('joins lines split across chunk boundaries, including a CRLF cut between \\r and \\n', async () => {
    const lines = await split(['Dec 11 10:48', ':09 host kernel: x\r', '\nnext li', 'ne\r', '\n']);
    expect(lines.map((l) => l.text)).toEqual(['Dec 11 10:48:09 host kernel: x', 'next line']);
  });

  it('strips a UTF-8 BOM, even when it arrives one byte at a time', async () => {
    const lines = await split([new Uint8Array([0xef]), new Uint8Array([0xbb]), new Uint8Array([0xbf]), 'hello\n']);
    expect(lines.map((l) => l.text)).toEqual(['hello']);
  });

  it('decodes UTF-16LE and UTF-16BE with a BOM (a Windows-edited log)', async () => {
    const text = 'Zeile eins: Größe\r\nzwei\r\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le);
    for (let i = 2; i < be.length; i += 2) [be[i], be[i + 1]] = [be[i + 1], be[i]];
    be[0] = 0xfe;
    be[1] = 0xff;
    // An odd chunk boundary splits a UTF-16 code unit.
    expect((await split([le.subarray(0, 7), le.subarray(7)])).map((l) => l.text)).toEqual(['Zeile eins: Größe', 'zwei']);
    expect((await split([be.subarray(0, 9), be.subarray(9)])).map((l) => l.text)).toEqual(['Zeile eins: Größe', 'zwei']);
  });

  it('replaces invalid UTF-8 with U+FFFD and flags only that line', async () => {
    // An ISO-8859-1 "é" (0xe9) as written by a cron job's logger, see test/fixtures/journal/README.md.
    const lines = await split([Buffer.concat([Buffer.from('caf'), Buffer.from([0xe9]), Buffer.from(' backup\nok ✓\n')])]);
    expect(lines[0].text).toBe('caf\uFFFD backup');
    expect(lines[0].flags).toEqual({ invalidUtf8: true });
    expect(lines[1].text).toBe('ok ✓');
    expect(lines[1].flags).toBeUndefined();
  });

  it('cuts long lines at maxLineBytes, flags them, and resumes at the next line', async () => {
    const lines = await split(['a'.repeat(30), 'b'.repeat(30), '\nshort\n'], 40);
    expect(lines[0].text).toBe('a'.repeat(30) + 'b'.repeat(10));
    expect(lines[0].flags).toEqual({ truncated: true });
    expect(lines[1]).toMatchObject({ lineNumber: 2, text: 'short' });
    expect(lines[1].flags).toBeUndefined();
  });

  it('never cuts inside a multi-byte character', async () => {
    const lines = await split(['ab' + '€'.repeat(10) + '\n'], 6);
    expect(lines[0].text).toBe('ab€');
    expect(lines[0].flags).toEqual({ truncated: true });
  });

  it('cuts a 20 MB single line at 1 MiB without holding the rest', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x78);
    const baseline = process.memoryUsage().arrayBuffers;
    let peak = 0;
    async function* gen() {
      for (let sent = 0; sent < 20 * 1024 * 1024; sent += chunk.length) {
        peak = Math.max(peak, process.memoryUsage().arrayBuffers - baseline);
        // The same buffer every time: a splitter that kept references instead of copies would read garbage.
        yield chunk;
      }
      yield Buffer.from('\ntail\n');
    }
    const out: LogLine[] = [];
    for await (const line of splitLines(gen(), { source, maxLineBytes: 1024 * 1024 })) out.push(line);
    expect(out).toHaveLength(2);
    expect(out[0].text.length).toBe(1024 * 1024);
    expect(out[0].flags).toEqual({ truncated: true });
    expect(out[1]).toMatchObject({ lineNumber: 2, text: 'tail' });
    expect(peak).toBeLessThan(8 * 1024 * 1024);
  });

  it('yields the start of a line the input broke off in, flagged truncated, then rethrows', async () => {
    const boom = new Error('unexpected end of file');
    async function* cut() {
      yield Buffer.from('whole line\nhalf a li');
      throw boom;
    }
    const out: LogLine[] = [];
    await expect(async () => {
      for await (const line of splitLines(cut(), { source, maxLineBytes: 1024 })) out.push(line);
    }).rejects.toBe(boom);
    expect(out.map((l) => [l.text, l.flags])).toEqual([
      ['whole line', undefined],
      ['half a li', { truncated: true }],
    ]);
  });

  it('gives the same lines however the bytes are chunked', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.constantFrom('a', 'é', '€', '\n', '\r\n', '\r', ' '), fc.string({ maxLength: 5 })), { maxLength: 60 }),
        fc.array(fc.nat(40), { maxLength: 10 }),
        async (parts, cuts) => {
          const bytes = Buffer.from(parts.join(''));
          const whole = await split([bytes], 16);
          const points = [...new Set(cuts.map((c) => Math.min(c, bytes.length)))].sort((a, b) => a - b);
          const chunks: Buffer[] = [];
          let at = 0;
          for (const p of points) {
            chunks.push(bytes.subarray(at, p));
            at = p;
          }
          chunks.push(bytes.subarray(at));
          expect(await split(chunks, 16)).toEqual(whole);
        },
      ),
    );
  });
});

describe('splitLineBatches', () => {
  async function* chunksOf(parts: readonly string[]) {
    for (const p of parts) yield Buffer.from(p);
  }

  it('hands over the lines each chunk completes as one batch, numbered as splitLines numbers them', async () => {
    const parts = [`${OOM}\nsecond\nthi`, 'rd\n', 'no newline yet', ' still none', '\nlast'];
    const batches: LogLine[][] = [];
    for await (const batch of splitLineBatches(chunksOf(parts), { source, maxLineBytes: 1024 })) batches.push(batch);
    expect(batches.map((b) => b.map((l) => l.text))).toEqual([[OOM, 'second'], ['third'], ['no newline yet still none'], ['last']]);
    expect(batches.flat()).toEqual(await split(parts, 1024));
  });

  it('puts the line the input broke off in into a last batch, flagged truncated, then rethrows', async () => {
    const boom = new Error('unexpected end of file');
    async function* cut() {
      yield Buffer.from('whole line\nhalf a li');
      throw boom;
    }
    const batches: LogLine[][] = [];
    await expect(async () => {
      for await (const batch of splitLineBatches(cut(), { source, maxLineBytes: 1024 })) batches.push(batch);
    }).rejects.toBe(boom);
    expect(batches.map((b) => b.map((l) => [l.text, l.flags]))).toEqual([[['whole line', undefined]], [['half a li', { truncated: true }]]]);
  });
});

describe('LineSplitter over whole chunks', () => {
  // Whole runs of valid lines are decoded at once; a chunk with invalid bytes, NUL padding or an over-long line goes
  // line by line. Both must give exactly the lines (text, number, flags) that feeding one byte at a time gives.
  const piece = fc.constantFrom('abc', 'é', '日本', '\n', '\r\n', '\r', ' ', '\u0000', '\u0000'.repeat(9), 'xyz'.repeat(30));
  it('gives the same lines as a byte-at-a-time read, whatever the chunking and content', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 60 }), fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 8 }), fc.boolean(), fc.integer({ min: 16, max: 400 }), async (pieces, cuts, invalid, limit) => {
        let bytes = Buffer.from(pieces.join(''));
        if (invalid && bytes.length > 2) bytes = Buffer.concat([bytes.subarray(0, 2), Buffer.from([0xff]), bytes.subarray(2)]);
        const chunks: Uint8Array[] = [];
        for (let at = 0, i = 0; at < bytes.length; i++) {
          const size = cuts[i % cuts.length]!;
          chunks.push(bytes.subarray(at, at + size));
          at += size;
        }
        const byByte = Array.from(bytes, (b) => Uint8Array.of(b));
        expect(await split(chunks, limit)).toEqual(await split(byByte, limit));
      }),
      { numRuns: 300, seed: 20261123 },
    );
  });

  it('decodes a chunk larger than one decode piece (32 KiB) into the same lines, whatever falls on a piece edge', async () => {
    // Pieces end at a newline: empty lines, CRLF, multi-byte characters and a line longer than a piece on edges.
    const long = fc.constantFrom('x'.repeat(5000), '日本'.repeat(3000), 'y'.repeat(40_000), '\n', '\n\n', '\r\n', 'é', 'abc');
    await fc.assert(
      fc.asyncProperty(fc.array(long, { minLength: 20, maxLength: 80 }), async (pieces) => {
        const text = pieces.join('');
        const expected = text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
        if (text.endsWith('\n')) expected.pop();
        const lines = await split([text], 1024 * 1024);
        expect(lines.map((l) => l.text)).toEqual(expected);
        expect(lines.map((l) => l.lineNumber)).toEqual(expected.map((_, i) => i + 1));
      }),
      { numRuns: 100, seed: 20261203 },
    );
  });

  it('numbers lines on across chunks that are decoded whole', async () => {
    const lines = await split(['one\ntwo\nthr', 'ee\nfour\r\nfive\n', 'six']);
    expect(lines.map((l) => [l.lineNumber, l.text])).toEqual([[1, 'one'], [2, 'two'], [3, 'three'], [4, 'four'], [5, 'five'], [6, 'six']]);
  });
});
