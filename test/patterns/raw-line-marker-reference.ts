// The raw-byte line marker as it was before the Wu–Manber window scan (main at e3713a5, src/patterns/raw-line-marker.ts:
// a byte-level Aho-Corasick automaton with a pair-shift skip, anchors calibrated on the first 4 MiB). Kept unchanged
// as the reference the new marker must agree with, line for line: the marks are what the pipeline relies on.
import type { LineMarks, RawLineMarker } from '../../src/ingest/line-marks.js';
import { LiteralHits } from '../../src/patterns/literal-hits.js';
import { literalAutomatonTable } from '../../src/patterns/literal-automaton-table.js';
import { markEscapes } from '../../src/patterns/raw-line-marker.js';

/** Longest window the start-state skip examines. */
const MAX_SPAN = 8;

/**
 * A byte-level Aho-Corasick automaton (https://doi.org/10.1145/360825.360855) over ASCII pieces, ASCII case folded,
 * as a complete DFA in typed arrays: a byte maps to a class (0 for bytes no piece holds), a state's row (its rank
 * times the class count) holds the next row per class, and rows where pieces end come last, so a step is one load
 * and one comparison. From the start state a Wu–Manber shift table passes over bytes that start no piece
 * (https://www.cs.arizona.edu/sites/default/files/TR94-17.pdf).
 */
class ByteAutomaton {
  private readonly classOf = new Uint8Array(256);
  private readonly classCount: number;
  private readonly rowDelta: Int32Array;
  private readonly outputRow: number;
  private readonly firstOutputRank: number;
  private readonly outputsByRank: readonly (readonly number[])[];
  private readonly shiftOf: Uint8Array;
  private readonly pairRowOf = new Int32Array(256);
  private readonly lastOffset: number;
  private readonly skips: boolean;
  /** The row the last `next` stopped at. */
  row = 0;

  /** `ids[i]` is what `pieces[i]` reports. */
  constructor(pieces: readonly string[], ids: readonly number[]) {
    const classOf = this.classOf;
    let classCount = 1;
    const fold = (code: number): number => (code >= 65 && code <= 90 ? code + 32 : code);
    const trie: Map<number, number>[] = [new Map()];
    const own: number[][] = [[]];
    pieces.forEach((piece, index) => {
      let state = 0;
      for (let i = 0; i < piece.length; i++) {
        const code = fold(piece.charCodeAt(i));
        if (code > 0x7f) throw new Error(`raw piece "${piece}" is not ASCII`);
        if (classOf[code] === 0) {
          classOf[code] = classCount++;
          if (code >= 97 && code <= 122) classOf[code - 32] = classOf[code]!;
        }
        const cls = classOf[code]!;
        let to = trie[state]!.get(cls);
        if (to === undefined) {
          to = trie.length;
          trie.push(new Map());
          own.push([]);
          trie[state]!.set(cls, to);
        }
        state = to;
      }
      own[state]!.push(ids[index]!);
    });
    this.classCount = classCount;
    const table = literalAutomatonTable(trie, own, classCount);
    this.rowDelta = table.rowDelta;
    this.firstOutputRank = table.firstOutputRank;
    this.outputRow = table.firstOutputRank * classCount;
    this.outputsByRank = table.outputsByRank;

    let span = MAX_SPAN;
    for (const piece of pieces) if (piece.length < span) span = piece.length;
    this.shiftOf = new Uint8Array(classCount * classCount).fill(Math.max(0, span - 1));
    for (const piece of pieces) {
      for (let k = 0; k + 1 < span && k + 1 < piece.length; k++) {
        const pair = classOf[fold(piece.charCodeAt(k))]! * classCount + classOf[fold(piece.charCodeAt(k + 1))]!;
        if (span - 2 - k < this.shiftOf[pair]!) this.shiftOf[pair] = span - 2 - k;
      }
    }
    for (let code = 0; code < 256; code++) this.pairRowOf[code] = classOf[code]! * classCount;
    this.skips = pieces.length > 0 && span >= 2;
    this.lastOffset = span - 1;
  }

