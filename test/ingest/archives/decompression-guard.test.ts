import { describe, expect, it } from 'vitest';
import { DecompressionGuard, IngestLimitError } from '../../../src/ingest/archives/decompression-guard.js';

describe('DecompressionGuard', () => {
  it('allows a high ratio for the first few MiB, then stops past maxRatio', () => {
    const guard = new DecompressionGuard('gzip', 100, { maxTotalBytes: Infinity, totalBytes: 0 });
    guard.compressedBytes = 1000;
    expect(() => guard.output(4 * 1024 * 1024)).not.toThrow();
    expect(() => guard.output(1024)).toThrow(IngestLimitError);
    expect(() => guard.output(1)).toThrow(/more than 100:1/);
  });

  it('stops on the total-bytes budget shared by all streams', () => {
    const budget = { maxTotalBytes: 1000, totalBytes: 0 };
    const a = new DecompressionGuard('gzip', 1e9, budget);
    const b = new DecompressionGuard('xz', 1e9, budget);
    a.output(600);
    expect(() => b.output(600)).toThrow(/limit 1000/);
  });

  it('keeps the bytes of the chunk that crosses the total budget up to the limit, and none of a bomb\'s chunk', () => {
    const budget = { maxTotalBytes: 1000, totalBytes: 0 };
    const guard = new DecompressionGuard('zstd', 1e9, budget);
    expect(guard.admit(new Uint8Array(600)).kept.length).toBe(600);
    const crossing = guard.admit(new Uint8Array(600));
    expect(crossing.kept.length).toBe(400);
    expect(crossing.error?.code).toBe('ingest.total-bytes-limit');
    const bomb = new DecompressionGuard('xz', 10, { maxTotalBytes: Infinity, totalBytes: 0 });
    bomb.compressedBytes = 1;
    const stopped = bomb.admit(new Uint8Array(5 * 1024 * 1024));
    expect(stopped.kept.length).toBe(0);
    expect(stopped.error?.code).toBe('ingest.ratio-limit');
  });

  it('describes a decoder failure with the compressed offset', () => {
    const guard = new DecompressionGuard('gzip', 1000, { maxTotalBytes: Infinity, totalBytes: 0 });
    guard.compressedBytes = 4242;
    guard.output(10);
    expect(guard.describeFailure(new Error('unexpected end of file'))).toBe(
      'gzip data ends or is corrupt at compressed byte 4242 (after 10 decompressed bytes): unexpected end of file',
    );
  });
});
