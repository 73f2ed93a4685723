import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { buildTar, gzip, rancherMembers, scratchDir, writeInput } from './fixtures.js';

const MiB = 1024 * 1024;

/** Runs main() on one input; the result says how it ended, never throws. */
async function analyse(path: string, format: string): Promise<{ status: number | 'threw'; stderr: string; stdout: string }> {
  let stdout = '';
  let stderr = '';
  try {
    const status = await main([path, '--format', format, '--quiet'], {
      stdout: (text) => { stdout += text; },
      stderr: (text) => { stderr += text; },
      stdoutIsTTY: false,
      stderrIsTTY: false,
      env: {},
      columns: 100,
    });
    return { status, stderr, stdout };
  } catch (error) {
    return { status: 'threw', stderr: String(error), stdout };
  }
}

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'overwrite'; at: number; bytes: Uint8Array }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; length: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('overwrite' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 600 }) }),
);

function mutate(data: Buffer, mutations: readonly Mutation[]): Buffer {
  let out = Buffer.from(data);
  for (const m of mutations) {
    const at = Math.min(out.length, Math.floor(m.at * out.length));
    switch (m.kind) {
      case 'truncate': out = out.subarray(0, at); break;
      case 'flip': if (at < out.length) out[at] ^= 1 << m.bit; break;
      case 'overwrite': out = Buffer.concat([out.subarray(0, at), Buffer.from(m.bytes), out.subarray(Math.min(out.length, at + m.bytes.length))]); break;
      case 'insert': out = Buffer.concat([out.subarray(0, at), Buffer.from(m.bytes), out.subarray(at)]); break;
      case 'delete': out = Buffer.concat([out.subarray(0, at), out.subarray(Math.min(out.length, at + m.length))]); break;
    }
  }
  return out;
}

const MAGIC = [
  Buffer.from([0x1f, 0x8b, 0x08]),
  Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]),
  Buffer.from([0x28, 0xb5, 0x2f, 0xfd]),
  Buffer.from([0x50, 0x4b, 0x03, 0x04]),
  Buffer.from([0xff, 0xfe]),
  Buffer.alloc(0),
];

describe('fuzzing main() with broken input', () => {
  let dir: string;
  let tar: Buffer;
  let tgz: Buffer;
  /** The same tar compressed by every codec available here (xz and zstd need their command-line tools). */
  const compressed: Buffer[] = [];
  beforeAll(async () => {
    dir = scratchDir();
    tar = await buildTar(rancherMembers(30, 30));
    tgz = gzip(tar);
    compressed.push(tgz);
    for (const tool of ['xz', 'zstd']) {
      try {
        compressed.push(execFileSync(tool, ['-c', '-q'], { input: tar }));
      } catch {
        // Not installed: the gzip and tar layers are still fuzzed.
      }
    }
  });

  const check = (run: { status: number | 'threw'; stderr: string }, label: string) => {
    expect(run.status, `${label}: ${run.stderr}`).not.toBe('threw');
    expect([0, 3], `${label}: ${run.stderr}`).toContain(run.status);
    expect(run.stderr, label).not.toContain('internal error');
  };

  it('never throws, never reports an internal error, and exits 0 or 3 on mutated .tgz files (compressed or tar layer)', async () => {
    const before = process.memoryUsage().rss;
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.constantFrom('json', 'text'), async (tarLayer, codec, mutations, format) => {
        const bytes = tarLayer ? gzip(mutate(tar, mutations)) : mutate(compressed[codec % compressed.length], mutations);
        const path = writeInput(dir, `m${n++}.tgz`, bytes);
        const run = await analyse(path, format);
        check(run, `${tarLayer ? 'tar' : `codec ${codec % compressed.length}`} ${JSON.stringify(mutations)}`);
        if (run.status === 0 && format === 'json') expect(() => JSON.parse(run.stdout)).not.toThrow();
      }),
      { numRuns: 100, seed: 20250314 },
    );
    expect(process.memoryUsage().rss - before).toBeLessThan(300 * MiB);
  }, 60_000);

  it('never throws and exits 0 or 3 on random bytes behind every magic number it sniffs', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...MAGIC), fc.uint8Array({ maxLength: 3000 }), async (magic, tail) => {
        const path = writeInput(dir, `r${n++}.tgz`, Buffer.concat([magic, Buffer.from(tail)]));
        check(await analyse(path, 'json'), `magic ${magic.toString('hex')} + ${tail.length} bytes`);
      }),
      { numRuns: 60, seed: 11973 },
    );
  }, 60_000);
});
