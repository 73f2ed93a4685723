import type { Zone } from '../formats/index.js';
import type { IngestOptions } from '../ingest/index.js';
import { runPipeline } from './run-pipeline.js';
import { readSettled } from './read-settled.js';

/**
 * The time of the inputs' last timed event: what relative `--since/--until` (`-1h`, `yesterday`, `14:25`) count from,
 * since a bundle is read long after it was collected. A first read of the whole input, without matching; undefined
 * when no line carries a time.
 */
export async function lastEventTime(inputs: readonly string[], options: { readonly ingest: IngestOptions; readonly timeZone?: Zone }): Promise<number | undefined> {
  const { result } = await readSettled(inputs, async (settled) => ({
    result: await runPipeline({
      inputs, ingest: { ...options.ingest, ...(settled ? { settledLayouts: settled.layouts } : {}) }, timeZone: options.timeZone, onEvent: () => {}, ...(settled ? { settled } : {}),
    }),
  }));
  let last: number | undefined;
  for (const file of result.files) {
    if (file.lastTimestamp !== undefined && Number.isFinite(file.lastTimestamp) && (last === undefined || file.lastTimestamp > last)) last = file.lastTimestamp;
  }
  return last;
}
