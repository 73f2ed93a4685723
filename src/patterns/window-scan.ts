/**
 * A multi-pattern search for equally long ASCII windows in bytes, ASCII case folded: Wu–Manber
 * (https://www.cs.arizona.edu/sites/default/files/TR94-17.pdf). A table of shifts, indexed by a hash of the 2 or 3
 * bytes at the end of the text window, says how far the window can move before a pattern could end in it; where it
 * cannot move, a hash of the whole window picks the patterns to compare. The scan reads about one byte block per
 * shift, and the longer the windows and the rarer their blocks in the text, the longer the shifts.
 */

/** A byte with ASCII upper case folded to lower case. */
export const FOLDED = new Uint8Array(256).map((_, code) => (code >= 65 && code <= 90 ? code + 32 : code));

/**
 * Bits of a byte a block hash keeps: without 0x20 an ASCII letter's cases are one value (as are a few punctuation
 * pairs such as `[` and `{`, which only makes the shifts a little shorter), and without 0x80 the table stays small.
 */
const CASELESS = 0x5f;

/** Entries of the shift table for a block size: 2-byte blocks index it exactly. */
export const BLOCK_TABLE_SIZE = [0, 1 << 7, 1 << 14, 1 << 16] as const;

/** The block hash of the `block` (1–3) bytes ending at `last`: an index into a table of BLOCK_TABLE_SIZE[block]. */
export function blockHash(bytes: Uint8Array, last: number, block: number): number {
  if (block === 1) return bytes[last]! & CASELESS;
  if (block === 2) return ((bytes[last - 1]! & CASELESS) << 7) | (bytes[last]! & CASELESS);
  return (((bytes[last - 2]! & CASELESS) << 9) ^ ((bytes[last - 1]! & CASELESS) << 4) ^ (bytes[last]! & CASELESS)) & 0xffff;
}

function windowHash(bytes: Uint8Array, start: number, width: number, mask: number): number {
  const folded = FOLDED;
  let hash = 0x811c9dc5;
  for (let k = 0; k < width; k++) hash = Math.imul(hash ^ folded[bytes[start + k]!]!, 0x01000193);
  return (hash ^ (hash >>> 15)) & mask;
}

export class WindowScan {
  /** How long every window is. */
  readonly width: number;
  /** Bytes hashed per shift lookup. */
  readonly block: number;
  private readonly shiftOf: Uint8Array;
  /** The windows' folded bytes, `width` per window. */
  private readonly patterns: Uint8Array;
  private readonly bucketMask: number;
  /** Per window-hash bucket, its first window + 1 (0: none); `nextInBucket[w]` the next one + 1. */
  private readonly bucketHead: Int32Array;
  private readonly nextInBucket: Int32Array;
  /** The window `find` found last. */
  found = -1;

  /** `windows` are distinct, lower case ASCII and all `width` long (width ≥ 1). */
  constructor(windows: readonly string[], width: number) {
    this.width = width;
    this.block = width >= 5 ? 3 : width >= 2 ? 2 : 1;
    const block = this.block;
    const longest = width - block + 1;
    this.shiftOf = new Uint8Array(BLOCK_TABLE_SIZE[block]).fill(Math.min(255, longest));
    this.patterns = new Uint8Array(windows.length * width);
    let buckets = 16;
    while (buckets < windows.length * 4) buckets *= 2;
    this.bucketMask = buckets - 1;
    this.bucketHead = new Int32Array(buckets);
    this.nextInBucket = new Int32Array(windows.length);
    windows.forEach((window, w) => {
      if (window.length !== width) throw new Error(`window "${window}" is not ${width} long`);
      for (let k = 0; k < width; k++) this.patterns[w * width + k] = FOLDED[window.charCodeAt(k)]!;
      for (let last = block - 1; last < width; last++) {
        const hash = blockHash(this.patterns, w * width + last, block);
        const shift = width - 1 - last;
        if (shift < this.shiftOf[hash]!) this.shiftOf[hash] = shift;
      }
      const bucket = windowHash(this.patterns, w * width, width, this.bucketMask);
      this.nextInBucket[w] = this.bucketHead[bucket]!;
      this.bucketHead[bucket] = w + 1;
    });
  }

  /**
   * The first position at or after `from` where a window starts and ends by `end`, its window in `found`; -1 when
   * there is none.
   */
  find(bytes: Uint8Array, from: number, end: number): number {
    const shiftOf = this.shiftOf;
    const width = this.width;
    let last = from + width - 1;
    // blockHash written out per block size (the bit mask 0x5f is CASELESS).
    if (this.block === 3) {
      while (last < end) {
        const shift = shiftOf[(((bytes[last - 2]! & 0x5f) << 9) ^ ((bytes[last - 1]! & 0x5f) << 4) ^ (bytes[last]! & 0x5f)) & 0xffff]!;
        if (shift !== 0) {
          last += shift;
        } else {
          const at = last - width + 1;
          if (this.holdsWindowAt(bytes, at)) return at;
          last++;
        }
      }
    } else if (this.block === 2) {
      while (last < end) {
        const shift = shiftOf[((bytes[last - 1]! & 0x5f) << 7) | (bytes[last]! & 0x5f)]!;
        if (shift !== 0) {
          last += shift;
        } else {
          const at = last - width + 1;
          if (this.holdsWindowAt(bytes, at)) return at;
          last++;
        }
      }
    } else {
      while (last < end) {
        const shift = shiftOf[bytes[last]! & 0x5f]!;
        if (shift !== 0) {
          last += shift;
        } else {
          const at = last - width + 1;
          if (this.holdsWindowAt(bytes, at)) return at;
          last++;
        }
      }
    }
    return -1;
  }

  /** True, with the window in `found`, when `bytes[at, at + width)` is one of the windows. */
  private holdsWindowAt(bytes: Uint8Array, at: number): boolean {
    const { patterns, width } = this;
    const folded = FOLDED;
    for (let w = this.bucketHead[windowHash(bytes, at, width, this.bucketMask)]! - 1; w !== -1; w = this.nextInBucket[w]! - 1) {
      let k = 0;
      const base = w * width;
      while (k < width && folded[bytes[at + k]!] === patterns[base + k]) k++;
      if (k === width) {
        this.found = w;
        return true;
      }
    }
    return false;
  }
}

/** Adds one to `pairs` and `triples` for each 2- and 3-byte block of `bytes[start, end)`, by blockHash. */
export function countBlocks(bytes: Uint8Array, start: number, end: number, pairs: Float64Array, triples: Float64Array): void {
  for (let last = start + 2; last < end; last++) {
    const pair = ((bytes[last - 1]! & 0x5f) << 7) | (bytes[last]! & 0x5f);
    pairs[pair]!++;
    triples[(((bytes[last - 2]! & 0x5f) << 9) ^ ((bytes[last - 1]! & 0x5f) << 4) ^ (bytes[last]! & 0x5f)) & 0xffff]!++;
  }
}
