import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CompiledRule } from '../../src/model/index.js';
import { loadLibrary, MAX_MATCH_TEXT } from '../../src/patterns/index.js';
import { compileLinearRegex, translateToRe2, V8_LINEAR_BUDGET, V8_LINEAR_MAX_TEXT, withCountsSplitForV8 } from '../../src/patterns/linear-regex.js';
import { parseRegex, type RegexNode } from '../../src/patterns/parse-regex.js';

/**
 * Characters the engine reads while `run` runs: RE2JS reads its input through String.prototype.charCodeAt, one call
 * per character per step, so the count is the engine's work, deterministic and free of scheduling noise.
 */
function charactersRead(run: () => void): number {
  const original = String.prototype.charCodeAt;
  let reads = 0;
  String.prototype.charCodeAt = function (this: string, index: number): number {
    reads++;
    return original.call(this, index);
  };
  try {
    run();
  } finally {
    String.prototype.charCodeAt = original;
  }
  return reads;
}

/**
 * Work on a 4× longer text: ~4 for a linear engine (a little more when the engine switches strategy with the
 * size), 16 for quadratic backtracking, more for exponential.
 */
const MAX_GROWTH_FOR_4X = 8;

/** The engines chosen (V8's linear-time engine for short texts where it can run the regex), and RE2JS alone. */
const ENGINES = [undefined, 're2js'] as const;

function growth<T>(test: (text: T) => unknown, build: (n: number) => T, n: number): number {
  const small = charactersRead(() => test(build(n)));
  const large = charactersRead(() => test(build(4 * n)));
  return large / Math.max(small, 1);
}

describe('charactersRead', () => {
  it('sees quadratic work as quadratic (the measure itself can fail)', () => {
    const quadratic = (text: string) => {
      for (let i = 0; i < text.length; i++) for (let j = i; j < text.length; j++) text.charCodeAt(j);
    };
    expect(growth(quadratic, (n) => 'a'.repeat(n), 256)).toBeGreaterThan(MAX_GROWTH_FOR_4X * 1.5);
  });
});

