import { charSetsIntersect, parseRegex, type CharSet, type RegexNode } from './parse-regex.js';

const ANY: CharSet = { negated: true, ranges: [] };
/** A bounded repetition this large around an unbounded one is treated like `+`. */
const LARGE_REPEAT = 10;

/**
 * Names the catastrophic-backtracking shape of a regex, or returns undefined when none is found.
 * Flagged inside an unbounded repetition: a variable inner repetition (`(a+)+`, `(.*)*`, `(?:x.*)+`) unless a
 * mandatory character of the repeated body can never be consumed by it (`(?:\.\d+)+` is safe: `.` separates),
 * and an alternation whose branches can start with the same character (`(a|a)*`, `(?:\s|.)*`).
 * Conservative by design (https://www.regular-expressions.info/catastrophic.html): it may flag a safe regex,
 * and the author then rewrites it with a separator or a negated class.
 */
export function findRedos(source: string): string | undefined {
  const tree = parseRegex(source);
  if (tree === undefined) return undefined;
  return visit(tree);
}

function visit(node: RegexNode): string | undefined {
  switch (node.type) {
    case 'seq': {
      const run = overlappingRepeatRun(node.items);
      if (run) return run;
      for (const item of node.items) {
        const r = visit(item);
        if (r) return r;
      }
      return undefined;
    }
    case 'alt':
      for (const branch of node.branches) {
        const r = visit(branch);
        if (r) return r;
      }
      return undefined;
    case 'group':
    case 'look':
      return visit(node.body);
    case 'repeat':
      if (node.max === Infinity) {
        const r = unboundedBodyProblem(node.body);
        if (r) return r;
      } else if (node.max >= LARGE_REPEAT && nullable(node.body) && charsOf(node.body).length > 0) {
        // `(a?){25}a{25}`: each of many optional copies may or may not take a character — 2^n ways to fail.
        return 'a group that may match nothing is repeated many times: each copy may or may not take a character';
      } else if (node.max >= LARGE_REPEAT && variableRepeats(node.body).some((inner) => inner.max === Infinity)) {
        // `(a+){2,50}` backtracks like `(a+)+`; small counts such as `(\d+\.){3}` stay polynomial.
        const r = unboundedBodyProblem(node.body);
        if (r) return r;
      }
      return visit(node.body);
    default:
      return undefined;
  }
}

function unboundedBodyProblem(body: RegexNode): string | undefined {
  const inner = variableRepeats(body);
  if (inner.length > 0) {
    const separators = mandatoryChars(body);
    for (const rep of inner) {
      const consumed = charsOf(rep.body);
      const separated = separators.some((sep) => consumed.every((c) => !charSetsIntersect(c, sep)));
      if (!separated) return 'nested quantifier: a repeated group contains a variable repetition that can match the same text in many ways';
    }
  }
  const alt = overlappingAlternation(body);
  if (alt) return alt;
  return undefined;
}

/** Repetitions inside `node` whose count can vary and exceed one (`+ * {1,3}`); lookarounds excluded. */
function variableRepeats(node: RegexNode): Extract<RegexNode, { type: 'repeat' }>[] {
  switch (node.type) {
    case 'seq':
      return node.items.flatMap(variableRepeats);
    case 'alt':
      return node.branches.flatMap(variableRepeats);
    case 'group':
      return variableRepeats(node.body);
    case 'repeat': {
      const nested = variableRepeats(node.body);
      return node.max > 1 && node.min !== node.max ? [node, ...nested] : nested;
    }
    default:
      return [];
  }
}

/** Single-character items every iteration of the body must consume (top-level sequence items only). */
function mandatoryChars(node: RegexNode): CharSet[] {
  const items = node.type === 'seq' ? node.items : [node];
  const out: CharSet[] = [];
  for (const item of items) {
    let it = item;
    while (it.type === 'group') it = it.body;
    if (it.type === 'char') out.push({ negated: false, ranges: [[it.code, it.code]] });
    else if (it.type === 'set') out.push(it.set);
    else if (it.type === 'seq') out.push(...mandatoryChars(it));
  }
  return out;
}

