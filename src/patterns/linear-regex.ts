import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import type { RE2JS } from 're2js';
import type { CompiledRule, RuleRegex, Signature } from '../model/index.js';

/**
 * Signature regexes run on RE2JS (a port of RE2: an automaton, linear in the text whatever the pattern), or on V8's
 * own linear-time engine where it can run them (a regex's first short texts: see V8_LINEAR_MAX_TEXT), so no rule and
 * no line can make matching backtrack. A backtracking checker can only approximate this; the engines make it a
 * guarantee. Authors still write JavaScript syntax: this file translates the few places where the two dialects
 * differ, so every pattern means what it meant under V8 (`\s`, `.`), and rejects what RE2 cannot run.
 */

/** JavaScript's `\s` (WhiteSpace + LineTerminator); RE2's `\s` is ASCII only. */
const JS_SPACE = String.raw`\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}`;
/** JavaScript's `.` without the `s` flag stops at line terminators; RE2's only at `\n`. */
const JS_DOT = String.raw`[^\n\r\x{2028}\x{2029}]`;
/** A trailing negative lookahead is rewritten into an alternation of this many nested levels at most. */
const MAX_LOOKAHEAD_LITERAL = 64;

/** Thrown for a pattern the linear-time engine cannot run; the message says what to change. */
export class UnsupportedRegexError extends Error {}

/**
 * RE2JS (263 KB of JavaScript), loaded the first time a regex needs it: a run whose candidate lines are all short and
 * whose regexes V8 runs in linear time never does (see V8_LINEAR_MAX_TEXT). Its CommonJS build, so it loads
 * synchronously where a regex first runs.
 */
let re2js: typeof import('re2js') | undefined;
const re2jsModule = (): typeof import('re2js') => (re2js ??= createRequire(import.meta.url)('re2js') as typeof import('re2js'));

type ExecResult = { readonly groups?: Readonly<Record<string, string | undefined>> };

class LinearRegex implements RuleRegex {
  readonly source: string;
  readonly flags: string;
  // # fields: a structured clone (the setup message to worker threads) leaves the compiled engines behind.
  #compiled: RE2JS | undefined;
  /** V8's linear-time engine for short texts (see V8_LINEAR_MAX_TEXT); null when it cannot run the regex. */
  #v8: RegExp | null | undefined;
  /** What each character run on V8 costs the budget (see SPLIT_COUNT_CHARGE). */
  #v8Charge = 1;
  /** Characters V8's engine may still read for this regex (see V8_LINEAR_BUDGET) before RE2JS takes over. */
  #v8Budget = V8_LINEAR_BUDGET;
  /** The last text `exec` ran on and its result, which callers only read. */
  #lastText: string | undefined;
  #lastResult: ExecResult | null = null;

  constructor(source: string, ignoreCase: boolean, deferred: boolean, engine?: 're2js') {
    this.source = source;
    this.flags = ignoreCase ? 'i' : '';
    // Compiled here to refuse what RE2 cannot run, whichever engine runs it later.
    if (!deferred) this.#compiled = this.compile();
    if (engine === 're2js') this.#v8 = null;
  }

  private compile(): RE2JS {
    const { RE2JS } = re2jsModule();
    return RE2JS.compile(translateToRe2(this.source), RE2JS.LOOKBEHINDS | (this.flags === 'i' ? RE2JS.CASE_INSENSITIVE : 0));
  }

