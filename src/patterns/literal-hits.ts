/**
 * The literals found by one or more scans, each at most once. Reused across events: `reset` is O(1) because a
 * literal counts as found only when its stamp equals the current generation, so no per-event Set is allocated.
 */
export class LiteralHits {
  private readonly stamp: Uint32Array;
  private generation = 1;
  /** Found literal indices in order of discovery; only the first `count` entries are meaningful. */
  readonly found: Int32Array;
  count = 0;

  constructor(literalCount: number) {
    this.stamp = new Uint32Array(literalCount);
    this.found = new Int32Array(literalCount);
  }

  reset(): void {
    this.count = 0;
    this.generation++;
    if (this.generation === 0xffffffff) {
      // Wrapped: stale stamps could equal the new generation, so start over from a clean slate.
      this.stamp.fill(0);
      this.generation = 1;
    }
  }

  add(index: number): void {
    if (this.stamp[index] === this.generation) return;
    this.stamp[index] = this.generation;
    this.found[this.count++] = index;
  }

  has(index: number): boolean {
    return this.stamp[index] === this.generation;
  }
}
