import { readFileSync, writeFileSync } from 'node:fs';
import { loadLibrary } from '../../patterns/load-library.js';
import { checkExamples } from '../../patterns/check-examples.js';
import { lintLibrary } from '../../patterns/lint-library.js';
import { describeConditions } from '../../patterns/describe-conditions.js';
import { draftSignature, draftSignatureFromTemplate, type DraftSignature } from '../../patterns/draft-signature.js';
import { parseStandaloneLine } from '../../formats/index.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { commandHelp, nearestWord, parseCommandLine } from '../option-specs.js';
import type { CommandIo } from '../command-io.js';
import { shippedPatternsDir, shippedSnapshotFile } from '../shipped-patterns-dir.js';
import type { ReportTemplate } from '../../report/read-json-report.js';
import { sanitizeText } from '../../report/sanitize-text.js';
import { PATTERNS_COMMAND, PATTERNS_OPTIONS } from './patterns-spec.js';

export async function patternsCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseCommandLine(sub?.startsWith('-') ? args : rest, PATTERNS_OPTIONS, 'patterns');
  if (!sub || values.help || sub === 'help') {
    io.stdout(commandHelp(PATTERNS_COMMAND));
    return sub ? EXIT.ok : EXIT.usage;
  }
  if (sub === 'new') return newSignature(values, io);
  const dirs = (sub === 'test' || sub === 'lint') && positionals.length
    ? [...positionals, ...(values.patterns ?? [])]
    : [shippedPatternsDir(), ...(values.patterns ?? [])];
  const { library, diagnostics } = await loadLibrary(dirs, { strict: Boolean(values.strict), snapshotFile: shippedSnapshotFile() });
  const printDiagnostics = (list: readonly Diagnostic[]) => {
    for (const d of list) io.stderr(formatDiagnostic(d));
  };
  switch (sub) {
    case 'list': {
      printDiagnostics(diagnostics);
      const rows = library.signatures.map((s) => ({ id: s.id, severity: s.severity, role: s.role, components: s.components, title: s.title, file: s.file }));
      if (values.json) {
        io.stdout(JSON.stringify(rows, null, 2) + '\n');
      } else {
        const idWidth = Math.max(2, ...rows.map((r) => r.id.length));
        io.stdout(`${'ID'.padEnd(idWidth)}  SEVERITY  ROLE     TITLE\n`);
        for (const r of rows) io.stdout(`${r.id.padEnd(idWidth)}  ${r.severity.padEnd(8)}  ${r.role.padEnd(7)}  ${r.title}\n`);
        io.stdout(`${rows.length} signature(s)\n`);
      }
      return diagnostics.some((d) => d.severity === 'error') ? EXIT.incidentFound : EXIT.ok;
    }
    case 'show': {
      const id = positionals[0];
      if (!id) throw new UsageError('patterns show needs a signature id (see "logsift patterns list")');
      const s = library.byId(id);
      if (!s) throw new UsageError(`no signature "${id}" (see "logsift patterns list")`);
      if (values.json) {
        io.stdout(JSON.stringify({ ...s, rules: s.rules.map((r) => ({ regex: r.regex.source, target: r.target, literals: r.literals, ...(r.conditions ? { conditions: r.conditions } : {}) })), unless: s.unless.map((r) => r.regex.source) }, null, 2) + '\n');
        return EXIT.ok;
      }
      const lines = [
        `${s.id} — ${s.title}`,
        `severity: ${s.severity}   role: ${s.role}   components: ${s.components.join(', ') || 'any'}`,
        `file: ${s.file}${s.overrides ? ` (overrides ${s.overrides})` : ''}`,
        '',
        s.summary,
        '',
        'Why:',
        indent(s.explanation.trim()),
        '',
        'Fix:',
        ...s.remediation.map((step, i) => `  ${i + 1}. ${step}`),
        '',
        `Runbook: ${s.runbook ?? '-'}`,
        ...(s.references.length ? ['References:', ...s.references.map((r) => `  ${r}`)] : []),
        ...(s.affects.length ? [`Affects: ${s.affects.map((a) => `${a.product} ${a.versions}`).join('; ')}`] : []),
        ...(s.fixedIn.length ? [`Fixed in: ${s.fixedIn.map((a) => `${a.product} ${a.versions}`).join('; ')}`] : []),
        ...(s.causes.length ? [`Causes: ${s.causes.map((c) => c.signature).join(', ')}`] : []),
        ...(s.causedBy.length ? [`Caused by: ${s.causedBy.map((c) => c.signature).join(', ')}`] : []),
        'Match rules:',
        ...s.rules.map((r) => `  /${r.regex.source}/${r.regex.flags}${r.target !== 'message' ? ` on ${r.target}` : ''}${r.conditions ? ` (counts ${describeConditions(r.conditions)})` : ''}`),
      ];
      io.stdout(lines.map(sanitizeText).join('\n') + '\n');
      return EXIT.ok;
    }
    case 'test': {
      printDiagnostics(diagnostics);
      const results = checkExamples(library, parseStandaloneLine);
      const failures = results.filter((r) => !r.ok);
      if (values.json) {
        io.stdout(JSON.stringify(results, null, 2) + '\n');
      } else {
        for (const f of failures) io.stdout(`FAIL ${f.signature} ${f.kind}[${f.index}]${f.other ? ` (also matches ${f.other})` : ''}: ${f.diagnostic?.title ?? f.line}\n    --> ${f.file}\n`);
        io.stdout(`${results.length - failures.length} passed, ${failures.length} failed\n`);
      }
      return failures.length || diagnostics.some((d) => d.severity === 'error') ? EXIT.incidentFound : EXIT.ok;
    }
    case 'lint': {
      const found = [...diagnostics, ...lintLibrary(library, parseStandaloneLine)];
      printDiagnostics(found);
      io.stdout(`${library.signatures.length} signature(s), ${found.filter((d) => d.severity === 'error').length} error(s), ${found.filter((d) => d.severity === 'warning').length} warning(s)\n`);
      return found.some((d) => d.severity === 'error') ? EXIT.incidentFound : EXIT.ok;
    }
    default: {
      const names = PATTERNS_COMMAND.subcommands!.map((c) => c.name);
      const near = nearestWord(sub, names);
      throw new UsageError(`unknown patterns command "${sub}"${near ? ` (did you mean ${near}?)` : ''}: ${names.join(', ')}; run "logsift patterns --help"`);
    }
  }
}

