import { Scalar, stringify } from 'yaml';
import { parseStandaloneLine } from '../formats/index.js';
import { WILDCARD, maskToken } from './mask-variables.js';

/** What to match a masked variable with: one token, or a whole quoted value. */
const ANY_TOKEN = '\\S+';
const ANY_QUOTED = '"(?:[^"\\\\]|\\\\.)*"';
const MIN_LITERAL = 6;

export interface DraftSignature {
  readonly id: string;
  /** The YAML text, ready to edit and save under patterns/<component>/<id>.yaml. */
  readonly yaml: string;
}

/**
 * A ready-to-edit signature for one log line: the line is parsed as a bundle file would be (envelopes stripped),
 * its message's words become the regex's literals and its variables (ids, numbers, paths, addresses, quoted values)
 * become `\S+` or a quoted-string pattern; the line itself is the first match example. The prose keys say TODO.
 */
export function draftSignature(line: string, id?: string): DraftSignature {
  const event = parseStandaloneLine(line);
  const message = event.message.split('\n', 1)[0]!.trim();
  const words = new RegexWords();
  for (const token of splitKeepingQuotes(message)) {
    if (/^"/.test(token) && token.endsWith('"') && token.length >= 2) {
      words.variable(ANY_QUOTED);
      continue;
    }
    const masked = maskToken(token);
    // Keep the fixed parts of a half-variable token (`pod=<*>`, `(<*>):`) and match the variable part loosely.
    if (masked === token) words.fixed(token);
    else words.variable(masked.split(WILDCARD).map(escapeRegex).join(ANY_TOKEN));
  }
  const { parts, fixedRuns } = words.done();
  const literal = [...fixedRuns].sort((a, b) => b.length - a.length)[0];
  const rule: Record<string, unknown> = { regex: quoted(parts.join('\\s+')) };
  if (literal && literal.length >= MIN_LITERAL) rule['literals'] = [literal];
  return draftYaml({
    id: id ?? idFrom(fixedRuns),
    what: message,
    severity: event.severity === 'critical' ? 'critical' : event.severity === 'warning' ? 'warning' : 'error',
    components: event.component ? [event.component] : [],
    rule,
    line,
  });
}

/** An `unrecognised` entry of a JSON report, as `patterns new --from-template` takes it. */
export interface TemplateToDraft {
  /** The template: tokens separated by one space, each variable part `<*>` (src/patterns/mask-variables.ts). */
  readonly template: string;
  readonly components: readonly string[];
  /** The earliest line of the shape, as the bundle holds it. */
  readonly exampleLine: string;
}

/** A token that was one variable (or a run of them, or a quoted value with spaces): anything up to the next word. */
const ANY_RUN = '.+?';
/** The variable part of a token: one quoted value (spaces and escaped quotes inside) or one run of non-spaces. */
const ANY_VALUE = `(?:${ANY_QUOTED}|\\S+)`;

/**
 * A ready-to-edit signature for a mined template (a report's `unrecognised` entry): its fixed words become the regex
 * and the literals, each masked variable a class that matches what the miner masked there — a whole token or run of
 * tokens `.+?`, a quoted value or a run of non-spaces inside a token — all RE2-compatible (no lookaround, no
 * backreference). The components the template was seen from become the `components` filter; the example line is
 * the first match example. The prose keys say TODO.
 */
export function draftSignatureFromTemplate(entry: TemplateToDraft, id?: string): DraftSignature {
  const tokens = entry.template.split(' ').filter((t) => t !== '');
  const words = new RegexWords();
  for (const token of tokens) {
    if (token === WILDCARD) words.variable(ANY_RUN);
    else if (token.includes(WILDCARD)) words.variable(token.split(WILDCARD).map(escapeRegex).join(ANY_VALUE));
    else words.fixed(token);
  }
  const { parts, fixedRuns } = words.done();
  // A declared literal must be in every line the regex matches: only a run the example's own message holds verbatim
  // (tokens were split on any whitespace) is safe; otherwise the engine derives one from the regex.
  const message = parseStandaloneLine(entry.exampleLine).message;
  const literal = [...fixedRuns].filter((r) => r.length >= MIN_LITERAL && message.includes(r)).sort((a, b) => b.length - a.length)[0];
  const rule: Record<string, unknown> = { regex: quoted(parts.join('\\s+')) };
  if (literal) rule['literals'] = [literal];
  return draftYaml({ id: id ?? idFrom(fixedRuns), what: entry.template, severity: 'error', components: [...entry.components].sort(), rule, line: entry.exampleLine });
}

/** A draft regex built token by token: its parts (joined by `\s+`), and the runs of fixed words between variables. */
class RegexWords {
  private readonly parts: string[] = [];
  private readonly fixedRuns: string[] = [];
  private run: string[] = [];

  fixed(word: string): void {
    this.parts.push(escapeRegex(word));
    this.run.push(word);
  }

  variable(pattern: string): void {
    this.parts.push(pattern);
    this.endRun();
  }

  done(): { readonly parts: readonly string[]; readonly fixedRuns: readonly string[] } {
    this.endRun();
    return { parts: this.parts, fixedRuns: this.fixedRuns };
  }

  private endRun(): void {
    if (this.run.length) this.fixedRuns.push(this.run.join(' '));
    this.run = [];
  }
}

function draftYaml(d: { id: string; what: string; severity: string; components: readonly string[]; rule: Record<string, unknown>; line: string }): DraftSignature {
  const draft = {
    id: d.id,
    title: `TODO one line: what happened (${d.what.slice(0, 60)})`,
    severity: d.severity,
    role: 'cause',
    ...(d.components.length ? { components: [...d.components] } : {}),
    match: [d.rule],
    summary: 'TODO one sentence: what it means.',
    explanation: 'TODO a paragraph: the mechanism, and what else it leads to.\n',
    remediation: ['TODO the first step, with its command in `backticks`.'],
    runbook: 'https://TODO.invalid/runbook',
    references: ['https://TODO.invalid/where-this-line-was-posted'],
    examples: {
      match: [{ line: quoted(d.line) }],
      no_match: ['TODO a similar line that must not match'],
    },
  };
  return { id: d.id, yaml: stringify(draft, { lineWidth: 0 }) };
}

/** Regexes and log lines are written single-quoted, as patterns/README.md asks (no escapes to think about). */
function quoted(text: string): Scalar {
  const scalar = new Scalar(text);
  scalar.type = 'QUOTE_SINGLE';
  return scalar;
}

/** Whitespace-separated tokens, a double-quoted value (which may hold spaces) kept as one. */
function splitKeepingQuotes(text: string): string[] {
  return text.match(/"(?:[^"\\]|\\.)*"|\S+/g) ?? [];
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function idFrom(runs: readonly string[]): string {
  const words = runs.join(' ').toLowerCase().match(/[a-z][a-z0-9]*/g) ?? [];
  const id = words.slice(0, 6).join('-');
  return id === '' ? 'new-signature' : id;
}