  /**
   * Feeds `bytes[from, end)` from `row` (0: the start state) up to and including the first byte where a piece
   * ends; returns that position (its row in `this.row`), or -1 when none does before `end`.
   */
  next(bytes: Uint8Array, from: number, end: number, row: number): number {
    const { classOf, rowDelta, outputRow, shiftOf, pairRowOf, skips, lastOffset } = this;
    let i = from;
    while (i < end) {
      if (row === 0 && skips) {
        for (let last = i + lastOffset; last < end; last = i + lastOffset) {
          const shift = shiftOf[pairRowOf[bytes[last - 1]!]! + classOf[bytes[last]!]!]!;
          if (shift === 0) break;
          i += shift;
        }
        if (i >= end) break;
      }
      row = rowDelta[row + classOf[bytes[i]!]!]!;
      if (row >= outputRow) {
        this.row = row;
        return i;
      }
      i++;
    }
    this.row = row;
    return -1;
  }

  /** What the pieces ending at the row `next` stopped at report. */
  outputs(): readonly number[] {
    return this.outputsByRank[this.row / this.classCount - this.firstOutputRank]!;
  }
}

/** Anchors at least this long where a condition has one (see rawLineMarker). */
const MIN_ANCHOR = 4;

/** Bytes read before the anchors are chosen again by how often each piece occurred in them. */
const CALIBRATION_BYTES = 4 * 1024 * 1024;

/**
 * Marks lines that hold every piece of some condition. One automaton over one piece of each condition (its anchor)
 * finds candidate lines at scan speed; a line with an anchor is read again by an automaton over every piece and
 * marked when the pieces found make up a condition. Anchors start as each condition's longest piece; after the
 * first CALIBRATION_BYTES, which are read whole, each condition's anchor becomes the piece the fewest of those lines
 * held (a word like "info" is in half of all lines, "rcu_" in almost none). Anchors decide only how fast lines are
 * marked, never which.
 *
 * A line is also marked when it holds an escape that decodes to a character a piece may contain (`\uXXXX`, `\xNN`,
 * `\NNN`, `\/`) or an ANSI escape (removed before parsing, so text on both sides of it joins up).
 */
