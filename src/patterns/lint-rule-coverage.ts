import type { CompiledRule, Diagnostic, LogEvent, Signature } from '../model/index.js';
import { examplesOf } from './compile-signature.js';
import { MAX_MATCH_TEXT, matchSignature, targetText } from './match-signature.js';
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

/** Whether the signature would match `line` through `rule`, its `unless` rules applied (the component filter is not). */
function signatureMatchesLine(signature: Signature, rule: CompiledRule, line: string, parseLine: (text: string) => LogEvent): boolean {
  const event = parseLine(line);
  return matchSignature(signature, event, matchTextOf(event).slice(0, MAX_MATCH_TEXT), [rule]) !== undefined;
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
 * A rule literal that also occurs in a known message of another component — an example line (match or no_match) of
 * another signature: the prefilter will wake this rule on that component's chatter, and a loose regex would then
 * match it. A signature is about the components it declares, else the components its match examples come from (as
 * the parsers read them: `containerd[812]:` in a journal line); a known message belongs to its signature's declared
 * components, else to the component its own line names. Signatures and lines with no component known are not compared,
 * nor two signatures one of which names the other in `causes`/`caused_by` (declared to go together), nor Kubernetes
 * Event notes (`k8s-event`: they restate a component's own message by design, see patterns/README.md). With a
 * parser, a message the rule would not match after all (its regex asks for more than the literal, or the signature's
 * `unless` already leaves that wording out) is handled: only a message it would match is a finding.
 */
const EVENT_COMPONENT = 'k8s-event';

function related(a: Signature, b: Signature): boolean {
  return [...a.causes, ...a.causedBy].some((l) => l.signature === b.id) || [...b.causes, ...b.causedBy].some((l) => l.signature === a.id);
}

export function literalsInOtherComponents(signatures: readonly Signature[], parseLine?: (text: string) => LogEvent): Diagnostic[] {
  const componentOfLine = (line: string): string | undefined => (parseLine ? parseLine(line).component : undefined);
  const aboutOf = (s: Signature): readonly string[] =>
    s.components.length > 0 ? s.components : [...new Set((examplesOf(s)?.match ?? []).flatMap((e) => componentOfLine(e.line) ?? []))].sort();
  const messagesOf = (s: Signature): { components: readonly string[]; line: string; text: string }[] =>
    [...(examplesOf(s)?.match.map((e) => e.line) ?? []), ...(examplesOf(s)?.noMatch.map((e) => e.line) ?? [])].flatMap((line) => {
      const components = s.components.length > 0 ? s.components : [componentOfLine(line)].filter((c): c is string => c !== undefined);
      return components.length > 0 && !components.includes(EVENT_COMPONENT) ? [{ components, line, text: line.toLowerCase() }] : [];
    });
  const about = new Map(signatures.map((s) => [s, aboutOf(s)]));
  const messages = new Map(signatures.map((s) => [s, messagesOf(s)]));
  const out: Diagnostic[] = [];
  for (const s of signatures) {
    const components = about.get(s)!;
    if (components.length === 0) continue;
    for (const other of signatures) {
      if (other === s || related(s, other)) continue;
      const foreign = messages.get(other)!.filter((m) => !m.components.some((c) => components.includes(c)));
      if (foreign.length === 0) continue;
      s.rules.forEach((rule, i) => {
        for (const literal of rule.literals) {
          if (literal.length < 3) continue;
          const hit = foreign.find((m) => m.text.includes(literal.toLowerCase()) && (!parseLine || signatureMatchesLine(s, rule, m.line, parseLine)));
          if (!hit) continue;
          out.push(warning('patterns.literal-elsewhere', s.file, `match[${i}].regex`, `literal '${literal}' also occurs in messages of ${hit.components.join('/')} ('${other.id}' examples)`, 'Make the rule specific to this component\'s wording, or declare the components it applies to.'));
          return;
        }
      });
    }
  }
  return out;
}
