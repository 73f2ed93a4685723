import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultWorkers, workerCount } from '../../../src/cli/workers/worker-count.js';
import { memberWorkerScript } from '../../../src/pipeline/workers/run-pipeline-in-workers.js';
import { scratchDir } from '../../robustness/fixtures.js';

const MB = 1024 * 1024;
const built = memberWorkerScript() !== undefined;

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

  it.skipIf(!built)('uses one worker per core but one (at most 4) for large inputs, and none on one or two cores whatever the size', async () => {
    const dir = scratchDir();
    const big = join(dir, 'big.log');
    writeFileSync(big, Buffer.alloc(9 * MB, 0x61));
    const tree = join(dir, 'var-log');
    mkdirSync(join(tree, 'pods'), { recursive: true });
    writeFileSync(join(tree, 'syslog'), Buffer.alloc(5 * MB, 0x61));
    writeFileSync(join(tree, 'pods', 'app.log'), Buffer.alloc(4 * MB, 0x61));
    // Sparse: the size is what counts, and it costs no disk.
    const huge = join(dir, 'huge.tgz');
    writeFileSync(huge, '');
    truncateSync(huge, 40 * MB);
    for (const [cores, expected] of [[1, 0], [2, 0], [3, 2], [4, 3], [16, 4]] as const) {
      expect(await defaultWorkers(cores, [big]), `${cores} cores`).toBe(expected);
      expect(await defaultWorkers(cores, [tree]), `${cores} cores`).toBe(expected);
    }
    expect(await defaultWorkers(1, [huge])).toBe(0);
    expect(await defaultWorkers(2, [huge])).toBe(0);
    expect(await defaultWorkers(2, [big, huge])).toBe(0);
    expect(await defaultWorkers(3, [huge])).toBe(2);
    expect(await workerCount(undefined, [big])).toBe(await defaultWorkers(availableParallelism(), [big]));
  });

  it.skipIf(!built)('reads one large binary journal file in one thread (one member: no worker could share it)', async () => {
    const dir = scratchDir();
    const journal = join(dir, 'system.journal');
    writeFileSync(journal, 'LPKSHHRH');
    truncateSync(journal, 80 * MB);
    const log = join(dir, 'big.log');
    writeFileSync(log, '');
    truncateSync(log, 80 * MB);
    for (const cores of [4, 16]) {
      expect(await defaultWorkers(cores, [journal]), `${cores} cores`).toBe(0);
      expect(await defaultWorkers(cores, [log]), `${cores} cores`).toBeGreaterThan(0);
    }
    // Beside other inputs it counts as bytes like any file.
    expect(await defaultWorkers(4, [journal, log])).toBe(3);
  });
});
