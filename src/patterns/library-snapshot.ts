import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { SignatureFile } from './signature-schema.js';
import type { SnapshotRawConditions } from './known-raw-conditions.js';

/**
 * A signature library compiled at build time (`npm run build` writes dist/patterns-snapshot.json): every file's
 * YAML already parsed and validated, so a run skips the YAML parser and the schema check (~0.3 s of start-up). The
 * YAML stays the source of truth: the snapshot stands in for a directory only while the directory's `*.yaml`/`*.yml`
 * files have the same names and bytes as when it was built (a hash of both), else the YAML is read as before.
 */
export interface LibrarySnapshot {
  readonly format: typeof SNAPSHOT_FORMAT;
  /** `sourceHashOf(dir)` of the directory it was built from. */
  readonly sourceHash: string;
  /** The signature files in load order, paths relative to the directory with `/` separators. */
  readonly files: readonly SnapshotFile[];
  /** The parsed lifecycle table (`context/lifecycle.yaml`), when the directory has one. */
  readonly lifecycle?: unknown;
  /** The parsed system-facts table (`context/system-facts.yaml`), when the directory has one that parses. */
  readonly systemFacts?: unknown;
  /** The raw-line conditions of the library a run loads from this directory alone (see known-raw-conditions). */
  readonly rawConditions?: SnapshotRawConditions;
}

export interface SnapshotFile {
  readonly file: string;
  /** The validated content; absent when the file is not valid YAML or breaks the schema (the run reads it again to say why). */
  readonly data?: SignatureFile;
  /** The line of each YAML path compilation asks about, keyed by `JSON.stringify(path)`. */
  readonly lines?: Readonly<Record<string, number>>;
  /** Every regex of the file compiled for the linear-time engine at build time: the run may compile them on first use. */
  readonly regexesChecked?: boolean;
}

export const SNAPSHOT_FORMAT = 1;

/** Where the build writes the shipped library's prefilter automaton (literal-automaton-file.ts): next to the snapshot. */
export function prefilterFileOf(snapshotFile: string): string {
  return snapshotFile.replace(/(\.json)?$/, '-prefilter.bin');
}

/** A hash of the names and bytes of every `*.yaml`/`*.yml` under `dir` (dot entries skipped, symlinks followed). */
export function sourceHashOf(dir: string): string {
  const hash = createHash('sha256');
  for (const rel of yamlFilesUnder(dir)) {
    hash.update(rel);
    hash.update('\0');
    hash.update(readFileSync(path.join(dir, rel)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function yamlFilesUnder(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  // The directory entry's type saves a stat per file; a symlink (or an unknown type) is stat'ed to follow it.
  const entries = readdirSync(path.join(dir, prefix), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const name = entry.name;
    if (name.startsWith('.')) continue;
    const rel = prefix === '' ? name : `${prefix}/${name}`;
    const known = entry.isDirectory() || entry.isFile();
    const stats = known ? entry : statSync(path.join(dir, rel));
    if (stats.isDirectory()) out.push(...yamlFilesUnder(dir, rel));
    else if (stats.isFile() && /\.ya?ml$/.test(name)) out.push(rel);
  }
  return out;
}

const verified = new Map<string, LibrarySnapshot | undefined>();

/**
 * The snapshot in `snapshotFile` when it was built from `dir` as the directory is now, else undefined (no snapshot,
 * an unreadable or older one, or YAML edited since the build). Checked once per process.
 */
export function snapshotFor(snapshotFile: string | undefined, dir: string): LibrarySnapshot | undefined {
  if (snapshotFile === undefined) return undefined;
  const key = `${snapshotFile}\0${path.resolve(dir)}`;
  if (verified.has(key)) return verified.get(key);
  let snapshot: LibrarySnapshot | undefined;
  try {
    const parsed = JSON.parse(readFileSync(snapshotFile, 'utf8')) as LibrarySnapshot;
    if (parsed.format === SNAPSHOT_FORMAT && Array.isArray(parsed.files) && parsed.sourceHash === sourceHashOf(dir)) snapshot = parsed;
  } catch {
    snapshot = undefined;
  }
  verified.set(key, snapshot);
  return snapshot;
}
