import type { Zone } from '../formats/index.js';
import type { IngestOptions } from '../ingest/index.js';
import { runPipeline } from './run-pipeline.js';

/**
 * The time of the inputs' last timed event: what relative `--since/--until` (`-1h`, `yesterday`, `14:25`) count from,
 * since a bundle is read long after it was collected. A first read of the whole input, without matching; undefined
 * when no line carries a time.
 */
export async function lastEventTime(inputs: readonly string[], options: { readonly ingest: IngestOptions; readonly timeZone?: Zone }): Promise<number | undefined> {
  const result = await runPipeline({ inputs, ingest: options.ingest, timeZone: options.timeZone, onEvent: () => {} });
  let last: number | undefined;
  for (const file of result.files) {
    if (file.lastTimestamp !== undefined && Number.isFinite(file.lastTimestamp) && (last === undefined || file.lastTimestamp > last)) last = file.lastTimestamp;
  }
  return last;
}
