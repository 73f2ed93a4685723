import type { CompiledRule, Signature } from '../model/index.js';
import type { RawLineMarker } from '../ingest/line-marks.js';
import { LineMarks } from '../ingest/line-marks.js';
import { extractRequiredSets, MIN_LITERAL_LENGTH } from './extract-literals.js';
import { LiteralHits } from './literal-hits.js';
import { knownRawConditions } from './known-raw-conditions.js';
import { literalAutomatonTable } from './literal-automaton-table.js';

/**
 * Characters a literal is cut at before it is looked for in raw bytes. A rule's literal occurs in an event's match
 * text (message, then ` key=value` per field, values unquoted and unescaped); the raw line holds the same text only
 * piecewise: quotes and escapes are gone, JSON punctuation is re-rendered for nested values, RFC 5424 structured
 * data keys join two names with `.`, non-ASCII may have been escaped or replaced, and the joints between message,
 * keys and values (a space before a key, `=` after it) are the parser's. A piece free of these characters, cut as
 * `rawRequirementOf` says at spaces, lies inside one message, key or value, and is copied there verbatim from the line
 * (escapes that decode to a piece's characters mark the line: see rawLineMarker).
 */
function isCut(code: number): boolean {
  return (
    code < 0x20 || code >= 0x7f ||
    code === 0x22 /* " */ || code === 0x27 /* ' */ || code === 0x5c /* \ */ || code === 0x3d /* = */ ||
    code === 0x3a /* : */ || code === 0x2c /* , */ || code === 0x2e /* . */ || code === 0x7b || code === 0x7d /* { } */ ||
    code === 0x5b || code === 0x5d /* [ ] */ || code === 0x3c || code === 0x3e /* < > */ || code === 0x26 /* & */
  );
}

/**
 * A JSON number re-rendered (`1.50` → `1.5`, `1e3` → `1000`) can change a piece made of these alone, when the
 * literal lets it be (part of) a value: nothing or `=` `:` `,` `[` before it, nothing or a space `,` `}` `]` after.
 */
const NUMERIC = /^[0-9eE+-]+$/;
const BEFORE_NUMBER = new Set([undefined, '=', ':', ',', '[']);
const AFTER_NUMBER = new Set([undefined, ' ', ',', '}', ']']);

/**
 * Field keys and values parsers write that the line does not hold as such (a CRI line's `stream=`, dmesg's
 * `facility=kern` from `<6>`, capnslog's `pkg=`), as the match text shows them: a piece that could lie in one of
 * them, with the characters around it in the literal, could come from there rather than from the line.
 */
const SYNTHESISED_KEYS = [
  'partial', 'truncated', 'tags', 'stream', 'facility', 'caller', 'delta', 'kernelMonotonic', 'omittedFields', 'pkg',
  'msgid', 'procid', 'signal', 'goroutine', 'panic', 'fatalError',
];
const SYNTHESISED_VALUES = [
  'true', 'kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv', 'ftp', 'ntp',
  'security', 'console', 'solaris-cron', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7',
];
const SYNTHESISED = ` ${SYNTHESISED_KEYS.map((key) => `${key}=`).join(' ')} ${SYNTHESISED_VALUES.map((value) => `=${value} `).join('')}`.toLowerCase();

/**
 * What a line's raw bytes must hold when `literal` occurs in the match text of an event of that line: any one of
 * the alternatives, each a set of pieces the line must all hold. Undefined when no such condition is selective
 * enough (the rule must then be tried on every line).
 *
 * The literal is cut at the characters `isCut` names into runs. A run may still span one joint: a space followed by
 * a field key (keys hold no space: `mayMatch` in pipeline/parse-member sends events of a format with free-form keys
 * to the matcher when a key holds one). Two joints would need the `=` between them, so a run holds at most one, and
 * only at its last space with a key's start after it. So a run that ends with a space lies in one region whole, and
 * any other run is in the line whole or as its start without the last word plus that last word (the key) apart.
 * The condition takes the two most selective runs. With `inMessage` the literal is looked for in an event's message
 * alone (`message.includes`), which has no joints: runs are kept whole.
 */
