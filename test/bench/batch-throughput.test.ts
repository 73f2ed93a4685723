import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../..', import.meta.url));
const script = `${repo}bench/batch-throughput.mjs`;
const built = existsSync(`${repo}dist/cli/main.js`);

interface Throughput {
  machine: { cores: number; node: string };
  bundles: number;
  rows: { mode: 'queue' | 'local'; workers: number; bundles: number; seconds: number; bundlesPerMinute: number }[];
}

// Figures only: how fast is for `npm run bench` to print, never for a test to assert.
describe.skipIf(!built)('bench/batch-throughput.mjs', () => {
  it('reports bundles per minute for each worker count, through the real queue and locally', async () => {
    const { stdout } = await run(process.execPath, [script, '--bundles', '2', '--workers', '1', '--local', '--json'], { cwd: repo });
    const result = JSON.parse(stdout) as Throughput;
    expect(result.bundles).toBe(2);
    expect(result.rows.map((r) => [r.mode, r.workers, r.bundles])).toEqual([['queue', 1, 2], ['local', 1, 2]]);
    for (const row of result.rows) expect(row.bundlesPerMinute).toBeCloseTo((row.bundles / row.seconds) * 60, 6);
  }, 300_000);

  it('is skipped, saying why, when no Redis answers', async () => {
    const { stdout, stderr } = await run(process.execPath, [script, '--queue', 'redis://127.0.0.1:1', '--json'], { cwd: repo });
    expect(JSON.parse(stdout)).toBeNull();
    expect(stderr).toContain('skipped, no Redis answers at redis://127.0.0.1:1');
  });
});
