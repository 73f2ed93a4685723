import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/cli/diagnostics-logger.js';
import { Progress } from '../../src/cli/progress.js';

describe('progress line and diagnostics', () => {
  afterEach(() => vi.restoreAllMocks());

  it('erases the progress line before a diagnostic is written, and draws it again on the next update', () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const progress = new Progress(true);
    const order: string[] = [];
    const logger = createLogger(true, {
      beforeWrite: () => {
        progress.clear();
        order.push(written.at(-1) ?? '');
      },
    });
    progress.update(5_000_000, 3);
    expect(written.at(-1)).toMatch(/^\r\u001b\[2Klogsift: 3 file\(s\)/);
    logger.debug({ file: 'a.log' }, 'file');
    // The hook ran before pino wrote, and the last thing on stderr then was the erase, not the progress text.
    expect(order).toEqual(['\r\u001b[2K']);
    progress.update(6_000_000, 4);
    expect(written.at(-1)).toMatch(/logsift: 4 file\(s\)/);
  });
});
