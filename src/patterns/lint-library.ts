import type { Diagnostic, LogEvent } from '../model/index.js';
import { checkExamples } from './check-examples.js';
import { examplesOf } from './compile-signature.js';
import type { Library } from './create-library.js';
import { literalsInOtherComponents, unexercisedRules } from './lint-rule-coverage.js';

/** Below this many match examples a signature is probably tuned to one customer's wording. */
const MIN_MATCH_EXAMPLES = 2;

/** Stands in for the format parsers: the raw line becomes the message. */
function rawLineEvent(text: string): LogEvent {
  return { timeQuality: 'none', message: text, fields: {}, format: 'plain-text', origin: { bundle: '<lint>', member: '<lint>', line: 1, lineCount: 1 } };
}

/**
 * Advice on a loaded library, none of it fatal: missing remediation/runbook/references, too few examples, rules
 * every line must be tried against (no literal), regexes with several `.*` (quadratic on long lines), relations to
 * unknown signatures, identical regexes in two signatures, examples that match another, unrelated signature,
 * rules no match example exercises, and rule literals that occur in other components' example messages (components
 * read from the example lines where a signature declares none).
 * Overlaps are found with `parseLine` when given (the real parsers), else with the raw line as the message.
 */
export function lintLibrary(library: Library, parseLine: (text: string) => LogEvent = rawLineEvent): Diagnostic[] {
  const out: Diagnostic[] = [];
  const warn = (code: string, file: string, field: string | undefined, title: string, help?: string): void => {
    out.push({ code, severity: 'warning', title: `${file}: ${field ? `${field}: ` : ''}${title}`, where: { file, ...(field ? { field } : {}) }, ...(help ? { help } : {}) });
  };
  const regexOwners = new Map<string, string>();

  for (const s of library.signatures) {
    if (s.remediation.length === 0) warn('patterns.no-remediation', s.file, 'remediation', 'no remediation steps', 'List the steps an engineer takes, commands included.');
    if (!s.runbook) warn('patterns.no-runbook', s.file, 'runbook', 'no runbook URL');
    if (s.references.length === 0) warn('patterns.no-references', s.file, 'references', 'no references: say where the example lines came from');
    const examples = examplesOf(s);
    if (examples && examples.match.length < MIN_MATCH_EXAMPLES) {
      warn('patterns.few-examples', s.file, 'examples.match', `only ${examples.match.length} match example(s); add real variants (other versions, other hosts)`);
    }
    s.rules.forEach((rule, i) => {
      const field = `match[${i}].regex`;
      if (rule.target === 'message' && rule.literals.length === 0) {
        warn('patterns.no-literal', s.file, field, 'no literal of 3+ characters is required by this regex: it runs on every line', 'Add a fixed phrase to the regex or declare `literals`.');
      }
      const key = `${rule.target}\u0000${rule.regex.flags}\u0000${rule.regex.source}`;
      const owner = regexOwners.get(key);
      if (owner !== undefined && owner !== s.id) warn('patterns.duplicate-regex', s.file, field, `same regex as signature '${owner}'`);
      else regexOwners.set(key, s.id);
    });
    for (const [key, links] of [['causes', s.causes], ['caused_by', s.causedBy]] as const) {
      links.forEach((link, i) => {
        if (link.signature === s.id) warn('patterns.self-relation', s.file, `${key}[${i}].signature`, 'a signature cannot explain itself');
        else if (!library.byId(link.signature)) warn('patterns.unknown-relation', s.file, `${key}[${i}].signature`, `unknown signature '${link.signature}'`);
      });
    }
  }
  for (const s of library.signatures) out.push(...unexercisedRules(s, parseLine));
  out.push(...literalsInOtherComponents(library.signatures, parseLine));
  for (const result of checkExamples(library, parseLine)) {
    if (result.kind === 'overlap' && result.diagnostic) out.push(result.diagnostic);
  }
  return out;
}
