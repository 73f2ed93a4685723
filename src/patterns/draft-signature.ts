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
  const parts: string[] = [];
  const fixedRuns: string[] = [];
  let run: string[] = [];
  const endRun = () => {
    if (run.length) fixedRuns.push(run.join(' '));
    run = [];
  };
  for (const token of splitKeepingQuotes(message)) {
    if (/^"/.test(token) && token.endsWith('"') && token.length >= 2) {
      parts.push(ANY_QUOTED);
      endRun();
      continue;
    }
    const masked = maskToken(token);
    if (masked === token) {
      parts.push(escapeRegex(token));
      run.push(token);
      continue;
    }
    // Keep the fixed parts of a half-variable token (`pod=<*>`, `(<*>):`) and match the variable part loosely.
    parts.push(masked.split(WILDCARD).map(escapeRegex).join(ANY_TOKEN));
    endRun();
  }
  endRun();
  const literal = [...fixedRuns].sort((a, b) => b.length - a.length)[0];
  const signatureId = id ?? idFrom(fixedRuns);
  const rule: Record<string, unknown> = { regex: quoted(parts.join('\\s+')) };
  if (literal && literal.length >= MIN_LITERAL) rule['literals'] = [literal];
  const draft = {
    id: signatureId,
    title: `TODO one line: what happened (${message.slice(0, 60)})`,
    severity: event.severity === 'critical' ? 'critical' : event.severity === 'warning' ? 'warning' : 'error',
    role: 'cause',
    ...(event.component ? { components: [event.component] } : {}),
    match: [rule],
    summary: 'TODO one sentence: what it means.',
    explanation: 'TODO a paragraph: the mechanism, and what else it leads to.\n',
    remediation: ['TODO the first step, with its command in `backticks`.'],
    runbook: 'https://TODO.invalid/runbook',
    references: ['https://TODO.invalid/where-this-line-was-posted'],
    examples: {
      match: [{ line: quoted(line) }],
      no_match: ['TODO a similar line that must not match'],
    },
  };
  return { id: signatureId, yaml: stringify(draft, { lineWidth: 0 }) };
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
