import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workerCount } from '../../../src/cli/workers/worker-count.js';
import { memberWorkerScript } from '../../../src/cli/workers/run-pipeline-in-workers.js';
import { scratchDir } from '../../robustness/fixtures.js';

const MB = 1024 * 1024;
const cores = availableParallelism();
const parallel = cores > 1 && memberWorkerScript() !== undefined;

describe('how many worker threads an analysis uses', () => {
  it('takes --jobs as given, 0 meaning one thread', async () => {
    expect(await workerCount('0', ['whatever.tgz'])).toBe(0);
    if (memberWorkerScript()) expect(await workerCount('3', ['whatever.tgz'])).toBe(3);
  });

  it.each(['-1', '1.5', 'two', '', '65'])('refuses --jobs %j with a usage error', async (jobs) => {
    await expect(workerCount(jobs, ['x.tgz'])).rejects.toThrow(/--jobs/);
  });

  it('reads small inputs and standard input in one thread', async () => {
    const dir = scratchDir();
    const small = join(dir, 'small.log');
    writeFileSync(small, 'Mar 14 14:00:00 node-1 kernel: hello\n');
    expect(await workerCount(undefined, [small])).toBe(0);
    expect(await workerCount(undefined, ['-'])).toBe(0);
    expect(await workerCount(undefined, [join(dir, 'missing.tgz')])).toBe(0);
  });

  it.skipIf(!parallel)('uses one worker per core (at most 4) for large files and directories', async () => {
    const dir = scratchDir();
    const big = join(dir, 'big.log');
    writeFileSync(big, Buffer.alloc(9 * MB, 0x61));
    expect(await workerCount(undefined, [big])).toBe(Math.min(cores, 4));
    const tree = join(dir, 'var-log');
    mkdirSync(join(tree, 'pods'), { recursive: true });
    writeFileSync(join(tree, 'syslog'), Buffer.alloc(5 * MB, 0x61));
    writeFileSync(join(tree, 'pods', 'app.log'), Buffer.alloc(4 * MB, 0x61));
    expect(await workerCount(undefined, [tree])).toBe(Math.min(cores, 4));
  });
});
