import { RE2JS } from 're2js';
import type { CompiledRule, RuleRegex, Signature } from '../model/index.js';

/**
 * Signature regexes run on RE2JS (a port of RE2: an automaton, linear in the text whatever the pattern), so no
 * rule and no line can make matching backtrack. A backtracking checker can only approximate this; the engine makes
 * it a guarantee. Authors still write JavaScript syntax: this file translates the few places where the two
 * dialects differ, so every pattern means what it meant under V8 (`\s`, `.`), and rejects what RE2 cannot run.
 */

/** JavaScript's `\s` (WhiteSpace + LineTerminator); RE2's `\s` is ASCII only. */
const JS_SPACE = String.raw`\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}`;
/** JavaScript's `.` without the `s` flag stops at line terminators; RE2's only at `\n`. */
const JS_DOT = String.raw`[^\n\r\x{2028}\x{2029}]`;
/** A trailing negative lookahead is rewritten into an alternation of this many nested levels at most. */
const MAX_LOOKAHEAD_LITERAL = 64;

/** Thrown for a pattern the linear-time engine cannot run; the message says what to change. */
export class UnsupportedRegexError extends Error {}

type ExecResult = { readonly groups?: Readonly<Record<string, string | undefined>> };

class LinearRegex implements RuleRegex {
  readonly source: string;
  readonly flags: string;
  // A # field: a structured clone (the setup message to worker threads) leaves the compiled automaton behind.
  #compiled: RE2JS | undefined;
  /** The last text `exec` ran on and its result, which callers only read. */
  #lastText: string | undefined;
  #lastResult: ExecResult | null = null;

  constructor(source: string, ignoreCase: boolean, deferred: boolean) {
    this.source = source;
    this.flags = ignoreCase ? 'i' : '';
    if (!deferred) this.#compiled = this.compile();
  }

  private compile(): RE2JS {
    return RE2JS.compile(translateToRe2(this.source), RE2JS.LOOKBEHINDS | (this.flags === 'i' ? RE2JS.CASE_INSENSITIVE : 0));
  }

  private get engine(): RE2JS {
    return (this.#compiled ??= this.compile());
  }

  exec(text: string): { readonly groups?: Readonly<Record<string, string | undefined>> } | null {
    // A flood repeats one message (a restart loop, a retry): the capturing search, ~0.1-1 ms a line, runs once.
    if (text === this.#lastText) return this.#lastResult;
    // The DFA answers whether there is a match many times faster than the capturing search; most candidates
    // a literal let through do not match.
    const engine = this.engine;
    const result = engine.test(text) ? (engine.exec(text) as ExecResult | null) : null;
    this.#lastText = text;
    this.#lastResult = result;
    return result;
  }

  test(text: string): boolean {
    return this.engine.test(text);
  }
}

/**
 * Compiles a signature regex (JavaScript syntax, already accepted by `new RegExp`) for the linear-time engine.
 * Throws UnsupportedRegexError (lookahead other than a trailing `(?!literal)`, backreferences, `\S` inside a class)
 * or RE2JS's own syntax error.
 */
export function compileLinearRegex(source: string, ignoreCase: boolean): RuleRegex {
  try {
    return new LinearRegex(source, ignoreCase, false);
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
