import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CompiledRule } from '../../src/model/index.js';
import { loadLibrary, MAX_MATCH_TEXT } from '../../src/patterns/index.js';
import { compileLinearRegex, translateToRe2 } from '../../src/patterns/linear-regex.js';
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
      const linear = compileLinearRegex(source, flags === 'i');
      const v8 = new RegExp(source, flags);
      for (const text of texts) {
        const want = v8.exec(text);
        const got = linear.exec(text);
        expect(got === null, `${source} on ${JSON.stringify(text)}`).toBe(want === null);
        if (want?.groups) expect({ ...got?.groups }, source).toEqual({ ...want.groups });
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
      fc.property(fc.constantFrom(...sources), fc.constantFrom('', 'i'), fc.array(unit, { maxLength: 12 }), (source, flags, parts) => {
        const text = parts.join('');
        const want = new RegExp(source, flags).exec(text);
        const got = compileLinearRegex(source, flags === 'i').exec(text);
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
      const regex = compileLinearRegex(source, ignoreCase);
      expect(regex.test(build(64))).toBe(false);
      expect(growth((text) => regex.test(text), build, MAX_MATCH_TEXT / 32)).toBeLessThan(MAX_GROWTH_FOR_4X);
    });
  }
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
      const pieces = [...rule.literals, ...alphabetOf(rule.regex.source)];
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (parts) => {
          const text = parts.join('');
          const want = v8.exec(text);
          const got = rule.regex.exec(text);
          expect(got === null, `${id} /${rule.regex.source}/ on ${JSON.stringify(text)}`).toBe(want === null);
          if (want?.groups) expect({ ...got?.groups }, id).toEqual({ ...want.groups });
        }),
        { numRuns: 150, seed: 17 },
      );
    }
  });

  it('are all run by the linear-time engine', () => {
    for (const { id, rule } of rules) expect(rule.regex, id).not.toBeInstanceOf(RegExp);
  });

  it('stays linear on adversarial text: its literals separated by long runs of each of its characters', () => {
    for (const { id, rule } of rules) {
      const literal = rule.literals[0] ?? '';
      const alphabet = alphabetOf(rule.regex.source).slice(0, 10);
      const build = (n: number) => alphabet.map((c) => `${literal}${c.repeat(n)}${literal}${c.repeat(n)}${literal}`);
      const ratio = growth((texts) => texts.forEach((text) => rule.regex.exec(text)), build, MAX_MATCH_TEXT / 64);
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
    const regex = compileLinearRegex(String.raw`Failed to start (?<unit>\S+)`, false);
    const line = `Failed to start k3s.service${' x'.repeat(200)}`;
    const first = charactersRead(() => regex.exec(line));
    const again = charactersRead(() => regex.exec(line));
    expect(first).toBeGreaterThan(0);
    expect(again).toBe(0);
  });
});
