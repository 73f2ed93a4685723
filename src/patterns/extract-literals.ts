import { parseRegex, type RegexNode } from './parse-regex.js';

/** Shorter required literals would make nearly every line a candidate; such rules are "always candidate". */
export const MIN_LITERAL_LENGTH = 3;
/** Caps how much of a fixed repetition (`a{1000}`) is spelled out. */
const MAX_RUN = 256;

/**
 * Literals of which at least one occurs in every text the regex matches: the longest run every match must
 * contain, or one literal per branch of an alternation. Case-insensitive rules get ASCII-lower-cased literals and
 * non-ASCII characters end a run (the prefilter folds ASCII case only; JS regexes without `u` never match an
 * ASCII letter against a non-ASCII one). Returns undefined when no literal of at least MIN_LITERAL_LENGTH
 * characters is required: the rule must then be tried on every line.
 */
export function extractLiterals(source: string, caseInsensitive: boolean): string[] | undefined {
  const tree = parseRegex(source);
  if (tree === undefined) return undefined;
  const found = required(tree, caseInsensitive);
  if (found === undefined || score(found) < MIN_LITERAL_LENGTH) return undefined;
  return [...new Set(found)];
}

/** Minimum literal length: the weakest member decides how selective an "any of" set is. */
function score(set: readonly string[]): number {
  return set.length === 0 ? 0 : Math.min(...set.map((s) => s.length));
}

function better(a: string[] | undefined, b: string[] | undefined): string[] | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const sa = score(a);
  const sb = score(b);
  if (sa !== sb) return sa > sb ? a : b;
  return a.length <= b.length ? a : b;
}

/** The exact text a node always matches, when it matches exactly one string. */
function exact(node: RegexNode, ci: boolean): string | undefined {
  switch (node.type) {
    case 'char':
      return charOf(node.code, ci);
    case 'set': {
      const r = node.set.ranges;
      if (!node.set.negated && r.length === 1 && r[0][0] === r[0][1]) return charOf(r[0][0], ci);
      return undefined;
    }
    case 'group':
      return exact(node.body, ci);
    case 'seq': {
      let out = '';
      for (const item of node.items) {
        if (isZeroWidth(item)) continue;
        const e = exact(item, ci);
        if (e === undefined) return undefined;
        out += e;
        if (out.length > MAX_RUN) return undefined;
      }
      return out;
    }
    case 'repeat': {
      if (node.min !== node.max) return undefined;
      const e = exact(node.body, ci);
      if (e === undefined || e.length * node.min > MAX_RUN) return undefined;
      return e.repeat(node.min);
    }
    default:
      return undefined;
  }
}

function charOf(code: number, ci: boolean): string | undefined {
  if (!ci) return String.fromCharCode(code);
  if (code >= 128) return undefined;
  return String.fromCharCode(code >= 65 && code <= 90 ? code + 32 : code);
}

function isZeroWidth(node: RegexNode): boolean {
  return node.type === 'assert' || node.type === 'look';
}

/** An "any of" literal set every match of the node contains, or undefined. */
function required(node: RegexNode, ci: boolean): string[] | undefined {
  const e = exact(node, ci);
  if (e !== undefined) return e.length > 0 ? [e] : undefined;
  switch (node.type) {
    case 'group':
      return required(node.body, ci);
    case 'alt': {
      const all: string[] = [];
      for (const branch of node.branches) {
        const r = required(branch, ci);
        if (r === undefined) return undefined;
        all.push(...r);
      }
      return all;
    }
    case 'repeat':
      return node.min >= 1 ? required(node.body, ci) : undefined;
    case 'seq':
      return requiredOfSequence(node.items, ci);
    default:
      return undefined;
  }
}

function requiredOfSequence(items: readonly RegexNode[], ci: boolean): string[] | undefined {
  let best: string[] | undefined;
  let run = '';
  const closeRun = (): void => {
    if (run.length > 0) best = better(best, [run]);
    run = '';
  };
  for (const item of flatten(items)) {
    if (isZeroWidth(item)) continue;
    const e = exact(item, ci);
    if (e !== undefined) {
      run += e;
      if (run.length >= MAX_RUN) closeRun();
      continue;
    }
    if (item.type === 'repeat' && item.min >= 1) {
      const body = exact(item.body, ci);
      if (body !== undefined && body.length > 0) {
        // `xa+b`: every match holds "xa" (first iteration) and "ab" (last iteration, then b).
        run += body.repeat(Math.max(1, Math.min(item.min, Math.floor(MAX_RUN / body.length))));
        closeRun();
        run = body.length < MAX_RUN ? body : '';
        continue;
      }
    }
    closeRun();
    best = better(best, required(item, ci));
  }
  closeRun();
  return best;
}

/** Inlines unquantified single-branch groups so their literals join the surrounding run. */
function flatten(items: readonly RegexNode[]): RegexNode[] {
  const out: RegexNode[] = [];
  for (const item of items) {
    if (item.type === 'group' && item.body.type === 'seq') out.push(...flatten(item.body.items));
    else if (item.type === 'group' && item.body.type !== 'alt') out.push(...flatten([item.body]));
    else out.push(item);
  }
  return out;
}

/**
 * Every "any of" literal set the regex's matches all contain, as far as its top-level sequence shows them (each
 * run of exact text, each required alternation): all of them hold in every match, where `extractLiterals` keeps
 * only the most selective one. Sets with a literal shorter than MIN_LITERAL_LENGTH are left out. Undefined when
 * the regex does not parse.
 */
export function extractRequiredSets(source: string, caseInsensitive: boolean): string[][] | undefined {
  const tree = parseRegex(source);
  if (tree === undefined) return undefined;
  let node = tree;
  while (node.type === 'group') node = node.body;
  const sets: string[][] = [];
  const keep = (set: string[] | undefined): void => {
    if (set !== undefined && score(set) >= MIN_LITERAL_LENGTH) sets.push([...new Set(set)]);
  };
  if (node.type !== 'seq') {
    keep(required(node, caseInsensitive));
    return sets;
  }
  let run = '';
  const closeRun = (): void => {
    if (run.length > 0) keep([run]);
    run = '';
  };
  for (const item of flatten(node.items)) {
    if (isZeroWidth(item)) continue;
    const e = exact(item, caseInsensitive);
    if (e !== undefined && run.length + e.length <= MAX_RUN) {
      run += e;
      continue;
    }
    closeRun();
    keep(required(item, caseInsensitive));
  }
  closeRun();
  return sets;
}
