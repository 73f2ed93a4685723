import type { CompiledRule, Diagnostic, LogEvent, Signature } from '../model/index.js';
import { examplesOf } from './compile-signature.js';
import { MAX_MATCH_TEXT, targetText } from './match-signature.js';
import { matchTextOf } from './match-text-of.js';

function warning(code: string, file: string, field: string, title: string, help: string): Diagnostic {
  return { code, severity: 'warning', title: `${file}: ${field}: ${title}`, where: { file, field }, help };
}

/** Whether `rule` matches the event parsed from `line`, seen exactly as the matcher sees it. */
export function ruleMatchesLine(rule: CompiledRule, line: string, parseLine: (text: string) => LogEvent): boolean {
  const event = parseLine(line);
  const text = targetText(rule, event, matchTextOf(event).slice(0, MAX_MATCH_TEXT));
  return text !== undefined && rule.regex.test(text);
}

/**
 * Rules no match example exercises: a wording nobody has shown a real line for (or whose example was reworded
 * away), which `patterns test` cannot catch because another rule of the signature matches the example.
 */
export function unexercisedRules(signature: Signature, parseLine: (text: string) => LogEvent): Diagnostic[] {
  const examples = examplesOf(signature);
  if (!examples) return [];
  return signature.rules.flatMap((rule, i) =>
    examples.match.some((e) => ruleMatchesLine(rule, e.line, parseLine))
      ? []
      : [warning('patterns.rule-without-example', signature.file, `match[${i}].regex`, 'no match example exercises this rule', 'Add a real line (or one built from the upstream format string, with its source) that this rule matches.')],
  );
}

/**
 * A rule literal that also occurs in the example lines of a signature about other components: the prefilter
 * will wake this rule on that component's chatter, and a loose regex would then match it. Signatures with no
 * `components` filter are about any component and are not compared.
 */
export function literalsInOtherComponents(signatures: readonly Signature[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const s of signatures) {
    if (s.components.length === 0) continue;
    for (const other of signatures) {
      if (other === s || other.components.length === 0 || other.components.some((c) => s.components.includes(c))) continue;
      const lines = [...(examplesOf(other)?.match.map((e) => e.line) ?? []), ...(examplesOf(other)?.noMatch.map((e) => e.line) ?? [])].map((l) => l.toLowerCase());
      s.rules.forEach((rule, i) => {
        const shared = rule.literals.find((literal) => literal.length >= 3 && lines.some((line) => line.includes(literal.toLowerCase())));
        if (shared) {
          out.push(warning('patterns.literal-elsewhere', s.file, `match[${i}].regex`, `literal '${shared}' also occurs in messages of ${other.components.join('/')} ('${other.id}' examples)`, 'Make the rule specific to this component\'s wording, or declare the components it applies to.'));
        }
      });
    }
  }
  return out;
}