describe('compileLinearRegex', () => {
  it('keeps the JavaScript meaning of \\s, ., [^] and a trailing (?!literal)', () => {
    const cases: [string, string, string[]][] = [
      [String.raw`a\sb`, '', ['a b', 'a\u00a0b', 'a\u2028b', 'a\tb', 'axb']],
      [String.raw`a[^\s"]+b`, '', ['axxb', 'a b', 'a\u3000b', 'a"b']],
      [String.raw`a\S+b`, '', ['axxb', 'a\u00a0b']],
      ['a.b', '', ['axb', 'a\rb', 'a\nb', 'a\u2029b']],
      ['a[^]b', '', ['a\nb', 'axb']],
      ['expired or not yet valid(?!: current time)', '', ['expired or not yet valid', 'expired or not yet valid: current time 1', 'expired or not yet valid: current', 'expired or not yet valid: x', 'expired or not yet valid: current time']],
      ['(?<u>[a-z]+)(?!\\.x)', 'i', ['abc.x', 'ABC.X', 'abc.y', 'abc']],
      [String.raw`\u0041+`, '', ['AAA', 'B']],
    ];
    for (const [source, flags, texts] of cases) {
      for (const engine of ENGINES) {
        const linear = compileLinearRegex(source, flags === 'i', { engine });
        const v8 = new RegExp(source, flags);
        for (const text of texts) {
          const want = v8.exec(text);
          const got = linear.exec(text);
          expect(got === null, `${source} (${linear.engineName}) on ${JSON.stringify(text)}`).toBe(want === null);
          if (want?.groups) expect({ ...got?.groups }, source).toEqual({ ...want.groups });
        }
      }
    }
  });

  it('keeps the meaning of a lookbehind opening the regex (run without one: RE2JS runs lookbehinds slowly)', () => {
    const sources = [
      String.raw`(?<![\w@.\\-])(?<unit>[\w@.\\-]+\.service): (?<what>\w+)`,
      String.raw`(?<!\w)ab(?<n>\d*)`,
      String.raw`(?<!\d)(?<n>\d+)x`,
      String.raw`(?<![a\n])(?<v>b+|c)`,
      String.raw`(?<![a])b|c`,
    ];
    const unit = fc.constantFrom('a', 'b', 'c', 'x', '1', '2', '.', '-', '@', ' ', '\n', ':', 'é', 's', 'service', '.service: ');
    fc.assert(
      fc.property(fc.constantFrom(...sources), fc.constantFrom('', 'i'), fc.constantFrom(...ENGINES), fc.array(unit, { maxLength: 12 }), (source, flags, engine, parts) => {
        const text = parts.join('');
        const want = new RegExp(source, flags).exec(text);
        const got = compileLinearRegex(source, flags === 'i', { engine }).exec(text);
        expect(got === null, `${source} on ${JSON.stringify(text)}`).toBe(want === null);
        if (want?.groups) expect({ ...got?.groups }, `${source} on ${JSON.stringify(text)}`).toEqual({ ...want.groups });
      }),
      { numRuns: 3000 },
    );
    // The engine sees no lookbehind where the rewrite applies (top-level alternation keeps it).
    expect(sources.map((source) => translateToRe2(source).includes('(?<!'))).toEqual([false, false, false, false, true]);
  });

  it('rejects what only a backtracking engine runs, saying so', () => {
    expect(() => compileLinearRegex('a(?=b)', false)).toThrow(/lookahead .*linear-time regex engine/);
    expect(() => compileLinearRegex('a(?!b)c', false)).toThrow(/lookahead/);
    expect(() => compileLinearRegex('(a)\\1', false)).toThrow(/backreferences/);
    expect(() => compileLinearRegex('(?<x>a)\\k<x>', false)).toThrow(/named backreferences/);
    expect(() => compileLinearRegex('[\\S]', false)).toThrow(/\\S. inside a character class/);
  });

  // Shapes that took V8 2–74 s on inputs of 28–2,048 characters (issue 17).
  const HOSTILE: { source: string; ignoreCase: boolean; build: (n: number) => string }[] = [
    { source: 'x(?:aa?)+y', ignoreCase: false, build: (n) => `x${'a'.repeat(n)}` },
    { source: 'x(?:a|A)+y', ignoreCase: true, build: (n) => `x${'a'.repeat(n)}` },
    { source: 'x(a*)(a*)(a*)(a*)(a*)y', ignoreCase: false, build: (n) => `x${'a'.repeat(n)}` },
    { source: 'x(.*a){9}y', ignoreCase: false, build: (n) => `x${'a'.repeat(n)}` },
    { source: String.raw`sandbox (\w+\s?)+$`, ignoreCase: false, build: (n) => `sandbox ${'ab '.repeat(n / 3)}!` },
    { source: String.raw`(?<unit>[\w@.\\-]+\.service): Scheduled restart job`, ignoreCase: false, build: (n) => `x.service: Scheduled restart ${'.'.repeat(n)}` },
  ];
  for (const { source, ignoreCase, build } of HOSTILE) {
    it(`runs ${source} in linear time`, () => {
      // RE2JS's work is counted. V8 runs short texts only on its linear-time engine (it refuses the `l` flag for a
      // regex it cannot run so); longer ones run on RE2JS.
      const onRe2js = compileLinearRegex(source, ignoreCase, { engine: 're2js' });
      expect(onRe2js.test(build(64))).toBe(false);
      expect(growth((text) => onRe2js.test(text), build, MAX_MATCH_TEXT / 32)).toBeLessThan(MAX_GROWTH_FOR_4X);
      const regex = compileLinearRegex(source, ignoreCase);
      expect(regex.engineName).toBe(ignoreCase ? 're2js' : 'v8-linear');
      // The longest text V8 runs (inputs of a few dozen characters took its backtracking engine seconds).
      const longestOnV8 = build(V8_LINEAR_MAX_TEXT - 32);
      expect(charactersRead(() => expect(regex.exec(longestOnV8)).toBeNull()) === 0).toBe(!ignoreCase);
      expect(growth((text) => regex.test(text), build, MAX_MATCH_TEXT / 32)).toBeLessThan(MAX_GROWTH_FOR_4X);
    });
  }

  it('runs a text longer than V8_LINEAR_MAX_TEXT on RE2JS, a shorter one on V8 when it can', () => {
    const regex = compileLinearRegex(String.raw`Failed to start (?<unit>\S+)`, false);
    const line = (length: number) => `Failed to start k3s.service ${'x'.repeat(length - 28)}`;
    // V8 reads the text natively, RE2JS through charCodeAt.
    expect(charactersRead(() => regex.exec(line(V8_LINEAR_MAX_TEXT)))).toBe(0);
    expect(charactersRead(() => regex.exec(line(V8_LINEAR_MAX_TEXT + 1)))).toBeGreaterThan(0);
    expect(regex.exec(line(V8_LINEAR_MAX_TEXT))?.groups).toEqual(regex.exec(line(V8_LINEAR_MAX_TEXT + 1))?.groups);
  });

  it('runs a regex on RE2JS once V8 has read V8_LINEAR_BUDGET characters for it (RE2JS is faster warm)', () => {
    const regex = compileLinearRegex(String.raw`restart counter is at (?<count>\d+)`, false);
    const line = (n: number) => `k3s.service: Scheduled restart job, restart counter is at ${n}.`;
    let onV8 = 0;
    let read = 0;
    for (let n = 1; read + line(n).length <= V8_LINEAR_BUDGET; n++) {
      expect(charactersRead(() => expect(regex.exec(line(n))?.groups?.['count']).toBe(String(n)))).toBe(0);
      onV8++;
      read += line(n).length;
    }
    expect(onV8).toBeGreaterThan(100);
    expect(charactersRead(() => expect(regex.exec(line(0))?.groups?.['count']).toBe('0'))).toBeGreaterThan(0);
  });

  it('charges a regex with a split count four times each character to the budget (its unrolled states cost more)', () => {
    const regex = compileLinearRegex(String.raw`sandbox (?<id>[0-9a-f]{12,64}) gone`, false);
    const line = (n: number) => `sandbox ${n.toString(16).padStart(12, '0')} gone`;
    let read = 0;
    let n = 1;
    for (; 4 * (read + line(n).length) <= V8_LINEAR_BUDGET; n++) {
      expect(charactersRead(() => expect(regex.exec(line(n))?.groups?.['id']).toBe(n.toString(16).padStart(12, '0')))).toBe(0);
      read += line(n).length;
    }
    expect(n).toBeGreaterThan(100);
    expect(charactersRead(() => expect(regex.exec(line(0))?.groups?.['id']).toBe('000000000000'))).toBeGreaterThan(0);
  });

  it("runs short texts on V8's linear-time engine when V8 can run the regex there, else on RE2JS", () => {
    const engineOf = (source: string, ignoreCase = false) => compileLinearRegex(source, ignoreCase).engineName;
    expect(engineOf(String.raw`Failed to start (?<unit>\S+)`)).toBe('v8-linear');
    // A leading one-class lookbehind is rewritten for both engines.
    expect(engineOf(String.raw`(?<![\w@.\\-])(?<unit>[\w@.\\-]+\.service): Scheduled restart`)).toBe('v8-linear');
    // V8's linear-time engine has no case-insensitive mode, no lookaround, and no counted repetition above 16.
    expect(engineOf('failed to start', true)).toBe('re2js');
    expect(engineOf('expired(?!: current time)')).toBe('re2js');
    expect(engineOf(String.raw`(?<!\w)a|b`)).toBe('re2js');
    expect(engineOf(String.raw`reason=(?<reason>[^\n]{1,200})`)).toBe('re2js');
    // A count up to 64 on one character is split into counts of 16 (see withCountsSplitForV8); a count on a group is not.
    expect(engineOf(String.raw`sandbox \\?"?(?<sandboxId>[0-9a-f]{12,64})`)).toBe('v8-linear');
    expect(engineOf(String.raw`digest (?<digest>sha256:[0-9a-f]{64})`)).toBe('v8-linear');
    expect(engineOf('(?:ab){20}')).toBe('re2js');
    expect(compileLinearRegex('(?<w>ab)', false, { engine: 're2js' }).engineName).toBe('re2js');
  });
});

