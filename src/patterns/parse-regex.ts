/**
 * A small syntax tree of a JavaScript regex (non-`u` mode, Annex B leniency), enough to derive prefilter
 * literals. It is not a matcher.
 */

/** A set of UTF-16 code units: `ranges` are inclusive; `negated` means every code unit not in them. */
export interface CharSet {
  readonly negated: boolean;
  readonly ranges: readonly (readonly [number, number])[];
}

export type RegexNode =
  | { readonly type: 'char'; readonly code: number }
  | { readonly type: 'set'; readonly set: CharSet }
  | { readonly type: 'seq'; readonly items: readonly RegexNode[] }
  | { readonly type: 'alt'; readonly branches: readonly RegexNode[] }
  | { readonly type: 'group'; readonly body: RegexNode }
  /** Lookahead/lookbehind: zero-width, its body consumes nothing of the match. */
  | { readonly type: 'look'; readonly body: RegexNode }
  /** `^ $ \b \B`: zero-width. */
  | { readonly type: 'assert' }
  | { readonly type: 'backref' }
  | { readonly type: 'repeat'; readonly body: RegexNode; readonly min: number; readonly max: number };

const DIGIT: CharSet = { negated: false, ranges: [[48, 57]] };
const WORD: CharSet = { negated: false, ranges: [[48, 57], [65, 90], [95, 95], [97, 122]] };
// ECMAScript WhiteSpace + LineTerminator (https://tc39.es/ecma262/#sec-white-space)
const SPACE: CharSet = {
  negated: false,
  ranges: [[9, 13], [32, 32], [160, 160], [5760, 5760], [8192, 8202], [8232, 8233], [8239, 8239], [8287, 8287], [12288, 12288], [65279, 65279]],
};
/** `.` without the `s` flag: anything but a line terminator. */
export const DOT: CharSet = { negated: true, ranges: [[10, 10], [13, 13], [8232, 8233]] };

function negate(set: CharSet): CharSet {
  return { negated: !set.negated, ranges: set.ranges };
}

class RegexSyntaxError extends Error {}

/**
 * Parses a regex source. Returns undefined when the source uses syntax this parser does not know; callers then
 * fall back to the safe answer (no literals: always a candidate).
 */
export function parseRegex(source: string): RegexNode | undefined {
  try {
    const parser = new Parser(source);
    const node = parser.parseAlternation();
    if (!parser.atEnd()) return undefined;
    return node;
  } catch (error) {
    if (error instanceof RegexSyntaxError) return undefined;
    throw error;
  }
}

class Parser {
  private pos = 0;
  constructor(private readonly src: string) {}

  atEnd(): boolean {
    return this.pos >= this.src.length;
  }

  parseAlternation(): RegexNode {
    const branches = [this.parseSequence()];
    while (this.src[this.pos] === '|') {
      this.pos++;
      branches.push(this.parseSequence());
    }
    return branches.length === 1 ? branches[0] : { type: 'alt', branches };
  }

  private parseSequence(): RegexNode {
    const items: RegexNode[] = [];
    while (!this.atEnd() && this.src[this.pos] !== '|' && this.src[this.pos] !== ')') {
      const atom = this.parseAtom();
      items.push(this.parseQuantifier(atom));
    }
    return items.length === 1 ? items[0] : { type: 'seq', items };
  }