async function newSignature(values: { 'from-line'?: string; 'from-template'?: string; report?: string; id?: string; output?: string }, io: CommandIo): Promise<number> {
  const line = values['from-line'];
  const fingerprint = values['from-template'];
  if (line !== undefined && fingerprint !== undefined) throw new UsageError('patterns new takes --from-line or --from-template, not both');
  if (values.id !== undefined && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(values.id)) throw new UsageError(`--id "${values.id}": use kebab-case (a-z, 0-9, -)`);
  let draft: DraftSignature;
  if (fingerprint !== undefined) {
    if (values.report === undefined) throw new UsageError('patterns new --from-template needs --report FILE (a report written with --format json)');
    const found = await templateOfReport(values.report, fingerprint, io);
    if (typeof found === 'number') return found;
    draft = draftSignatureFromTemplate({ template: found.template, components: found.components, exampleLine: found.example!.text }, values.id);
  } else {
    if (line === undefined || line.trim() === '') throw new UsageError('patterns new needs --from-line \'<a log line>\' or --from-template FINGERPRINT --report FILE');
    if (values.report !== undefined) throw new UsageError('--report goes with --from-template');
    draft = draftSignature(line, values.id);
  }
  if (!values.output) {
    io.stdout(draft.yaml);
    return EXIT.ok;
  }
  try {
    writeFileSync(values.output, draft.yaml, { flag: 'wx' });
  } catch (error) {
    io.stderr(`logsift: cannot write ${values.output}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
    return EXIT.usage;
  }
  io.stderr(`logsift: signature draft ${draft.id} written to ${values.output}; fill in the TODOs, then run "logsift patterns test"\n`);
  return EXIT.ok;
}

/**
 * The report's unrecognised template with this fingerprint (whole, or its hash), or the exit status after one line on
 * stderr naming the file and why (unreadable, not a report: 3; no such template: usage, listing the report's).
 */
async function templateOfReport(file: string, fingerprint: string, io: CommandIo): Promise<ReportTemplate | number> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    io.stderr(`logsift: ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
    return EXIT.noInput;
  }
  // Loaded here: reading a report brings the fingerprint code, which no other patterns subcommand needs.
  const { readReportTemplates } = await import('../../report/read-json-report.js');
  const read = readReportTemplates(text);
  if (read.error !== undefined) {
    io.stderr(`logsift: ${file}: ${read.error}\n`);
    return EXIT.noInput;
  }
  const wanted = fingerprint.trim().toLowerCase();
  const found = read.templates.find((t) => t.fingerprint !== undefined && (t.fingerprint === wanted || t.fingerprint.slice(t.fingerprint.lastIndexOf(':') + 1) === wanted));
  if (!found) {
    const listed = read.templates.flatMap((t) => (t.fingerprint ? [t.fingerprint] : []));
    const some = listed.length ? `; it lists ${listed.slice(0, 5).join(', ')}${listed.length > 5 ? ` and ${listed.length - 5} more` : ''}` : '; it lists no unrecognised template';
    throw new UsageError(`--from-template ${fingerprint}: no unrecognised template with this fingerprint in ${file}${some}`);
  }
  if (!found.example) {
    io.stderr(`logsift: ${file}: template ${fingerprint} has no example line to draft from\n`);
    return EXIT.noInput;
  }
  return found;
}

function indent(text: string): string {
  return text.split('\n').map((l) => `  ${l}`).join('\n');
}

/** lnav-style: `error: title` / `  --> file:line` / `  help: …`. */
export function formatDiagnostic(d: Diagnostic): string {
  const lines = [`${d.severity}: ${d.title}`];
  if (d.reason) lines.push(`  reason: ${d.reason}`);
  if (d.where) lines.push(`  --> ${d.where.file}${d.where.line ? `:${d.where.line}` : ''}${d.where.field ? ` (${d.where.field})` : ''}`);
  if (d.help) lines.push(`  help: ${d.help}`);
  return lines.join('\n') + '\n';
}