describe('withCountsSplitForV8', () => {
  it('writes a count above 16 on one character as counts of at most 16, and leaves everything else as it was', () => {
    expect(withCountsSplitForV8('id=[0-9a-f]{12,64}!')).toBe('id=[0-9a-f]{12}[0-9a-f]{0,16}[0-9a-f]{0,16}[0-9a-f]{0,16}[0-9a-f]{0,4}!');
    expect(withCountsSplitForV8(String.raw`x\d{40}?y`)).toBe(String.raw`x\d{16}\d{16}\d{8}y`);
    expect(withCountsSplitForV8(String.raw`a[^\]}]{0,20}?b`)).toBe(String.raw`a[^\]}]{0,16}?[^\]}]{0,4}?b`);
    expect(withCountsSplitForV8(String.raw`\x41{18,}`)).toBe(String.raw`\x41{16}\x41{2}\x41*`);
    expect(withCountsSplitForV8(String.raw`\u00e9.{17,}?z`)).toBe(String.raw`\u00e9.{16}.{1}.*?z`);
    // Nothing to split, a count on a group, or one above V8_LINEAR_MAX_SPLIT (64): left to RE2JS.
    expect(withCountsSplitForV8('a{3,16}b{2}')).toBeUndefined();
    expect(withCountsSplitForV8('(?:ab){20}')).toBeUndefined();
    expect(withCountsSplitForV8(String.raw`[^\n]{1,200}`)).toBeUndefined();
    expect(withCountsSplitForV8(String.raw`(?<x>a){20}`)).toBeUndefined();
    // An escaped brace is a character like any other.
    expect(withCountsSplitForV8(String.raw`\{{20}`)).toBe(String.raw`\{{16}\{{4}`);
  });

  it('matches what the single count matches, with the same captures, greedy and lazy', () => {
    const shapes = [
      '(?<id>[ab]{17,40})(?<rest>b*)c',
      '(?<id>[ab]{17,40}?)(?<rest>[ab]*)$',
      'x(?<id>a{0,20})(?<tail>a{0,3})y?',
      'x(?<id>a{0,20}?)(?<tail>a{0,3})y',
      '(?<head>.{5,})(?<id>[^c]{18})c',
      '(?:(?<id>[0-9a-f]{12,64})[:,].{0,20}?)?kill',
      '(?<a>\\d{2,30})(?<b>\\d{0,18})$',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...shapes), fc.array(fc.constantFrom('a', 'b', 'c', 'x', 'y', '1', ':', 'kill', 'f0'), { maxLength: 80 }), (source, parts) => {
        const text = parts.join('');
        const split = new RegExp(withCountsSplitForV8(source)!);
        const want = new RegExp(source).exec(text);
        const got = split.exec(text);
        expect(got?.index, `${source} on ${text}`).toBe(want?.index);
        expect({ ...got?.groups }, `${source} on ${text}`).toEqual({ ...want?.groups });
      }),
      { numRuns: 3000, seed: 23 },
    );
  });
});