/** Every character set the node can consume. */
function charsOf(node: RegexNode): CharSet[] {
  switch (node.type) {
    case 'char':
      return [{ negated: false, ranges: [[node.code, node.code]] }];
    case 'set':
      return [node.set];
    case 'seq':
      return node.items.flatMap(charsOf);
    case 'alt':
      return node.branches.flatMap(charsOf);
    case 'group':
    case 'repeat':
      return charsOf(node.body);
    case 'backref':
      return [ANY];
    default:
      return [];
  }
}

function overlappingAlternation(node: RegexNode): string | undefined {
  switch (node.type) {
    case 'alt': {
      const firsts = node.branches.map(firstChars);
      for (let i = 0; i < firsts.length; i++) {
        for (let j = i + 1; j < firsts.length; j++) {
          if (firsts[i].some((a) => firsts[j].some((b) => charSetsIntersect(a, b)))) {
            return `overlapping alternation: branches ${i + 1} and ${j + 1} of a repeated group can start with the same character`;
          }
        }
      }
      for (const branch of node.branches) {
        const r = overlappingAlternation(branch);
        if (r) return r;
      }
      return undefined;
    }
    case 'seq':
      for (const item of node.items) {
        const r = overlappingAlternation(item);
        if (r) return r;
      }
      return undefined;
    case 'group':
      return overlappingAlternation(node.body);
    default:
      return undefined;
  }
}

function firstChars(node: RegexNode): CharSet[] {
  switch (node.type) {
    case 'char':
    case 'set':
      return charsOf(node);
    case 'group':
      return firstChars(node.body);
    case 'repeat':
      return firstChars(node.body);
    case 'alt':
      return node.branches.flatMap(firstChars);
    case 'seq': {
      const out: CharSet[] = [];
      for (const item of node.items) {
        out.push(...firstChars(item));
        if (!nullable(item)) break;
      }
      return out;
    }
    case 'backref':
      return [ANY];
    default:
      return [];
  }
}

function nullable(node: RegexNode): boolean {
  switch (node.type) {
    case 'char':
    case 'set':
      return false;
    case 'seq':
      return node.items.every(nullable);
    case 'alt':
      return node.branches.some(nullable);
    case 'group':
      return nullable(node.body);
    case 'repeat':
      return node.min === 0 || nullable(node.body);
    default:
      return true;
  }
}

/** Counts unbounded `.`-like repetitions (`.*`, `.+`): each one multiplies the work of a failing match. */
export function countWildcardRuns(source: string): number {
  const tree = parseRegex(source);
  if (tree === undefined) return 0;
  const walk = (node: RegexNode): number => {
    switch (node.type) {
      case 'seq':
        return node.items.reduce((n, item) => n + walk(item), 0);
      case 'alt':
        return node.branches.reduce((n, b) => n + walk(b), 0);
      case 'group':
      case 'look':
        return walk(node.body);
      case 'repeat': {
        const wild = node.max === Infinity && node.body.type === 'set' && isWildcard(node.body.set);
        return (wild ? 1 : 0) + walk(node.body);
      }
      default:
        return 0;
    }
  };
  return walk(tree);
}

/** `.`, `[^]`, `[\s\S]`: a set that excludes at most the line terminators. */
function isWildcard(set: CharSet): boolean {
  const terminators = new Set([10, 13, 8232, 8233]);
  return set.negated && set.ranges.every(([lo, hi]) => hi - lo < 4 && Array.from({ length: hi - lo + 1 }, (_, i) => lo + i).every((c) => terminators.has(c)));
}

/** Three unbounded repetitions in a row over overlapping characters (`\\s*\\s*\\s*$`) split a run of n characters in
 * O(n^3) ways before failing; two are common and cheap enough. Zero-width items between them do not separate them. */
const MAX_OVERLAPPING_RUN = 2;

function overlappingRepeatRun(items: readonly RegexNode[]): string | undefined {
  let run: CharSet[][] = [];
  for (const item of items) {
    if (item.type === 'assert' || item.type === 'look') continue;
    if (item.type === 'repeat' && item.max === Infinity) {
      const chars = charsOf(item.body);
      const overlapsAll = run.every((previous) => previous.some((a) => chars.some((b) => charSetsIntersect(a, b))));
      run = overlapsAll ? [...run, chars] : [chars];
      if (run.length > MAX_OVERLAPPING_RUN) {
        return 'three or more unbounded repetitions in a row can match the same characters: polynomial backtracking';
      }
      continue;
    }
    run = [];
  }
  return undefined;
}