export function referenceRawLineMarker(conditions: readonly (readonly string[])[]): RawLineMarker {
  const pieceIds = new Map<string, number>();
  for (const condition of conditions) for (const piece of condition) if (!pieceIds.has(piece.toLowerCase())) pieceIds.set(piece.toLowerCase(), pieceIds.size);
  const pieces = [...pieceIds.keys()];
  const conditionPieces = conditions.map((condition) => [...new Set(condition.map((p) => pieceIds.get(p.toLowerCase())!))]);
  const conditionsOf: number[][] = pieces.map(() => []);
  conditionPieces.forEach((ids, c) => {
    for (const id of ids) conditionsOf[id]!.push(c);
  });
  // The shortest anchor bounds how far the scan skips, for every byte: a condition's anchor is one of its longer
  // pieces (at least MIN_ANCHOR long when it has such a piece), the one `rank` puts first.
  const anchorsBy = (rank: (id: number) => number): ByteAutomaton => {
    const anchors = [...new Set(conditionPieces.map((ids) => {
      const longest = Math.max(...ids.map((id) => pieces[id]!.length));
      const long = ids.filter((id) => pieces[id]!.length >= Math.min(longest, MIN_ANCHOR));
      return long.reduce((best, id) => (rank(id) < rank(best) ? id : best));
    }))];
    return new ByteAutomaton(anchors.map((id) => pieces[id]!), anchors);
  };
  // The anchor scan runs only after calibration, which reads the first bytes whole with the piece scan: it is built
  // then, from what calibration counted (a small input never needs it).
  let anchorScan: ByteAutomaton | undefined;
  const pieceScan = new ByteAutomaton(pieces, pieces.map((_, id) => id));
  const hits = new LiteralHits(pieces.length);
  // Lines holding each piece, over the calibration bytes.
  let calibrating: Float64Array | undefined = new Float64Array(pieces.length);
  let calibrated = 0;

  /** True when `bytes[lineStart, lineEnd)` holds every piece of some condition. */
  const lineHolds = (bytes: Uint8Array, lineStart: number, lineEnd: number): boolean => {
    hits.reset();
    let row = 0;
    for (let at = pieceScan.next(bytes, lineStart, lineEnd, row); at !== -1; at = pieceScan.next(bytes, at + 1, lineEnd, row)) {
      for (const id of pieceScan.outputs()) hits.add(id);
      row = pieceScan.row;
    }
    for (let h = 0; h < hits.count; h++) {
      for (const c of conditionsOf[hits.found[h]!]!) {
        const ids = conditionPieces[c]!;
        let all = true;
        for (let k = 0; k < ids.length && all; k++) all = hits.has(ids[k]!);
        if (all) return true;
      }
    }
    return false;
  };

  const markLines = (bytes: Buffer, start: number, end: number, firstLine: number, marks: LineMarks): void => {
    if (calibrating) {
      calibrate(bytes, start, end, firstLine, marks, calibrating);
      calibrated += end - start;
      if (calibrated >= CALIBRATION_BYTES) {
        const seen = calibrating;
        anchorScan = anchorsBy((id) => seen[id]! - pieces[id]!.length / 1024);
        calibrating = undefined;
      }
    } else if (pieces.length > 0) {
      // Line numbers are counted forward from the last line found (hits come in order).
      let lineStart = start;
      let line = firstLine;
      let from = start;
      const scan = (anchorScan ??= anchorsBy((id) => -pieces[id]!.length));
      while (from < end) {
        const hit = scan.next(bytes, from, end, 0);
        if (hit === -1) break;
        for (let nl = bytes.indexOf(0x0a, lineStart); nl !== -1 && nl < hit; nl = bytes.indexOf(0x0a, nl + 1)) {
          line++;
          lineStart = nl + 1;
        }
        let lineEnd = bytes.indexOf(0x0a, hit);
        if (lineEnd === -1 || lineEnd > end) lineEnd = end;
        if (lineHolds(bytes, lineStart, lineEnd)) marks.mark(line);
        // On at the next line, from the start state (no piece holds a newline).
        if (lineEnd >= end) break;
        line++;
        lineStart = from = lineEnd + 1;
      }
    }
    markEscapes(bytes, start, end, firstLine, marks);
  };

  /** Marks every line of the region by reading it whole, counting the lines each piece occurs in. */
  const calibrate = (bytes: Buffer, start: number, end: number, firstLine: number, marks: LineMarks, seen: Float64Array): void => {
    let line = firstLine;
    for (let lineStart = start; lineStart < end; line++) {
      let lineEnd = bytes.indexOf(0x0a, lineStart);
      if (lineEnd === -1 || lineEnd > end) lineEnd = end;
      if (lineHolds(bytes, lineStart, lineEnd)) marks.mark(line);
      for (let h = 0; h < hits.count; h++) seen[hits.found[h]!]!++;
      lineStart = lineEnd + 1;
    }
  };

  return {
    markLines,
    holdsLiteral(text: string): boolean {
      const bytes = Buffer.from(text, 'utf8');
      for (let lineStart = 0; lineStart <= bytes.length;) {
        let lineEnd = bytes.indexOf(0x0a, lineStart);
        if (lineEnd === -1) lineEnd = bytes.length;
        if (lineHolds(bytes, lineStart, lineEnd)) return true;
        lineStart = lineEnd + 1;
      }
      return false;
    },
  };
}