/** One member character of each character set and every literal character the regex names. */
function alphabetOf(source: string): string[] {
  const chars = new Set<string>(['.', ' ', 'a', '"', '\\', ':', '-']);
  const walk = (node: RegexNode): void => {
    switch (node.type) {
      case 'char':
        chars.add(String.fromCharCode(node.code));
        return;
      case 'set':
        for (const [lo, hi] of node.set.ranges) {
          chars.add(String.fromCharCode(lo));
          chars.add(String.fromCharCode(hi));
        }
        return;
      case 'seq':
        node.items.forEach(walk);
        return;
      case 'alt':
        node.branches.forEach(walk);
        return;
      case 'group':
      case 'look':
      case 'repeat':
        walk(node.body);
        return;
      default:
    }
  };
  const tree = parseRegex(source);
  if (tree) walk(tree);
  return [...chars];
}

describe('every shipped and example rule', async () => {
  const { library } = await loadLibrary(['patterns', 'test/fixtures/patterns/good', 'test/fixtures/patterns/user']);
  const rules: { id: string; rule: CompiledRule }[] = library.signatures.flatMap((s) => [...s.rules, ...s.unless].map((rule) => ({ id: s.id, rule })));

  it('loads rules', () => {
    expect(rules.length).toBeGreaterThan(50);
  });

  it('matches what V8 matches, with the same captures, on text built from its own literals and characters', () => {
    for (const { id, rule } of rules) {
      const v8 = new RegExp(rule.regex.source, rule.regex.flags);
      const onRe2js = compileLinearRegex(rule.regex.source, rule.regex.flags.includes('i'), { engine: 're2js' });
      const pieces = [...rule.literals, ...alphabetOf(rule.regex.source)];
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (parts) => {
          const text = parts.join('');
          const want = v8.exec(text);
          for (const got of [rule.regex.exec(text), onRe2js.exec(text)]) {
            expect(got === null, `${id} /${rule.regex.source}/ on ${JSON.stringify(text)}`).toBe(want === null);
            if (want?.groups) expect({ ...got?.groups }, id).toEqual({ ...want.groups });
          }
        }),
        { numRuns: 150, seed: 17 },
      );
    }
  });

  it('are all run by a linear-time engine, most by V8\'s on short texts', () => {
    for (const { id, rule } of rules) expect(rule.regex, id).not.toBeInstanceOf(RegExp);
    const engines = rules.map(({ rule }) => (rule.regex as ReturnType<typeof compileLinearRegex>).engineName);
    expect(new Set(engines)).toEqual(new Set(['v8-linear', 're2js']));
    expect(engines.filter((e) => e === 'v8-linear').length).toBeGreaterThan(rules.length / 2);
  });

  it('stays linear on adversarial text: its literals separated by long runs of each of its characters', () => {
    for (const { id, rule } of rules) {
      const literal = rule.literals[0] ?? '';
      const alphabet = alphabetOf(rule.regex.source).slice(0, 10);
      const build = (n: number) => alphabet.map((c) => `${literal}${c.repeat(n)}${literal}${c.repeat(n)}${literal}`);
      // RE2JS's work is counted (V8's linear-time engine reads no characters through charCodeAt, and runs short texts only).
      const onRe2js = compileLinearRegex(rule.regex.source, rule.regex.flags.includes('i'), { engine: 're2js' });
      const ratio = growth((texts) => texts.forEach((text) => onRe2js.exec(text)), build, MAX_MATCH_TEXT / 64);
      expect(ratio, `${id} /${rule.regex.source}/`).toBeLessThan(MAX_GROWTH_FOR_4X);
    }
  }, 120_000);
});

describe('a repeated line', () => {
  it('gets the captures of its own text, whether it repeats the last line or not', () => {
    const regex = compileLinearRegex(String.raw`restart counter is at (?<count>\d+)`, false);
    const lines = ['restart counter is at 1', 'restart counter is at 1', 'restart counter is at 2', 'no restart here', 'restart counter is at 2'];
    expect(lines.map((line) => regex.exec(line)?.groups?.['count'] ?? null)).toEqual(['1', '1', '2', null, '2']);
  });

  it('runs the capturing search once for a line that repeats (a flood of one message)', () => {
    // On RE2JS, whose reads are counted; the cache is the same for either engine.
    const regex = compileLinearRegex(String.raw`Failed to start (?<unit>\S+)`, false, { engine: 're2js' });
    const line = `Failed to start k3s.service${' x'.repeat(200)}`;
    const first = charactersRead(() => regex.exec(line));
    const again = charactersRead(() => regex.exec(line));
    expect(first).toBeGreaterThan(0);
    expect(again).toBe(0);
  });
});