export function rawRequirementOf(literal: string, options: { readonly inMessage?: boolean } = {}): string[][] | undefined {
  const runs: { alternatives: string[][]; strength: number }[] = [];
  let start = 0;
  for (let i = 0; i <= literal.length; i++) {
    if (i < literal.length && !isCut(literal.charCodeAt(i))) continue;
    const run = runRequirement(literal, start, i, options.inMessage === true);
    if (run) runs.push(run);
    start = i + 1;
  }
  runs.sort((a, b) => b.strength - a.strength);
  if (runs.length === 0) return undefined;
  if (runs.length === 1) return runs[0]!.alternatives;
  const out: string[][] = [];
  for (const a of runs[0]!.alternatives) for (const b of runs[1]!.alternatives) out.push([...new Set([...a, ...b])]);
  return out;
}

function runRequirement(literal: string, from: number, to: number, inMessage: boolean): { alternatives: string[][]; strength: number } | undefined {
  let a = from;
  let b = to;
  while (a < b && literal.charCodeAt(a) === 0x20) a++;
  while (b > a && literal.charCodeAt(b - 1) === 0x20) b--;
  if (a >= b) return undefined;
  const lastSpace = literal.lastIndexOf(' ', b - 1);
  const whole = usablePiece(literal, a, b);
  let alternatives: (string | undefined)[][];
  if (inMessage || b < to || lastSpace < a) {
    alternatives = [[whole]];
  } else {
    let head = lastSpace;
    while (head > a && literal.charCodeAt(head - 1) === 0x20) head--;
    alternatives = [[whole], [usablePiece(literal, a, head), usablePiece(literal, lastSpace + 1, b)]];
  }
  const kept = alternatives.map((pieces) => pieces.filter((p): p is string => p !== undefined));
  if (kept.some((pieces) => pieces.length === 0)) return undefined;
  const strength = Math.min(...kept.map((pieces) => pieces.reduce((sum, p) => sum + p.length, 0)));
  return { alternatives: kept.map((pieces) => pieces.map((p) => p.toLowerCase())), strength };
}

/** `literal.slice(from, to)` when a line must show it as is (long enough, not a number, not a synthesised word). */
function usablePiece(literal: string, from: number, to: number): string | undefined {
  const piece = literal.slice(from, to);
  if (piece.length < MIN_LITERAL_LENGTH) return undefined;
  if (NUMERIC.test(piece) && BEFORE_NUMBER.has(literal[from - 1]) && AFTER_NUMBER.has(literal[to])) return undefined;
  // Synthesised keys and values are single words: a piece with a space cannot lie in one.
  if (!piece.includes(' ') && SYNTHESISED.includes(literal.slice(Math.max(0, from - 1), Math.min(literal.length, to + 1)).toLowerCase())) return undefined;
  return piece;
}

/** More alternatives than this for one rule: it keeps fewer literal sets (a broader but smaller condition). */
const MAX_ALTERNATIVES = 64;

/**
 * What a line's raw bytes must hold when `rule` matches an event of that line, as alternatives of pieces (see
 * rawRequirementOf), or undefined when nothing selective is required. Every match holds one literal of the rule's
 * (declared or derived) literals, and one of each literal set its regex requires (extractRequiredSets): the
 * condition takes the two most selective of these sets together.
 */