  private get re2js(): RE2JS {
    return (this.#compiled ??= this.compile());
  }

  /**
   * V8's linear-time engine for `text`, when it is short enough, the regex has budget left and V8 can run it there;
   * the text is charged to the budget.
   */
  private v8For(text: string): RegExp | null {
    if (text.length > V8_LINEAR_MAX_TEXT || text.length > this.#v8Budget) return null;
    if (this.#v8 === undefined) this.chooseV8();
    if (text.length * this.#v8Charge > this.#v8Budget) return null;
    if (this.#v8) this.#v8Budget -= text.length * this.#v8Charge;
    return this.#v8 ?? null;
  }

  /** The engine that runs a regex's first texts when they are short (see V8_LINEAR_BUDGET); RE2JS runs the rest. */
  get engineName(): 'v8-linear' | 're2js' {
    if (this.#v8 === undefined) this.chooseV8();
    return this.#v8 ? 'v8-linear' : 're2js';
  }

  private chooseV8(): void {
    const v8 = v8LinearRegExp(this.source, this.flags);
    this.#v8 = v8?.regex ?? null;
    this.#v8Charge = v8?.charge ?? 1;
  }

  exec(text: string): { readonly groups?: Readonly<Record<string, string | undefined>> } | null {
    // A flood repeats one message (a restart loop, a retry): the capturing search runs once.
    if (text === this.#lastText) return this.#lastResult;
    const v8 = this.v8For(text);
    let result: ExecResult | null;
    if (v8) result = v8.exec(text);
    else {
      // RE2JS's DFA answers whether there is a match many times faster than its capturing search; most candidates a
      // literal let through do not match.
      const engine = this.re2js;
      result = engine.test(text) ? (engine.exec(text) as ExecResult | null) : null;
    }
    this.#lastText = text;
    this.#lastResult = result;
    return result;
  }

  test(text: string): boolean {
    return (this.v8For(text) ?? this.re2js).test(text);
  }
}

/**
 * Which engine runs a text. Both take time linear in the text; they differ in constants. RE2JS is slow cold (~10 ms
 * to compile a regex and ~1 ms a line for its first lines: most of a small report's matching) and fast warm (~5 µs
 * a line for a regex that does not match it, its DFA); V8's linear-time engine compiles at once but interprets an
 * automaton tracking every capture, ~100 µs a line (~0.5-1 µs a character, ~30 µs on hostile text). So a regex's
 * first texts run on V8, up to V8_LINEAR_BUDGET characters in all (a few milliseconds, about what RE2JS's compile
 * and warm-up would have cost), and a text longer than V8_LINEAR_MAX_TEXT always on RE2JS.
 */
export const V8_LINEAR_MAX_TEXT = 1024;
/** Characters of text a regex runs on V8 before RE2JS runs it (see V8_LINEAR_MAX_TEXT). */
export const V8_LINEAR_BUDGET = 32 * 1024;

let v8LinearEngine: boolean | undefined;

/**
 * The regex on V8's own linear-time engine (the `l` flag: an automaton, like RE2's; V8 refuses a regex it cannot run
 * so), or undefined when V8 cannot run it there: case-insensitive, a lookaround other than a leading one-class
 * lookbehind (rewritten as for RE2), a counted repetition above 16 on a group or above 64 (counts up to 64 on one
 * character are split: withCountsSplitForV8), or a V8 without the engine. It runs the
 * JavaScript the authors wrote, untranslated. The V8 flag only makes the `l` flag available: no other regex changes
 * engine.
 */
function v8LinearRegExp(source: string, flags: string): { readonly regex: RegExp; readonly charge: number } | undefined {
  if (v8LinearEngine === undefined) {
    setFlagsFromString('--enable-experimental-regexp-engine');
    try {
      v8LinearEngine = new RegExp('(a)', 'l').exec('a')?.[1] === 'a';
    } catch {
      v8LinearEngine = false;
    }
  }
  if (!v8LinearEngine) return undefined;
  const written = withoutLeadingLookbehindForV8(source) ?? source;
  try {
    return { regex: new RegExp(written, `l${flags}`), charge: 1 };
  } catch {
    // Refused: maybe only for a count above what V8 unrolls (the split changes nothing else).
    const split = withCountsSplitForV8(written);
    if (split === undefined) return undefined;
    try {
      return { regex: new RegExp(split, `l${flags}`), charge: SPLIT_COUNT_CHARGE };
    } catch {
      return undefined;
    }
  }
}

/** The largest count V8's linear-time engine accepts on one quantifier (it unrolls each into copies of its atom). */
const V8_LINEAR_MAX_COUNT = 16;
/**
 * The largest count split for V8 (the ids and digests of `[0-9a-f]{12,64}`, `{36}`, `{64}`). Each copy is a state
 * V8's engine tracks captures for at every character: `[^\n]{0,300}?` split costs ~150 µs a character on a line
 * that keeps it alive, where RE2JS's DFA takes well under 1 µs warm, so longer counts stay on RE2JS.
 */
const V8_LINEAR_MAX_SPLIT = 64;
/** A regex with a split count charges its texts this many times to V8_LINEAR_BUDGET: its states cost more. */
const SPLIT_COUNT_CHARGE = 4;

/** A count quantifier `{n}`, `{n,}` or `{n,m}` with its optional lazy `?`, at the start of the text searched. */
const COUNT_QUANTIFIER = /^\{(\d+)(,(\d*))?\}(\??)/;

/**
 * `source` with every count above V8_LINEAR_MAX_COUNT on a one-character atom (a literal, `.`, an escape, a class)
 * written as consecutive quantifiers of at most that count: `x{12,64}` as `x{12}x{0,16}x{0,16}x{0,16}x{0,4}`, so
 * V8's linear-time engine runs the ~40 library rules with `[0-9a-f]{12,64}` or `[^"\n]{1,200}?` instead of leaving
 * them all to RE2JS (263 KB to load, ~10 ms to compile a regex). The same strings match with the same captures:
 * each piece consumes characters of the one atom, so a text position is reached through any split of its count,
 * and the pieces, greedy (lazy), try their splits in an order whose first split of each total comes after every
 * split of a larger (smaller) total, exactly the order the single quantifier tries the totals in. Counts on groups
 * are left alone (V8 refuses them as before, and RE2JS runs the regex). Undefined when there is nothing to split
 * or a count is above V8_LINEAR_MAX_SPLIT.
 */
export function withCountsSplitForV8(source: string): string | undefined {
  let out = '';
  let split = false;
  /** Where the last one-character atom starts in `out`, or -1 when the last thing written is not one. */
  let atomStart = -1;
  for (let i = 0; i < source.length; ) {
    const ch = source[i]!;
    if (ch === '{' && atomStart >= 0) {
      const count = COUNT_QUANTIFIER.exec(source.slice(i));
      if (count) {
        const min = Number(count[1]);
        const max = count[2] === undefined ? min : count[3] === '' ? Infinity : Number(count[3]);
        if (max > V8_LINEAR_MAX_COUNT && min <= max) {
          if (Math.max(min, max === Infinity ? 0 : max) > V8_LINEAR_MAX_SPLIT) return undefined;
          split = true;
          const atom = out.slice(atomStart);
          out = out.slice(0, atomStart) + splitCount(atom, min, max, count[4]!);
          atomStart = -1;
          i += count[0].length;
          continue;
        }
      }
    }
    const end = atomEnd(source, i);
    out += source.slice(i, end);
    atomStart = end === i + 1 && /[|()^$*+?{}]/.test(ch) ? -1 : out.length - (end - i);
    // `\b`, `\B` (assertions) and `(?`-openers are no character to repeat.
    if (ch === '\\' && /^[bB]$/.test(source[i + 1] ?? '')) atomStart = -1;
    i = end;
  }
  return split ? out : undefined;
}

/** Where the token starting at `i` ends: a class, an escape (`\xHH`, `\uHHHH`, `\cX`, `\X`) or one character. */
function atomEnd(source: string, i: number): number {
  const ch = source[i];
  if (ch === '[') {
    let j = i + 1;
    if (source[j] === '^') j++;
    // A `]` first in a JavaScript class closes it (`[]` matches nothing).
    for (; j < source.length && source[j] !== ']'; j++) if (source[j] === '\\') j++;
    return Math.min(j + 1, source.length);
  }
  if (ch === '\\') {
    const next = source[i + 1] ?? '';
    if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(source.slice(i + 2, i + 4))) return i + 4;
    if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(source.slice(i + 2, i + 6))) return i + 6;
    if (next === 'c' && /^[A-Za-z]$/.test(source[i + 2] ?? '')) return i + 3;
    return Math.min(i + 2, source.length);
  }
  return i + 1;
}

/** `atom{min,max}` (max may be Infinity) as quantifiers of at most V8_LINEAR_MAX_COUNT each, `lazy` being '' or '?'. */
function splitCount(atom: string, min: number, max: number, lazy: string): string {
  let out = '';
  for (let left = min; left > 0; left -= V8_LINEAR_MAX_COUNT) out += `${atom}{${Math.min(left, V8_LINEAR_MAX_COUNT)}}`;
  if (max === Infinity) return `${out}${atom}*${lazy}`;
  for (let left = max - min; left > 0; left -= V8_LINEAR_MAX_COUNT) out += `${atom}{0,${Math.min(left, V8_LINEAR_MAX_COUNT)}}${lazy}`;
  return out;
}

/**
 * Compiles a signature regex (JavaScript syntax, already accepted by `new RegExp`) for the linear-time engine.
 * Throws UnsupportedRegexError (lookahead other than a trailing `(?!literal)`, backreferences, `\S` inside a class)
 * or RE2JS's own syntax error. Its first short texts run on V8's linear-time engine when V8 can run the regex there
 * (see V8_LINEAR_MAX_TEXT), the rest on RE2JS; `engine: 're2js'` keeps every text on RE2JS (to compare the engines).
 */
export function compileLinearRegex(source: string, ignoreCase: boolean, options: { readonly engine?: 're2js' } = {}): RuleRegex & { readonly engineName: 'v8-linear' | 're2js' } {
  try {
    return new LinearRegex(source, ignoreCase, false, options.engine);
  } catch (error) {
    if (error instanceof UnsupportedRegexError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new UnsupportedRegexError(`not supported by the linear-time regex engine (RE2 syntax): ${reason}`);
  }
}

function hexEscape(ch: string): string {
  return `\\x{${(ch.codePointAt(0) ?? 0).toString(16)}}`;
}

/**
 * A regex that compiled before (at build time, or on the thread that sent it) compiled again only when first run:
 * most signatures' literals never occur in a bundle, so most regexes never run.
 */
export function deferLinearRegex(source: string, ignoreCase: boolean): RuleRegex {
  return new LinearRegex(source, ignoreCase, true);
}

/** A negative lookbehind of one character class (`[...]`, `\w`, `\d`) opening a regex, and what follows it. */
const LEADING_LOOKBEHIND = /^\(\?<!(\[(?!\^|\])(?:\\.|[^\]\\])*\]|\\[wd])\)([^]*)$/;

/** Rewrites JavaScript regex syntax into RE2 syntax with the same meaning. */
export function translateToRe2(source: string): string {
  return withoutLeadingLookbehind(source) ?? translateBody(source);
}

/**
 * `(?<![C])X` (X without a top-level `|`) as `(?:^|[^C])(?:X)`: X starts at the text's start or after a character
 * outside C, which is what the lookbehind says; the character consumed lies before every capture, and the leftmost
 * match of one is at the leftmost place the other matches. Most lookbehinds in the library open the regex this way
 * (`(?<![\w@.\-])unit\.service`), and RE2JS runs any regex with a lookbehind on its slowest engine, for test as
 * well as exec: ~2 ms a line instead of microseconds.
 */
function withoutLeadingLookbehind(source: string): string | undefined {
  const m = LEADING_LOOKBEHIND.exec(source);
  if (!m || hasTopLevelAlternation(m[2]!)) return undefined;
  const behind = m[1]!;
  const outside = behind === '\\w' ? '\\W' : behind === '\\d' ? '\\D' : `[^${translateBody(behind).slice(1)}`;
  return `(?:^|${outside})(?:${translateBody(m[2]!)})`;
}

/** The same rewrite in JavaScript syntax, for V8's linear-time engine (which runs no lookbehind). */
function withoutLeadingLookbehindForV8(source: string): string | undefined {
  const m = LEADING_LOOKBEHIND.exec(source);
  if (!m || hasTopLevelAlternation(m[2]!)) return undefined;
  const behind = m[1]!;
  const outside = behind === '\\w' ? '\\W' : behind === '\\d' ? '\\D' : `[^${behind.slice(1)}`;
  return `(?:^|${outside})(?:${m[2]!})`;
}

/** True when `source` has a `|` outside every group and class. */
function hasTopLevelAlternation(source: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') i++;
    else if (inClass) inClass = ch !== ']';
    else if (ch === '[') inClass = true;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) return true;
  }
  return false;
}

function translateBody(source: string): string {
  let out = '';
  let inClass = false;
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      const next = source[i + 1] ?? '';
      i++;
      if (next === 's') out += inClass ? JS_SPACE : `[${JS_SPACE}]`;
      else if (next === 'S') {
        if (inClass) throw new UnsupportedRegexError('`\\S` inside a character class is not supported by the linear-time regex engine: list the characters instead');
        out += `[^${JS_SPACE}]`;
      } else if (next >= '1' && next <= '9') {
        throw new UnsupportedRegexError('backreferences (`\\1`) are not supported by the linear-time regex engine');
      } else if (next === 'k' && source[i + 1] === '<') {
        throw new UnsupportedRegexError('named backreferences (`\\k<name>`) are not supported by the linear-time regex engine');
      } else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(source.slice(i + 1, i + 5))) {
        out += `\\x{${source.slice(i + 1, i + 5)}}`;
        i += 4;
      } else out += `\\${next}`;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      out += ch;
      continue;
    }
    if (ch === '[') {
      // JavaScript's `[]` matches nothing and `[^]` anything; RE2 reads a leading `]` as a member.
      if (source.startsWith('[]', i)) {
        out += String.raw`[^\x{0}-\x{10ffff}]`;
        i += 1;
      } else if (source.startsWith('[^]', i)) {
        out += String.raw`[\x{0}-\x{10ffff}]`;
        i += 2;
      } else {
        inClass = true;
        out += ch;
      }
      continue;
    }
    if (ch === '.') {
      out += JS_DOT;
      continue;
    }
    if (ch === '(') {
      if (source.startsWith('(?=', i) || source.startsWith('(?!', i)) {
        const close = source.indexOf(')', i);
        const literal = close < 0 ? undefined : lookaheadLiteral(source.slice(i + 3, close));
        if (source[i + 2] === '!' && literal !== undefined && close === source.length - 1 && depth === 0) {
          out += negativeLookaheadAsAlternation(literal);
          break;
        }
        throw new UnsupportedRegexError('lookahead (`(?=`, `(?!`) is not supported by the linear-time regex engine, except `(?!literal)` at the end of the regex: use an `unless` rule');
      }
      depth++;
    } else if (ch === ')') depth--;
    out += ch;
  }
  return out;
}

