import path from 'node:path';
import type { CaptureCondition, CauseLink, CompiledRule, Diagnostic, RuleConditions, RuleRegex, Signature } from '../model/index.js';
import { extractLiterals } from './extract-literals.js';
import { compileLinearRegex, deferLinearRegex } from './linear-regex.js';
import { parseDuration } from './parse-duration.js';
import { parseCaptureCondition } from './capture-condition.js';
import type { MatchRuleFile, SignatureFile } from './signature-schema.js';

/** Where an example sits in its file, for diagnostics. */
export interface MatchExample {
  readonly line: string;
  readonly captures: Readonly<Record<string, string>>;
  readonly yamlLine?: number;
}
export interface NoMatchExample {
  readonly line: string;
  readonly yamlLine?: number;
}
export interface SignatureExamples {
  readonly match: readonly MatchExample[];
  readonly noMatch: readonly NoMatchExample[];
}

/** A compiled signature that still carries its file's examples (the shared model has no place for them). */
export interface LoadedSignature extends Signature {
  readonly examples: SignatureExamples;
  /** Rules whose literals were derived (not declared) and came out empty: every line is a candidate. */
  readonly rulesWithoutLiterals: readonly string[];
}

/** The examples of a signature that came from loadLibrary, or undefined for one built elsewhere. */
export function examplesOf(signature: Signature): SignatureExamples | undefined {
  const examples = (signature as Partial<LoadedSignature>).examples;
  return examples && Array.isArray(examples.match) && Array.isArray(examples.noMatch) ? examples : undefined;
}

/** Maps a YAML path (`['match', 0, 'regex']`) to its 1-based line in the file, when known. */
export type LineOf = (path: readonly (string | number)[]) => number | undefined;

/** Renders a path the way the README and diagnostics spell it: `match[0].regex`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** ASCII-only lower-casing, matching the prefilter's fold. */
function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/**
 * Turns a validated signature file into a Signature: regexes compiled for the linear-time engine (and rejected when
 * malformed or outside what it runs), literals derived, durations in ms. Returns a diagnostic per broken rule instead of
 * the signature when any rule is broken.
 */
export interface CompileSignatureOptions {
  /** The regexes compiled without error before (at build time, into the snapshot): each is compiled on first use. */
  readonly regexesChecked?: boolean;
}