export function rawRequirementOfRule(rule: CompiledRule): string[][] | undefined {
  if (rule.target !== 'message' || rule.literals.length === 0) return undefined;
  const sets = [rule.literals, ...(extractRequiredSets(rule.regex.source, rule.caseInsensitive) ?? [])];
  const usable: { alternatives: string[][]; strength: number }[] = [];
  for (const set of sets) {
    const alternatives: string[][] = [];
    for (const literal of set) {
      const requirement = rawRequirementOf(literal);
      if (requirement === undefined) {
        alternatives.length = 0;
        break;
      }
      alternatives.push(...requirement);
    }
    if (alternatives.length === 0) continue;
    usable.push({ alternatives, strength: Math.min(...alternatives.map((pieces) => pieces.reduce((sum, p) => sum + p.length, 0))) });
  }
  usable.sort((a, b) => b.strength - a.strength);
  let out: string[][] | undefined;
  for (const { alternatives } of usable.slice(0, 2)) {
    if (out === undefined) {
      out = alternatives;
      continue;
    }
    if (out.length * alternatives.length > MAX_ALTERNATIVES) break;
    const product: string[][] = [];
    for (const a of out) for (const b of alternatives) product.push([...new Set([...a, ...b])]);
    out = product;
  }
  return out;
}

/**
 * The raw conditions of every rule of every signature, and of `messageLiterals` (text a rule looks for in an event's
 * message: the system fact line rules'), or undefined when some rule cannot be prefiltered on raw bytes (a rule
 * without literals or on a named field, no usable condition): then every line must reach the matcher. Each condition
 * is a set of pieces a line must all hold; a line holding any condition is marked.
 */
export function rawConditionsOf(signatures: readonly Signature[], messageLiterals: readonly string[] = []): string[][] | undefined {
  const conditions = new Map<string, string[]>();
  const add = (requirement: string[][] | undefined): boolean => {
    if (requirement === undefined) return false;
    for (const pieces of requirement) {
      const sorted = [...new Set(pieces)].sort();
      conditions.set(sorted.join('\u0000'), sorted);
    }
    return true;
  };
  for (const signature of signatures) {
    for (const rule of signature.rules) if (!add(rawRequirementOfRule(rule))) return undefined;
  }
  for (const literal of messageLiterals) if (!add(rawRequirementOf(literal, { inMessage: true }))) return undefined;
  return [...conditions.values()];
}

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
export function rawLineMarker(conditions: readonly (readonly string[])[]): RawLineMarker {
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

/** Marks lines holding `\u`, `\U`, `\x`, `\0`–`\7`, `\/` or ESC (see rawLineMarker). */
function markEscapes(whole: Buffer, from: number, to: number, firstLine: number, marks: LineMarks): void {
  // A view of the region, so a search for a byte it lacks stops at its end.
  const bytes = whole.subarray(from, to);
  const start = 0;
  const end = bytes.length;
  for (const byte of [0x5c, 0x1b]) {
    let at = start;
    let line = firstLine;
    for (let hit = bytes.indexOf(byte, start); hit !== -1 && hit < end; hit = bytes.indexOf(byte, hit + 1)) {
      if (byte === 0x5c && !decodesToPieceCharacter(bytes[hit + 1])) continue;
      for (let nl = bytes.indexOf(0x0a, at); nl !== -1 && nl < hit; nl = bytes.indexOf(0x0a, nl + 1)) {
        line++;
        at = nl + 1;
      }
      marks.mark(line);
    }
  }
}

function decodesToPieceCharacter(next: number | undefined): boolean {
  return next === 0x75 /* u */ || next === 0x55 /* U */ || next === 0x78 /* x */ || next === 0x2f /* / */ || (next !== undefined && next >= 0x30 && next <= 0x37);
}

/**
 * The raw line marker for a library and the system fact line rules' literals, or undefined when its rules cannot be
 * prefiltered on raw bytes.
 */
export function rawLineMarkerFor(signatures: readonly Signature[], messageLiterals: readonly string[] = []): RawLineMarker | undefined {
  // The shipped library's conditions come from its build snapshot (loadLibrary records them).
  const conditions = (knownRawConditions(signatures, messageLiterals) ?? { conditions: rawConditionsOf(signatures, messageLiterals) }).conditions;
  return conditions === undefined ? undefined : rawLineMarker(conditions);
}
