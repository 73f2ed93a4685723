import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the old generation grow past what the last full collection left alive, in percent. V8's own
 * factor (up to 4) let an analysis's old generation reach three times its live size, all of it dead lines and events.
 */
const HEAP_GROWING_PERCENT = 20;

/**
 * The largest semi-space an analysis in this thread lets V8 grow to. V8 starts with 1 MiB semi-spaces and doubles
 * them up to 16 MiB as scavenges find more surviving data; an analysis gets there within its first seconds, and the
 * two semi-spaces then hold 32 MiB of pages. At 8 MiB peak memory is 13-17 MB lower for the same CPU
 * (bench/README.md, "Peak RSS of an analysis: an 8 MiB semi-space"); at 4 MiB it is lower still but scavenging
 * costs about a tenth more CPU.
 */
const SEMI_SPACE_CAP_BYTES = 8 * 1024 * 1024;
/** V8's default `--semi-space-growth-factor` (`node --v8-options`): the semi-space doubles when it grows. */
const V8_SEMI_SPACE_GROWTH_FACTOR = 2;

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

let youngGenerationCapped = false;

/**
 * Keeps this thread's semi-spaces at most `SEMI_SPACE_CAP_BYTES` (an analysis without worker threads).
 *
 * V8 fixes the semi-space's maximum when the heap is set up (`--max-semi-space-size` on node's command line, or a
 * worker's `resourceLimits`); set later through `setFlagsFromString` it changes nothing. A worker thread with a
 * smaller young generation measured ~10 MB above this thread alone (a second heap and thread). What V8 does read at
 * every growth is the growth factor: after each collection this sets it to 1 (no growth) while the semi-space is at
 * the cap, and back to V8's default below it (V8 shrinks the young generation when allocation slows, and it must be
 * able to grow again). A growth is decided only after a semi-space's worth of data has survived, so the check after
 * each collection comes in time. Nothing is limited: a full semi-space is scavenged, as it always is.
 *
 * The factor is process-wide: with worker threads, whose heaps grow on their own, it is left alone. Once per process.
 */
export function capYoungGeneration(): void {
  if (youngGenerationCapped) return;
  youngGenerationCapped = true;
  let growing = true;
  const observer = new PerformanceObserver(() => {
    const newSpace = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
    // The new space's size is both semi-spaces together.
    const atCap = newSpace !== undefined && newSpace.space_size / 2 >= SEMI_SPACE_CAP_BYTES;
    if (atCap !== growing) return;
    growing = !atCap;
    setFlagsFromString(`--semi-space-growth-factor=${growing ? V8_SEMI_SPACE_GROWTH_FACTOR : 1}`);
  });
  observer.observe({ entryTypes: ['gc'] });
}
