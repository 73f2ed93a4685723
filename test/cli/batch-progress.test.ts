import { describe, expect, it } from 'vitest';
import { BatchProgress, progressLine } from '../../src/cli/batch-progress.js';

describe('batch progress', () => {
  it('draws a bar, the bundles settled of all, failures, and the time left', () => {
    expect(progressLine(0, 50, 0, undefined)).toBe('logsift batch [------------------------] 0/50 bundles, ETA …');
    expect(progressLine(25, 50, 2, 83_000)).toBe('logsift batch [############------------] 25/50 bundles, 2 failed, ETA 1m 23s');
    expect(progressLine(50, 50, 0, 0)).toBe('logsift batch [########################] 50/50 bundles, done');
  });

  it('rewrites one line in place and erases it when done; writes nothing without a terminal', () => {
    let written = '';
    const progress = new BatchProgress(2, (text) => { written += text; });
    progress.settle(false, true);
    progress.settle(true, false);
    progress.done();
    expect(written.split('\r\x1b[2K')).toEqual(['', 'logsift batch [############------------] 1/2 bundles, ETA …', expect.stringMatching(/^logsift batch \[#{24}\] 2\/2 bundles, 1 failed, done$/), '']);
    const quiet = new BatchProgress(2, undefined);
    expect(() => { quiet.settle(false, false); quiet.done(); }).not.toThrow();
  });
});
