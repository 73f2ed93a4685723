import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the old generation grow past what the last full collection left alive, in percent. V8's own
 * factor (up to 4) let an analysis's old generation reach three times its live size, all of it dead lines and events.
 */
const HEAP_GROWING_PERCENT = 20;

/**
 * An analysis streams the whole bundle through short-lived lines and events while it keeps a few tens of MB alive.
 * Two V8 heuristics made that garbage outlive its use (bench/README.md, "Analysis memory goal"):
 *
 * - Allocation-site pretenuring: when a young collection finds nearly every object of one literal still alive (a
 *   member's first lines, held until its first full timestamp dates them; a chunk's lines in flight), V8 allocates
 *   every later object of that literal straight in the old generation. The literals are those of every line and
 *   event, so from then on the bundle's lines died in the old generation: ~45 MB of it on a 256 MB bundle.
 * - The old generation's growing factor (above).
 *
 * Off and lowered, peak memory follows the live data instead, for a little more collector time. Neither sets a heap
 * limit, so no bundle can fail for it. Process-wide (worker threads started afterwards share it) and for the rest of
 * the process: a CLI runs one command.
 */
export function keepAnalysisHeapNearLiveSize(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
