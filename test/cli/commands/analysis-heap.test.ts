import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

// The built module: V8's flags are process-wide, so each case runs in a node process of its own.
const ANALYSIS_HEAP = pathToFileURL('dist/cli/commands/analysis-heap.js').href;

/**
 * Allocates like an analysis does: a turn of the event loop per chunk (a few MB of short-lived line objects), with a
 * window of recent ones alive (lines in flight), so scavenges keep finding survivors and V8 grows the young
 * generation (to its 16 MiB maximum within ten such turns). Prints the largest new space (both semi-spaces) seen, in
 * MiB.
 */
function largestNewSpaceMiB(capped: boolean): number {
  const script = `
    import { getHeapSpaceStatistics } from 'node:v8';
    const { capYoungGeneration, keepAnalysisHeapNearLiveSize } = await import(${JSON.stringify(ANALYSIS_HEAP)});
    keepAnalysisHeapNearLiveSize();
    if (${capped}) capYoungGeneration();
    const newSpace = () => getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size;
    let largest = newSpace();
    const inFlight = new Array(60000);
    for (let chunk = 0; chunk < 300; chunk++) {
      for (let i = 0; i < 20000; i++) inFlight[i % inFlight.length] = { text: 'kubelet line ' + chunk + ' ' + i, chunk };
      await new Promise((resolve) => setImmediate(resolve));
      largest = Math.max(largest, newSpace());
    }
    console.log(largest / 1048576);
  `;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return Number(run.stdout.trim());
}

describe('capYoungGeneration', () => {
  it('keeps the semi-spaces at 8 MiB where V8 alone grows them to 16 MiB', () => {
    expect(largestNewSpaceMiB(false)).toBe(32);
    expect(largestNewSpaceMiB(true)).toBe(16);
  }, 60_000);
});
