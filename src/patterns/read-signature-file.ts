import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import fg from 'fast-glob';
import { isMap, isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { Diagnostic } from '../model/index.js';
import { compileSignatureFile, fieldPath, type LineOf, type LoadedSignature } from './compile-signature.js';
import { signatureSchema, type SignatureFile } from './signature-schema.js';
import { LIFECYCLE_DIR, LIFECYCLE_FILE } from './load-lifecycle.js';
import { SYSTEM_FACTS_FILE } from './load-system-facts.js';
import { SNAPSHOT_FORMAT, sourceHashOf, type LibrarySnapshot, type SnapshotFile } from './library-snapshot.js';

// The YAML side of the library: loadLibrary imports this module only when some directory has no valid snapshot,
// so a run on the shipped library never loads the YAML parser, the schema or the glob library.

/** The signature files under `dir` in load order, or undefined when it is not a readable directory. */
export async function listSignatureFiles(dir: string): Promise<string[] | undefined> {
  try {
    if (!(await stat(dir)).isDirectory()) return undefined;
    // The lifecycle table (context/) is data of another shape, loaded by loadLifecycle.
    const found = await fg('**/*.{yaml,yml}', { cwd: dir, onlyFiles: true, dot: false, ignore: [`${LIFECYCLE_DIR}/**`] });
    return found.sort().map((rel) => path.join(dir, rel));
  } catch {
    return undefined;
  }
}

/** Reads, parses, validates and compiles one signature file. */
export async function loadSignatureFile(file: string, strict = false): Promise<{ signature?: LoadedSignature; diagnostics: Diagnostic[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { diagnostics: [{ code: 'patterns.read-failed', severity: 'error', title: `${file}: cannot read file`, reason, where: { file } }] };
  }
  return parseSignatureText(text, file, strict);
}

/** Parses and compiles the text of one signature file; `file` is the name used in diagnostics. */
export function parseSignatureText(text: string, file: string, strict = false): { signature?: LoadedSignature; diagnostics: Diagnostic[] } {
  const validated = validateSignatureText(text, file);
  if (!validated.data) return { diagnostics: validated.diagnostics };
  return compileSignatureFile(validated.data, file, strict, validated.lineOf);
}

/** Parses one signature file's YAML and checks it against the schema. */
export function validateSignatureText(text: string, file: string): { data?: SignatureFile; lineOf: LineOf; diagnostics: Diagnostic[] } {
  const none: LineOf = () => undefined;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const line = error.linePos?.[0]?.line;
    const column = error.linePos?.[0]?.col;
    // prettyErrors appends " at line L, column C:" and a code frame; the location goes in front instead.
    const message = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    return {
      lineOf: none,
      diagnostics: [{
        code: 'patterns.bad-yaml',
        severity: 'error',
        title: `${file}${line !== undefined ? `:${line}${column !== undefined ? `:${column}` : ''}` : ''}: YAML syntax error: ${message}`,
        where: { file, ...(line !== undefined ? { line } : {}) },
        help: 'Quote regexes with single quotes; double a single quote inside them.',
      }],
    };
  }
  const lineOf = (p: readonly (string | number)[]): number | undefined => yamlLineOf(doc, lineCounter, p);

  let data: unknown;
  try {
    data = doc.toJS();
  } catch (error) {
    // yaml refuses alias explosions ("billion laughs") here rather than at parse time.
    const reason = error instanceof Error ? error.message : String(error);
    return { lineOf: none, diagnostics: [{ code: 'patterns.bad-yaml', severity: 'error', title: `${file}: YAML cannot be read: ${reason}`, where: { file } }] };
  }
  const parsed = signatureSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => {
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
      const p = keys.length > 0 ? [...issue.path, keys[0]] : issue.path;
      const message = issue.code === 'invalid_type' && /received undefined$/.test(issue.message)
        ? 'Required field missing'
        : issue.message;
      const field = fieldPath(p);
      return { field, message, line: lineOf(p.filter((k): k is string | number => typeof k !== 'symbol')) };
    });
    const first = issues[0];
    return {
      lineOf,
      diagnostics: [{
        code: 'patterns.schema',
        severity: 'error',
        title: `${file}: ${first.field === '' ? '' : `${first.field}: `}${first.message}`,
        ...(issues.length > 1 ? { reason: issues.map((i) => `${i.field || '(top)'}: ${i.message}`).join('; ') } : {}),
        where: { file, ...(first.line !== undefined ? { line: first.line } : {}), ...(first.field ? { field: first.field } : {}) },
        help: 'See patterns/README.md for the signature file keys.',
      }],
    };
  }

  return { data: parsed.data, lineOf, diagnostics: [] };
}

