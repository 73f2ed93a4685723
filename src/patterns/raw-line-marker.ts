import type { CompiledRule, Signature } from '../model/index.js';
import type { RawLineMarker } from '../ingest/line-marks.js';
import { LineMarks } from '../ingest/line-marks.js';
import { extractRequiredSets, MIN_LITERAL_LENGTH } from './extract-literals.js';
import { knownRawConditions } from './known-raw-conditions.js';
import { BLOCK_TABLE_SIZE, blockHash, countBlocks, FOLDED, WindowScan } from './window-scan.js';

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

/** Window length for conditions with a piece at least this long: longer windows let the scan skip further. */
const LONG_WINDOW = 8;

/** Blocks are counted in the first bytes read, up to this many, to choose each condition's window (see rawLineMarker). */
const CALIBRATION_BYTES = 1 << 18;

/** Windows are chosen again when the bytes counted reach this, then this times 16, … and at CALIBRATION_BYTES. */
const FIRST_CHOICE_BYTES = 1 << 14;

/** Runs of bytes are counted in a table of this many bits of their hash. */
const RUN_HASH_BITS = 18;
const RUN_BASE = 0x01000193;

/** A polynomial hash of the folded `bytes[at, at + width)`, the one countRuns rolls along. */
function runHash(bytes: Uint8Array, at: number, width: number): number {
  let hash = 0;
  for (let k = 0; k < width; k++) hash = (Math.imul(hash, RUN_BASE) + FOLDED[bytes[at + k]!]!) | 0;
  return hash;
}

function runHashIndex(hash: number): number {
  return Math.imul(hash, 0x9e3779b1) >>> (32 - RUN_HASH_BITS);
}

/** Adds one to `counts` for each `width`-long run of `bytes[start, end)`, by runHashIndex. */
function countRuns(bytes: Uint8Array, start: number, end: number, width: number, counts: Uint32Array): void {
  if (end - start < width) return;
  const folded = FOLDED;
  const down = 32 - RUN_HASH_BITS;
  let outFactor = 1;
  for (let k = 1; k < width; k++) outFactor = Math.imul(outFactor, RUN_BASE);
  let hash = runHash(bytes, start, width);
  counts[runHashIndex(hash)]!++;
  for (let at = start + 1; at + width <= end; at++) {
    hash = (Math.imul((hash - Math.imul(folded[bytes[at - 1]!]!, outFactor)) | 0, RUN_BASE) + folded[bytes[at + width - 1]!]!) | 0;
    counts[Math.imul(hash, 0x9e3779b1) >>> down]!++;
  }
}

/** One scan over the windows of the conditions whose longest piece is at least its width. */
interface WindowGroup {
  readonly scan: WindowScan;
  /** Per window of the scan, the conditions it was chosen for. */
  readonly conditionsOf: readonly (readonly number[])[];
}

/**
 * Marks lines that hold every piece of some condition (ASCII case folded). Each condition is looked for by one
 * window: a substring of one of its pieces, LONG_WINDOW bytes long where the condition has such a piece, else as long
 * as the shortest longest piece among the conditions without one (a second scan). A Wu–Manber scan (WindowScan) finds
 * lines holding a window; such a line is marked when every piece of a condition whose window it holds occurs in it.
 * A line that holds a condition holds its window, so windows decide only how fast lines are marked, never which.
 *
 * Each condition's window is the one whose blocks occurred least often in the bytes read so far (counted over the
 * first CALIBRATION_BYTES): a rare window lets the scan skip further and stops it less often.
 *
 * A line is also marked when it holds an escape that decodes to a character a piece may contain (`\uXXXX`, `\xNN`,
 * `\NNN`, `\/`) or an ANSI escape (removed before parsing, so text on both sides of it joins up).
 */
