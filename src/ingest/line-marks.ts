/**
 * Marks lines of a member by their raw bytes, before any string exists: a marker (built from the signature library,
 * see patterns/raw-line-marker) sets a mark on every line that may hold a signature literal; an unmarked line of a
 * member that was marked holds none, and analysis need not run the matcher on it.
 */
export interface RawLineMarker {
  /**
   * Marks, in `marks`, each line of `bytes[start, end)` that may hold a literal; the region's first line is
   * `firstLine` and `\n` ends a line (the region need not end with one).
   */
  markLines(bytes: Buffer, start: number, end: number, firstLine: number, marks: LineMarks): void;
  /** True when `text` holds a literal (a member's layout fields, which every event of the member carries). */
  holdsLiteral(text: string): boolean;
}

/** Which line numbers of one member were marked: a bitmap grown as lines arrive (one bit per line). */
export class LineMarks {
  private bits = new Uint8Array(1024);

  mark(line: number): void {
    const byte = line >>> 3;
    if (byte >= this.bits.length) {
      let size = this.bits.length * 2;
      while (size <= byte) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.bits);
      this.bits = grown;
    }
    this.bits[byte]! |= 1 << (line & 7);
  }

  isMarked(line: number): boolean {
    const byte = line >>> 3;
    return byte < this.bits.length && (this.bits[byte]! & (1 << (line & 7))) !== 0;
  }
}

/** A marker and the marks it writes for one member, handed to the line splitter. */
export interface LineMarking {
  readonly marker: RawLineMarker;
  readonly marks: LineMarks;
}