  private parseQuantifier(atom: RegexNode): RegexNode {
    const c = this.src[this.pos];
    let min: number;
    let max: number;
    if (c === '*') [min, max] = [0, Infinity];
    else if (c === '+') [min, max] = [1, Infinity];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos));
      if (!m) return atom;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      this.pos += m[0].length - 1;
    } else return atom;
    this.pos++;
    if (this.src[this.pos] === '?') this.pos++;
    if (atom.type === 'assert' || atom.type === 'look') return atom;
    return { type: 'repeat', body: atom, min, max };
  }

  private parseAtom(): RegexNode {
    const c = this.src[this.pos];
    switch (c) {
      case '(':
        return this.parseGroup();
      case '[':
        return this.parseClass();
      case '.':
        this.pos++;
        return { type: 'set', set: DOT };
      case '^':
      case '$':
        this.pos++;
        return { type: 'assert' };
      case '\\':
        return this.parseEscape();
      case '*':
      case '+':
      case '?':
        throw new RegexSyntaxError('nothing to repeat');
      case '{':
        if (/^\{\d+(,\d*)?\}/.test(this.src.slice(this.pos))) throw new RegexSyntaxError('nothing to repeat');
        this.pos++;
        return { type: 'char', code: 123 };
      default:
        this.pos++;
        return { type: 'char', code: c.charCodeAt(0) };
    }
  }

  private parseGroup(): RegexNode {
    const rest = this.src.slice(this.pos);
    let look = false;
    if (rest.startsWith('(?:')) this.pos += 3;
    else if (rest.startsWith('(?=') || rest.startsWith('(?!')) [this.pos, look] = [this.pos + 3, true];
    else if (rest.startsWith('(?<=') || rest.startsWith('(?<!')) [this.pos, look] = [this.pos + 4, true];
    else if (rest.startsWith('(?<')) {
      const m = /^\(\?<[A-Za-z_$][\w$]*>/.exec(rest);
      if (!m) throw new RegexSyntaxError('bad group name');
      this.pos += m[0].length;
    } else if (rest.startsWith('(?')) throw new RegexSyntaxError('unknown group kind');
    else this.pos += 1;
    const body = this.parseAlternation();
    if (this.src[this.pos] !== ')') throw new RegexSyntaxError('unterminated group');
    this.pos++;
    return look ? { type: 'look', body } : { type: 'group', body };
  }

  private parseEscape(): RegexNode {
    const c = this.src[this.pos + 1];
    if (c === undefined) throw new RegexSyntaxError('trailing backslash');
    this.pos += 2;
    switch (c) {
      case 'b':
      case 'B':
        return { type: 'assert' };
      case 'd': return { type: 'set', set: DIGIT };
      case 'D': return { type: 'set', set: negate(DIGIT) };
      case 'w': return { type: 'set', set: WORD };
      case 'W': return { type: 'set', set: negate(WORD) };
      case 's': return { type: 'set', set: SPACE };
      case 'S': return { type: 'set', set: negate(SPACE) };
      case 'k':
        if (this.src[this.pos] === '<') {
          const end = this.src.indexOf('>', this.pos);
          if (end < 0) throw new RegexSyntaxError('bad named reference');
          this.pos = end + 1;
          return { type: 'backref' };
        }
        return { type: 'char', code: 107 };
      default:
        if (c >= '1' && c <= '9') {
          while (/[0-9]/.test(this.src[this.pos] ?? '')) this.pos++;
          return { type: 'backref' };
        }
        return { type: 'char', code: this.escapedCode(c) };
    }
  }

  /** Code unit of a character escape (`\n`, `\x41`, `\u0041`, `\cJ`, `\.`); `this.pos` is just after `c`. */
  private escapedCode(c: string): number {
    switch (c) {
      case 'n': return 10;
      case 'r': return 13;
      case 't': return 9;
      case 'f': return 12;
      case 'v': return 11;
      case '0':
        if (/[0-9]/.test(this.src[this.pos] ?? '')) throw new RegexSyntaxError('legacy octal escape');
        return 0;
      case 'x': {
        const hex = /^[0-9a-fA-F]{2}/.exec(this.src.slice(this.pos));
        if (!hex) return 120;
        this.pos += 2;
        return parseInt(hex[0], 16);
      }
      case 'u': {
        const hex = /^[0-9a-fA-F]{4}/.exec(this.src.slice(this.pos));
        if (!hex) return 117;
        this.pos += 4;
        return parseInt(hex[0], 16);
      }
      case 'c': {
        const letter = this.src[this.pos];
        if (letter !== undefined && /[A-Za-z]/.test(letter)) {
          this.pos++;
          return letter.charCodeAt(0) % 32;
        }
        throw new RegexSyntaxError('bad control escape');
      }
      default:
        return c.charCodeAt(0);
    }
  }

  private parseClass(): RegexNode {
    this.pos++;
    let negated = false;
    if (this.src[this.pos] === '^') [negated, this.pos] = [true, this.pos + 1];
    const ranges: [number, number][] = [];
    const sets: CharSet[] = [];
    while (this.src[this.pos] !== ']') {
      if (this.atEnd()) throw new RegexSyntaxError('unterminated class');
      const lo = this.classAtom();
      if (this.src[this.pos] === '-' && this.src[this.pos + 1] !== ']' && this.pos + 1 < this.src.length) {
        this.pos++;
        const hi = this.classAtom();
        if (typeof lo === 'number' && typeof hi === 'number') {
          ranges.push([lo, hi]);
          continue;
        }
        // Annex B: `[\d-x]` means the class, a literal '-', and x.
        ranges.push([45, 45]);
        for (const side of [lo, hi]) typeof side === 'number' ? ranges.push([side, side]) : sets.push(side);
        continue;
      }
      if (typeof lo === 'number') ranges.push([lo, lo]);
      else sets.push(lo);
    }
    this.pos++;
    if (sets.some((s) => s.negated)) {
      // `[\S\s]`, `[^\W]`: too rare to model exactly; "anything" is the safe over-approximation.
      return { type: 'set', set: { negated: true, ranges: [] } };
    }
    for (const s of sets) ranges.push(...s.ranges.map((r): [number, number] => [r[0], r[1]]));
    return { type: 'set', set: { negated, ranges } };
  }

  private classAtom(): number | CharSet {
    const c = this.src[this.pos];
    if (c !== '\\') {
      this.pos++;
      return c.charCodeAt(0);
    }
    const e = this.src[this.pos + 1];
    if (e === undefined) throw new RegexSyntaxError('trailing backslash');
    this.pos += 2;
    switch (e) {
      case 'd': return DIGIT;
      case 'D': return negate(DIGIT);
      case 'w': return WORD;
      case 'W': return negate(WORD);
      case 's': return SPACE;
      case 'S': return negate(SPACE);
      case 'b': return 8;
      case '-': return 45;
      default:
        if (e >= '1' && e <= '9') throw new RegexSyntaxError('octal escape in class');
        return this.escapedCode(e);
    }
  }
}

/** True when the two sets share a code unit (negated sets are treated as large, never empty). */
export function charSetsIntersect(a: CharSet, b: CharSet): boolean {
  if (a.negated && b.negated) return true;
  if (a.negated || b.negated) {
    const [neg, pos] = a.negated ? [a, b] : [b, a];
    // pos ∩ ¬neg.ranges is empty only if every code unit of pos lies inside neg.ranges.
    return !pos.ranges.every(([lo, hi]) => coveredBy(lo, hi, neg.ranges));
  }
  return a.ranges.some(([alo, ahi]) => b.ranges.some(([blo, bhi]) => alo <= bhi && blo <= ahi));
}

function coveredBy(lo: number, hi: number, ranges: readonly (readonly [number, number])[]): boolean {
  let next = lo;
  const sorted = [...ranges].sort((x, y) => x[0] - y[0]);
  for (const [rlo, rhi] of sorted) {
    if (rlo > next) break;
    if (rhi >= next) next = rhi + 1;
    if (next > hi) return true;
  }
  return next > hi;
}
