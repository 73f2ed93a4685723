import type { Diagnostic, LogEvent, Match, Signature } from '../model/index.js';
import { examplesOf } from './compile-signature.js';
import type { Library } from './create-library.js';
import { matchWithoutPrefilter } from './match-without-prefilter.js';

/** The verdict on one example line (or one overlap found through it). */
export interface ExampleResult {
  readonly signature: string;
  readonly file: string;
  /** `overlap`: a match example of `signature` also matched `other`, and neither names the other as cause/effect. */
  readonly kind: 'match' | 'no_match' | 'overlap';
  /** Index in `examples.match` or `examples.no_match`. */
  readonly index: number;
  readonly line: string;
  readonly ok: boolean;
  /** The other signature, for overlaps. */
  readonly other?: string;
  /** Why it failed; absent when ok. */
  readonly diagnostic?: Diagnostic;
}

function related(a: Signature, b: Signature): boolean {
  const names = (s: Signature): string[] => [...s.causes, ...s.causedBy].map((l) => l.signature);
  return names(a).includes(b.id) || names(b).includes(a.id);
}

function describe(matches: readonly Match[]): string {
  return matches.map((m) => `${m.signature}${Object.keys(m.captures).length ? ` ${JSON.stringify(m.captures)}` : ''}`).join(', ') || 'nothing';
}

function sameMatches(a: readonly Match[], b: readonly Match[]): boolean {
  return describe([...a].sort(bySignature)) === describe([...b].sort(bySignature));
}

function bySignature(a: Match, b: Match): number {
  return a.signature < b.signature ? -1 : a.signature > b.signature ? 1 : 0;
}

/**
 * Runs every example of every signature through `parseLine` and the library: match examples must match (with the
 * declared captures), no_match examples must not; the prefiltered matcher and the regex-only twin must agree on
 * every example; and a match example may match another signature only when one names the other in
 * causes/caused_by. Never throws: a parser failure is a failed result.
 */
export function checkExamples(library: Library, parseLine: (text: string) => LogEvent): ExampleResult[] {
  const results: ExampleResult[] = [];
  for (const signature of library.signatures) {
    const examples = examplesOf(signature);
    if (!examples) continue;
    const run = (kind: 'match' | 'no_match', index: number, line: string, yamlLine: number | undefined, expected: Readonly<Record<string, string>> | undefined): void => {
      const field = `examples.${kind}[${index}]`;
      const fail = (code: string, title: string, reason?: string, help?: string): void => {
        results.push({
          signature: signature.id, file: signature.file, kind, index, line, ok: false,
          diagnostic: {
            code, severity: 'error', title: `${signature.file}: ${field}: ${title}`,
            ...(reason !== undefined ? { reason } : {}),
            where: { file: signature.file, ...(yamlLine !== undefined ? { line: yamlLine } : {}), field },
            ...(help !== undefined ? { help } : {}),
          },
        });
      };
      let event: LogEvent;
      let fast: readonly Match[];
      let slow: readonly Match[];
      try {
        event = parseLine(line);
        fast = library.match(event);
        slow = matchWithoutPrefilter(library.signatures, event);
      } catch (error) {
        fail('patterns.example-error', 'example could not be parsed or matched', error instanceof Error ? error.message : String(error));
        return;
      }
      if (!sameMatches(fast, slow)) {
        fail('patterns.prefilter-disagrees', 'prefilter and regex-only matching disagree', `with prefilter: ${describe(fast)}; regexes alone: ${describe(slow)}`, 'The declared `literals` do not occur in every line the regex matches; fix or drop them.');
        return;
      }
      const own = slow.find((m) => m.signature === signature.id);
      if (kind === 'no_match') {
        if (own) fail('patterns.example-matched', `signature '${signature.id}' matches an example declared no_match`, `line: ${line}`, 'Tighten the regex or add an `unless` rule.');
        else results.push({ signature: signature.id, file: signature.file, kind, index, line, ok: true });
        return;
      }
      if (!own) {
        fail('patterns.example-unmatched', `signature '${signature.id}' does not match its example`, `match text is built from the parsed event; message: ${event.message}`, 'Write the regex against the parsed message plus ` key=value` fields, not the raw line.');
        return;
      }
      const wrong = Object.entries(expected ?? {}).filter(([k, v]) => own.captures[k] !== v);
      if (wrong.length > 0) {
        fail('patterns.example-captures', `captures differ: ${wrong.map(([k, v]) => `${k} expected '${v}', got ${own.captures[k] === undefined ? 'nothing' : `'${own.captures[k]}'`}`).join('; ')}`);
        return;
      }
      results.push({ signature: signature.id, file: signature.file, kind, index, line, ok: true });
      for (const other of slow) {
        if (other.signature === signature.id) continue;
        const otherSignature = library.byId(other.signature);
        if (otherSignature && related(signature, otherSignature)) continue;
        // A benign declaration exists to silence the other signature on its lines: that overlap is its purpose.
        if (signature.benign || otherSignature?.benign) continue;
        results.push({
          signature: signature.id, file: signature.file, kind: 'overlap', index, line, ok: false, other: other.signature,
          diagnostic: {
            code: 'patterns.overlap',
            severity: 'warning',
            title: `${signature.file}: ${field}: also matches signature '${other.signature}'`,
            where: { file: signature.file, ...(yamlLine !== undefined ? { line: yamlLine } : {}), field },
            help: 'Make the regexes disjoint, or relate the two with causes/caused_by.',
          },
        });
      }
    };
    examples.match.forEach((e, i) => run('match', i, e.line, e.yamlLine, e.captures));
    examples.noMatch.forEach((e, i) => run('no_match', i, e.line, e.yamlLine, undefined));
  }
  return results;
}