/** The line of the deepest existing node on `p` (a missing key reports its parent's line). */
function yamlLineOf(doc: Document, lineCounter: LineCounter, p: readonly (string | number)[]): number | undefined {
  for (let depth = p.length; depth >= 0; depth--) {
    const parentPath = p.slice(0, depth);
    const node = depth === 0 ? doc.contents : doc.getIn(parentPath, true);
    if (!isNode(node) || !node.range) continue;
    // Point at the key of a mapping entry, where an author looks for it.
    if (depth > 0) {
      const parent = depth === 1 ? doc.contents : doc.getIn(p.slice(0, depth - 1), true);
      if (isMap(parent)) {
        const pair = parent.items.find((item) => isNode(item.key) && (item.key as { value?: unknown }).value === p[depth - 1]);
        if (pair && isNode(pair.key) && pair.key.range) return lineCounter.linePos(pair.key.range[0]).line;
      }
    }
    return lineCounter.linePos(node.range[0]).line;
  }
  return undefined;
}

/**
 * Reads and validates every signature file under `dir` (and its lifecycle table) into a snapshot for
 * `loadLibrary`'s `snapshotFile`, with the diagnostics a run would report for the directory (the build stops on errors).
 */
export async function buildLibrarySnapshot(dir: string): Promise<{ snapshot: LibrarySnapshot; diagnostics: Diagnostic[] }> {
  const files = await listSignatureFiles(dir);
  if (files === undefined) throw new Error(`${dir}: pattern directory not found or not readable`);
  const diagnostics: Diagnostic[] = [];
  const entries: SnapshotFile[] = [];
  for (const file of files) {
    const rel = path.relative(dir, file).split(path.sep).join('/');
    const validated = validateSignatureText(await readFile(file, 'utf8'), file);
    diagnostics.push(...validated.diagnostics);
    if (!validated.data) {
      entries.push({ file: rel });
      continue;
    }
    // Record every line compilation asks for, so the run reports the same lines without the YAML document.
    const lines: Record<string, number> = {};
    const recordingLineOf: LineOf = (p) => {
      const line = validated.lineOf(p);
      if (line !== undefined) lines[JSON.stringify(p)] = line;
      return line;
    };
    const compiled = compileSignatureFile(validated.data, file, false, recordingLineOf);
    recordingLineOf(['id']);
    diagnostics.push(...compiled.diagnostics);
    const regexesChecked = !compiled.diagnostics.some((d) => d.code === 'patterns.bad-regex');
    entries.push({ file: rel, data: validated.data, lines, ...(regexesChecked ? { regexesChecked } : {}) });
  }
  let lifecycle: unknown;
  try {
    lifecycle = parseDocument(await readFile(path.join(dir, LIFECYCLE_FILE), 'utf8')).toJS();
  } catch {
    lifecycle = undefined;
  }
  // Only a table that parses cleanly goes in: a broken one is read at run time, which names the file and the error.
  let systemFacts: unknown;
  try {
    const document = parseDocument(await readFile(path.join(dir, SYSTEM_FACTS_FILE), 'utf8'));
    systemFacts = document.errors.length === 0 ? document.toJS() : undefined;
  } catch {
    systemFacts = undefined;
  }
  return {
    snapshot: {
      format: SNAPSHOT_FORMAT, sourceHash: sourceHashOf(dir), files: entries,
      ...(lifecycle === undefined ? {} : { lifecycle }),
      ...(systemFacts === undefined ? {} : { systemFacts }),
    },
    diagnostics,
  };
}