export function rawLineMarker(conditions: readonly (readonly string[])[]): RawLineMarker {
  const pieceIds = new Map<string, number>();
  // A condition with an empty piece is never held (an empty piece is never found).
  const usable = conditions.filter((condition) => condition.length > 0 && condition.every((piece) => piece.length > 0));
  for (const condition of usable) for (const piece of condition) if (!pieceIds.has(piece.toLowerCase())) pieceIds.set(piece.toLowerCase(), pieceIds.size);
  const pieces = [...pieceIds.keys()];
  for (const piece of pieces) if (!/^[\x00-\x7f]*$/.test(piece)) throw new Error(`raw piece "${piece}" is not ASCII`);
  const pieceBytes = pieces.map((piece) => Buffer.from(piece, 'latin1'));
  const conditionPieces = usable.map((condition) => [...new Set(condition.map((p) => pieceIds.get(p.toLowerCase())!))]);
  const longestOf = conditionPieces.map((ids) => Math.max(...ids.map((id) => pieces[id]!.length)));
  const shortWidth = Math.min(LONG_WINDOW, ...longestOf);
  const widthOf = (c: number): number => (longestOf[c]! >= LONG_WINDOW ? LONG_WINDOW : shortWidth);
  const widths = [...new Set(conditionPieces.map((_, c) => widthOf(c)))];

  // How often each 2- and 3-byte block, and each window-long run of bytes, occurred in the bytes counted (by hash).
  const blockCounts = [new Float64Array(BLOCK_TABLE_SIZE[2]), new Float64Array(BLOCK_TABLE_SIZE[3])];
  const runCounts = new Map(widths.map((width) => [width, new Uint32Array(1 << RUN_HASH_BITS)]));
  let counted = 0;
  let nextChoiceAt = FIRST_CHOICE_BYTES;
  let groups: WindowGroup[] | undefined;

  const chooseWindows = (): WindowGroup[] =>
    widths.map((width) => {
      const windowIds = new Map<string, number>();
      const conditionsOf: number[][] = [];
      const block = width >= 5 ? 3 : width >= 2 ? 2 : 1;
      const counts = blockCounts[block === 3 ? 1 : 0]!;
      const runs = runCounts.get(width)!;
      conditionPieces.forEach((ids, c) => {
        if (widthOf(c) !== width) return;
        let best: string | undefined;
        let bestCost = Infinity;
        for (const id of ids) {
          const bytes = pieceBytes[id]!;
          for (let at = 0; at + width <= bytes.length; at++) {
            // Fewest occurrences first (each may be a line to check), then the rarest blocks (longer shifts).
            let cost = runs[runHashIndex(runHash(bytes, at, width))]! * 2 ** 32;
            if (block > 1) for (let last = at + block - 1; last < at + width; last++) cost += counts[blockHash(bytes, last, block)]!;
            if (cost < bestCost) {
              bestCost = cost;
              best = pieces[id]!.slice(at, at + width);
            }
          }
        }
        let w = windowIds.get(best!);
        if (w === undefined) {
          w = windowIds.size;
          windowIds.set(best!, w);
          conditionsOf.push([]);
        }
        conditionsOf[w]!.push(c);
      });
      return { scan: new WindowScan([...windowIds.keys()], width), conditionsOf };
    });

  /** Counts the blocks and runs of the region's first bytes while calibrating; chooses the windows again when due. */
  const calibrate = (bytes: Uint8Array, start: number, end: number): WindowGroup[] => {
    if (counted < CALIBRATION_BYTES) {
      const to = Math.min(end, start + (CALIBRATION_BYTES - counted));
      const [pairs, triples] = blockCounts as [Float64Array, Float64Array];
      countBlocks(bytes, start, to, pairs, triples);
      for (const [width, runs] of runCounts) countRuns(bytes, start, to, width, runs);
      counted += to - start;
      if (counted >= nextChoiceAt) {
        groups = undefined;
        while (nextChoiceAt <= counted) nextChoiceAt *= 16;
      }
    }
    return (groups ??= chooseWindows());
  };

  // Conditions already checked on the current line carry its generation.
  const checkedOn = new Uint32Array(usable.length);
  let generation = 0;
  // The line being checked, lower case, made when a condition is first checked on it.
  let lowerLine: string | undefined;

  /**
   * True when every piece of condition `c` occurs in the line. Read as Latin-1 and lower-cased by V8 (native, unlike a
   * fold per byte in JS): an ASCII piece occurs there exactly where it occurs case folded in the bytes, since no
   * Latin-1 character above 0x7f lower-cases to ASCII.
   */
  const conditionHolds = (c: number, bytes: Buffer, lineStart: number, lineEnd: number): boolean => {
    lowerLine ??= bytes.toString('latin1', lineStart, lineEnd).toLowerCase();
    for (const id of conditionPieces[c]!) if (!lowerLine.includes(pieces[id]!)) return false;
    return true;
  };

  /**
   * True when `bytes[lineStart, lineEnd)` holds every piece of a condition of `group` whose window occurs at or after
   * `from` (the line's first window of the group: any condition of the group the line holds).
   */
  const lineHolds = (bytes: Buffer, lineStart: number, lineEnd: number, from: number, group: WindowGroup): boolean => {
    if (++generation === 0xffffffff) {
      checkedOn.fill(0);
      generation = 1;
    }
    lowerLine = undefined;
    const { scan, conditionsOf } = group;
    for (let at = scan.find(bytes, from, lineEnd); at !== -1; at = scan.find(bytes, at + 1, lineEnd)) {
      for (const c of conditionsOf[scan.found]!) {
        if (checkedOn[c] === generation) continue;
        checkedOn[c] = generation;
        if (conditionHolds(c, bytes, lineStart, lineEnd)) return true;
      }
    }
    return false;
  };

  const markLines = (bytes: Buffer, start: number, end: number, firstLine: number, marks: LineMarks): void => {
    if (usable.length > 0) {
      const current = calibrate(bytes, start, end);
      // One pass per scan; line numbers are counted forward from the last line found (hits come in order).
      for (const group of current) {
        const { scan } = group;
        let lineStart = start;
        let line = firstLine;
        let from = start;
        while (from < end) {
          const hit = scan.find(bytes, from, end);
          if (hit === -1) break;
          for (let nl = bytes.indexOf(0x0a, lineStart); nl !== -1 && nl < hit; nl = bytes.indexOf(0x0a, nl + 1)) {
            line++;
            lineStart = nl + 1;
          }
          let lineEnd = bytes.indexOf(0x0a, hit);
          if (lineEnd === -1 || lineEnd > end) lineEnd = end;
          if (!marks.isMarked(line) && lineHolds(bytes, lineStart, lineEnd, hit, group)) marks.mark(line);
          // On at the next line (no window holds a newline).
          if (lineEnd >= end) break;
          line++;
          lineStart = from = lineEnd + 1;
        }
      }
    }
    markEscapes(bytes, start, end, firstLine, marks);
  };

  return {
    markLines,
    holdsLiteral(text: string): boolean {
      if (usable.length === 0) return false;
      const current = (groups ??= chooseWindows());
      const bytes = Buffer.from(text, 'utf8');
      for (let lineStart = 0; lineStart <= bytes.length;) {
        let lineEnd = bytes.indexOf(0x0a, lineStart);
        if (lineEnd === -1) lineEnd = bytes.length;
        if (current.some((group) => lineHolds(bytes, lineStart, lineEnd, lineStart, group))) return true;
        lineStart = lineEnd + 1;
      }
      return false;
    },
  };
}

/**
 * Marks lines holding `\u`, `\U`, `\x`, `\0`–`\7`, `\/` or ESC (see rawLineMarker). Exported for the reference
 * marker kept in test/patterns, which marks escapes the same way.
 */
export function markEscapes(whole: Buffer, from: number, to: number, firstLine: number, marks: LineMarks): void {
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
