import { spawnSync } from 'node:child_process';

/**
 * Every match rule of the library as one pattern per line for `rg -f` or `grep -E -f`, the baseline
 * "search the same regexes with a fast grep". JS-only syntax is rewritten into the tool's dialect; a
 * rule the tool still cannot take (lookaround, a per-rule `i` flag for grep, a class grep's brackets
 * cannot express) is dropped and listed with the reason. Each kept pattern was compiled by the tool.
 */
export function ruleRegexes(signatures, tool) {
  const patterns = [];
  const dropped = [];
  let rules = 0;
  for (const signature of signatures) {
    for (const rule of signature.rules) {
      rules++;
      const converted = tool === 'rg' ? toRust(rule.regex) : toPosixEre(rule.regex);
      if ('reason' in converted) {
        dropped.push({ signature: signature.id, regex: rule.regex.source, reason: converted.reason });
        continue;
      }
      const refused = compileError(tool, converted.pattern);
      if (refused) {
        dropped.push({ signature: signature.id, regex: rule.regex.source, reason: `${tool} refuses it: ${refused}` });
        continue;
      }
      patterns.push(converted.pattern);
    }
  }
  return { patterns, rules, dropped };
}

const LOOKAROUND = /\(\?<?[=!]/;

/** Rust regex (ripgrep 13 has no `(?<name>`, no lookaround and no needless escapes such as `\/`). */
function toRust(regex) {
  if (LOOKAROUND.test(regex.source)) return { reason: 'lookaround' };
  let pattern = stripNames(regex.source).replace(/\\\//g, '/');
  if (regex.flags.includes('i')) pattern = `(?i)${pattern}`;
  return { pattern };
}

/** GNU grep -E: no `\d`, no non-capturing or named groups, no lazy quantifiers, POSIX brackets. */
function toPosixEre(regex) {
  if (LOOKAROUND.test(regex.source)) return { reason: 'lookaround' };
  if (regex.flags.includes('i')) return { reason: 'case-insensitive rule (grep -E has no per-pattern flag)' };
  const source = stripNames(regex.source);
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const next = source[++i];
      if (next === 'd') out += '[0-9]';
      else if ('wsSWb'.includes(next)) out += `\\${next}`;
      else if (/[A-Za-z0-9]/.test(next)) return { reason: `escape \\${next}` };
      else if ('.[](){}*+?|^$\\'.includes(next)) out += `\\${next}`;
      else out += next;
      continue;
    }
    if (c === '[') {
      const end = classEnd(source, i);
      if (end < 0) return { reason: 'unterminated class' };
      const bracket = toPosixBracket(source.slice(i + 1, end));
      if (typeof bracket !== 'string') return bracket;
      out += bracket;
      i = end;
      continue;
    }
    if (c === '(' && source.startsWith('(?:', i)) {
      out += '(';
      i += 2;
      continue;
    }
    if (c === '?' && /[*+?}]/.test(source[i - 1] ?? '') && source[i - 2] !== '\\') continue;
    out += c;
  }
  return { pattern: out };
}

function stripNames(source) {
  return source.replace(/\(\?<([A-Za-z_]\w*)>/g, '(');
}

function classEnd(source, start) {
  let i = start + 1;
  if (source[i] === '^') i++;
  for (; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === ']') return i;
  }
  return -1;
}

/** The inside of a JS class as a POSIX bracket: `]` first, `-` last, backslash escapes resolved. */
function toPosixBracket(inner) {
  let negated = false;
  let i = 0;
  if (inner[0] === '^') {
    negated = true;
    i = 1;
  }
  let items = '';
  let bracket = false;
  let dash = false;
  let caret = false;
  for (; i < inner.length; i++) {
    const c = inner[i];
    if (c === '\\') {
      const next = inner[++i];
      if (next === 'd') items += '0-9';
      else if (next === 'w') items += '[:alnum:]_';
      else if (next === 's') items += '[:space:]';
      else if (/[A-Za-z0-9]/.test(next)) return { reason: `escape \\${next} inside a class` };
      else if (next === ']') bracket = true;
      else if (next === '-') dash = true;
      else if (next === '^') caret = true;
      else items += next;
      continue;
    }
    if (c === '-' && (i === 0 || i === inner.length - 1 || (negated && i === 1))) dash = true;
    else if (c === '^') caret = true;
    else items += c;
  }
  if (!items && !bracket && caret && !dash) return negated ? '[^^]' : '\\^';
  return `[${negated ? '^' : ''}${bracket ? ']' : ''}${items}${caret ? '^' : ''}${dash ? '-' : ''}]`;
}

/** The tool's own complaint about a pattern, or undefined when it compiles (grep's warnings count). */
function compileError(tool, pattern) {
  const args = tool === 'rg' ? ['-e', pattern, '-'] : ['-E', '-e', pattern];
  const result = spawnSync(tool, args, { input: '', encoding: 'utf8' });
  if (result.error) return result.error.message;
  if (result.status === 2 || (result.stderr ?? '').trim()) return (result.stderr ?? '').trim().split('\n')[0] || `exit ${result.status}`;
  return undefined;
}
