import { describe, expect, it } from 'vitest';
import { DEFAULT_INGEST_OPTIONS, resolveIngestOptions } from '../../src/ingest/index.js';

describe('resolveIngestOptions', () => {
  it('fills the documented defaults', () => {
    expect(resolveIngestOptions({})).toEqual({
      include: [],
      exclude: [],
      maxDepth: 4,
      maxLineBytes: 1024 * 1024,
      maxTotalBytes: 64 * 1024 ** 3,
      maxRatio: 1000,
      maxMembers: 200_000,
      maxLines: 100_000_000,
      maxInputBytes: 16 * 1024 ** 3,
      maxHosts: 10_000,
      maxFilesPerHost: 50_000,
    });
  });

  it('keeps a valid limit and replaces nonsense with the default', () => {
    const r = resolveIngestOptions({ maxLineBytes: 4096, maxRatio: -1, maxMembers: Number.NaN, maxDepth: 0 });
    expect(r.maxLineBytes).toBe(4096);
    expect(r.maxRatio).toBe(DEFAULT_INGEST_OPTIONS.maxRatio);
    expect(r.maxMembers).toBe(DEFAULT_INGEST_OPTIONS.maxMembers);
    expect(r.maxDepth).toBe(0);
  });
});
