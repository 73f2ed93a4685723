import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the old generation grow past what the last full collection left alive, in percent (V8's own
 * factor is between 1.1 and 4, and near 3 for a timeline's read: a live heap of ~15 MB grew to ~45 MB).
 */
const HEAP_GROWING_PERCENT = 10;

/**
 * A timeline keeps little alive (the sort heap, the file table, lifecycle context) while it reads through a large
 * bundle, but the bundle's bytes pass through buffers and strings that die in the old generation, and external
 * buffers that are only freed with it: peak memory was that garbage, not the live data (bench/README.md, "Timeline
 * memory goal"). Collecting the old generation when it has grown by a tenth keeps peak memory near the live size,
 * for some more collector time. This only moves when full collections happen; it sets no heap limit, so no bundle
 * can fail for it. Process-wide and for the rest of the process: a CLI runs one command.
 */
export function collectOldGenerationEarly(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