export function compileSignature(data: SignatureFile, file: string, lineOf: LineOf = () => undefined, options: CompileSignatureOptions = {}): { signature?: LoadedSignature; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const rulesWithoutLiterals: string[] = [];

  const compileRules = (rules: readonly MatchRuleFile[], key: 'match' | 'unless'): CompiledRule[] => {
    const out: CompiledRule[] = [];
    rules.forEach((rule, i) => {
      const path = [key, i, 'regex'];
      const field = fieldPath(path);
      const where = { file, line: lineOf(path), field };
      const caseInsensitive = rule.ignore_case ?? false;
      let regex: RuleRegex;
      try {
        if (options.regexesChecked) regex = deferLinearRegex(rule.regex, caseInsensitive);
        else {
          // V8 checks the JavaScript syntax authors write; the linear-time engine is what runs.
          new RegExp(rule.regex, caseInsensitive ? 'i' : '');
          regex = compileLinearRegex(rule.regex, caseInsensitive);
        }
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        diagnostics.push({
          code: 'patterns.bad-regex',
          severity: 'error',
          title: `${file}: ${field}: ${reason}`,
          where,
          help: 'Fix the regex (JavaScript syntax without the `u` flag, run by a linear-time engine: no lookahead except a trailing `(?!literal)`, no backreferences); the signature is left out until then.',
        });
        return;
      }
      let literals: string[];
      if (rule.literals) literals = caseInsensitive ? rule.literals.map(asciiLower) : [...rule.literals];
      else {
        literals = extractLiterals(rule.regex, caseInsensitive) ?? [];
        if (literals.length === 0 && key === 'match') rulesWithoutLiterals.push(field);
      }
      const conditions = compileConditions(rule);
      out.push({ regex, target: rule.field ?? 'message', literals, caseInsensitive, ...(conditions ? { conditions } : {}) });
    });
    return out;
  };

  const rules = compileRules(data.match, 'match');
  const unless = compileRules(data.unless ?? [], 'unless');
  // A fingerprint field no rule captures would silently never count: the same failure on two nodes must match.
  const captured = new Set(data.match.flatMap((rule) => [...rule.regex.matchAll(/\(\?<([A-Za-z_]\w*)>/g)].map((m) => m[1]!)));
  (data.fingerprint ?? []).forEach((name, i) => {
    if (captured.has(name)) return;
    const field = fieldPath(['fingerprint', i]);
    diagnostics.push({
      code: 'patterns.bad-fingerprint',
      severity: 'error',
      title: `${file}: ${field}: no match rule captures "${name}"`,
      where: { file, line: lineOf(['fingerprint', i]), field },
      help: `Name a capture group of a match rule (${[...captured].sort().join(', ') || 'none here'}); the signature is left out until then.`,
    });
  });
  // A benign line silences other signatures as it is matched, before any boot or neighbour is known.
  if (data.benign) {
    data.match.forEach((rule, i) => {
      if (!rule.boot_phase && !rule.repetition) return;
      const field = fieldPath(['match', i, rule.boot_phase ? 'boot_phase' : 'repetition']);
      diagnostics.push({
        code: 'patterns.schema',
        severity: 'error',
        title: `${file}: ${field}: a benign signature cannot have conditions`,
        where: { file, line: lineOf(['match', i]), field },
        help: 'Benign lines are silenced as they are read; make the regex specific instead. The signature is left out until then.',
      });
    });
  }
  if (diagnostics.length > 0) return { diagnostics };

  const link = (r: { signature: string; within: string; same_host?: boolean }): CauseLink => ({
    signature: r.signature,
    withinMs: parseDuration(r.within) ?? 0,
    sameHost: r.same_host ?? true,
  });

  const signature: LoadedSignature = {
    id: data.id,
    title: data.title,
    severity: data.severity,
    role: data.role,
    ...(data.benign ? { benign: true } : {}),
    components: data.components ?? [],
    rules,
    unless,
    ...(data.fingerprint ? { fingerprint: [...data.fingerprint] } : {}),
    ...(data.threshold ? { threshold: compileThreshold(data.threshold) } : {}),
    summary: data.summary,
    explanation: data.explanation,
    remediation: data.remediation,
    runbook: data.runbook,
    references: data.references ?? [],
    affects: data.affects ?? [],
    fixedIn: data.fixed_in ?? [],
    causes: (data.causes ?? []).map(link),
    causedBy: (data.caused_by ?? []).map(link),
    file,
    examples: {
      match: data.examples.match.map((e, i) => ({ line: e.line, captures: e.captures ?? {}, yamlLine: lineOf(['examples', 'match', i]) })),
      noMatch: data.examples.no_match.map((line, i) => ({ line, yamlLine: lineOf(['examples', 'no_match', i]) })),
    },
    rulesWithoutLiterals,
  };
  return { signature, diagnostics };
}

function compileConditions(rule: MatchRuleFile): RuleConditions | undefined {
  const phase = rule.boot_phase;
  const repetition = rule.repetition;
  if (!phase && !repetition) return undefined;
  return {
    ...(phase ? { bootPhase: phase.within !== undefined ? { withinMs: parseDuration(phase.within) ?? 0 } : { afterMs: parseDuration(phase.after!) ?? 0 } } : {}),
    ...(repetition
      ? {
          repetition: {
            ...(repetition.at_most !== undefined ? { atMost: repetition.at_most } : {}),
            ...(repetition.at_least !== undefined ? { atLeast: repetition.at_least } : {}),
            withinMs: parseDuration(repetition.within) ?? 0,
          },
        }
      : {}),
  };
}

function compileThreshold(threshold: NonNullable<SignatureFile['threshold']>): NonNullable<Signature['threshold']> {
  const conditions = Object.entries(threshold.unless_capture ?? {})
    .map(([capture, text]) => parseCaptureCondition(capture, text))
    .filter((c): c is CaptureCondition => c !== undefined);
  return { count: threshold.count, withinMs: parseDuration(threshold.within) ?? 0, ...(conditions.length ? { unlessCapture: conditions } : {}) };
}

/** Compiles a validated signature file named `file`: `compileSignature`, then the check that the id is the file's name. */
export function compileSignatureFile(data: SignatureFile, file: string, strict: boolean, lineOf: LineOf, regexesChecked = false): { signature?: LoadedSignature; diagnostics: Diagnostic[] } {
  const compiled = compileSignature(data, file, lineOf, { regexesChecked });
  if (!compiled.signature) return compiled;
  const stem = path.basename(file).replace(/\.ya?ml$/, '');
  if (stem !== compiled.signature.id) {
    const diagnostic: Diagnostic = {
      code: 'patterns.id-mismatch',
      severity: strict ? 'error' : 'warning',
      title: `${file}: id: '${compiled.signature.id}' differs from the file name '${stem}'`,
      where: { file, line: lineOf(['id']), field: 'id' },
      help: 'Name the file <id>.yaml.',
    };
    return strict ? { diagnostics: [...compiled.diagnostics, diagnostic] } : { signature: compiled.signature, diagnostics: [...compiled.diagnostics, diagnostic] };
  }
  return compiled;
}