/** The text of a lookahead body made only of plain characters and escaped punctuation, else undefined. */
function lookaheadLiteral(body: string): string | undefined {
  let literal = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '\\') {
      const next = body[i + 1] ?? '';
      if (!/[\\^$.|?*+()[\]{}/-]/.test(next)) return undefined;
      literal += next;
      i++;
    } else if (/[\\^$.|?*+()[\]{}]/.test(ch)) return undefined;
    else literal += ch;
  }
  return literal.length > 0 && literal.length <= MAX_LOOKAHEAD_LITERAL ? literal : undefined;
}

/**
 * `(?!abc)` at the end of a regex holds iff the text after the match is empty or differs from `abc` at some
 * character: `(?:$|[^a]|a(?:$|[^b]|b(?:$|[^c])))`. The extra characters it consumes lie after every capture.
 */
function negativeLookaheadAsAlternation(literal: string): string {
  const chars = Array.from(literal);
  let out = '';
  for (let k = chars.length - 1; k >= 0; k--) {
    const c = hexEscape(chars[k]);
    out = k === chars.length - 1 ? `(?:$|[^${c}])` : `(?:$|[^${c}]|${c}${out})`;
  }
  return out;
}

/**
 * Signatures after a structured clone (a worker thread's setup message): a compiled engine does not survive the copy,
 * only its `source` and `flags` do, so each rule's regex is compiled again — the same regex, the same engine — when
 * first run (it compiled on the sending thread).
 */
export function reviveSignatures(signatures: readonly Signature[]): Signature[] {
  const revive = (rule: CompiledRule): CompiledRule =>
    typeof rule.regex.exec === 'function' ? rule : { ...rule, regex: deferLinearRegex(rule.regex.source, rule.regex.flags.includes('i')) };
  return signatures.map((s) => ({ ...s, rules: s.rules.map(revive), unless: s.unless.map(revive) }));
}
