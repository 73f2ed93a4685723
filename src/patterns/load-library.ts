import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../model/index.js';
import { compileSignatureFile, type LoadedSignature } from './compile-signature.js';
import { createLibrary, type Library } from './create-library.js';
import { prefilterFileOf, snapshotFor, type SnapshotFile } from './library-snapshot.js';
import { rememberRawConditions } from './known-raw-conditions.js';

export interface LoadLibraryOptions {
  /** Treat doubtful files as broken: an id that differs from the file name, a missing directory. */
  readonly strict?: boolean;
  /** A snapshot from the build (`buildLibrarySnapshot`): used for a directory whose YAML it was built from, unchanged. */
  readonly snapshotFile?: string;
}

/**
 * Loads every `*.yaml`/`*.yml` under each directory, in order: shipped `patterns/` first, then each user
 * `--patterns DIR`. A later directory's file with an id seen before replaces it (info diagnostic naming both
 * files). A broken file yields one diagnostic naming the file and the field path, and is left out. Never throws.
 */
export async function loadLibrary(dirs: readonly string[], options: LoadLibraryOptions = {}): Promise<{ library: Library; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const chosen = new Map<string, { signature: LoadedSignature; dir: number }>();
  const strict = options.strict ?? false;

  for (const [dirIndex, dir] of dirs.entries()) {
    const snapshot = snapshotFor(options.snapshotFile, dir);
    const files = snapshot ? snapshot.files.map((entry) => path.join(dir, entry.file)) : await (await yamlSide()).listSignatureFiles(dir);
    if (files === undefined) {
      diagnostics.push({
        code: 'patterns.dir-missing',
        severity: strict ? 'error' : 'warning',
        title: `${dir}: pattern directory not found or not readable`,
        where: { file: dir },
      });
      continue;
    }
    for (const [fileIndex, file] of files.entries()) {
      const entry = snapshot?.files[fileIndex];
      const loaded = entry?.data ? compileSnapshotFile(entry, file, strict) : await (await yamlSide()).loadSignatureFile(file, strict);
      diagnostics.push(...loaded.diagnostics);
      const signature = loaded.signature;
      if (!signature) continue;
      const previous = chosen.get(signature.id);
      if (previous && previous.dir === dirIndex) {
        diagnostics.push({
          code: 'patterns.duplicate-id',
          severity: 'error',
          title: `${file}: id: duplicate id '${signature.id}', already defined in ${previous.signature.file}`,
          where: { file, field: 'id' },
          help: 'Signature ids are unique; rename one of the files and its id. This file is left out.',
        });
        continue;
      }
      if (previous) {
        diagnostics.push({
          code: 'patterns.override',
          severity: 'info',
          title: `${file}: signature '${signature.id}' overrides ${previous.signature.file}`,
          where: { file, field: 'id' },
        });
        chosen.set(signature.id, { signature: { ...signature, overrides: previous.signature.file }, dir: dirIndex });
        continue;
      }
      chosen.set(signature.id, { signature, dir: dirIndex });
    }
  }

  const signatures = [...chosen.values()].map((c) => c.signature).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // A library read from one snapshot alone is the one its raw-line conditions and prefilter automaton were built
  // for (the automaton is checked against the library's literals all the same).
  const only = dirs.length === 1 ? snapshotFor(options.snapshotFile, dirs[0]!) : undefined;
  const library = createLibrary(signatures, { prefilterAutomaton: only ? readPrefilterFile(options.snapshotFile!) : undefined });
  if (only?.rawConditions) rememberRawConditions(library.signatures, only.rawConditions);
  return { library, diagnostics };
}

const yamlSide = (): Promise<typeof import('./read-signature-file.js')> => import('./read-signature-file.js');

/** One snapshot entry compiled as its YAML would be, with the lines recorded at build time. */
function compileSnapshotFile(entry: SnapshotFile, file: string, strict: boolean): { signature?: LoadedSignature; diagnostics: Diagnostic[] } {
  const lines = entry.lines ?? {};
  return compileSignatureFile(entry.data!, file, strict, (p) => lines[JSON.stringify(p)], entry.regexesChecked === true);
}

/** The prefilter automaton the build wrote next to `snapshotFile`, or undefined when there is none to read. */
function readPrefilterFile(snapshotFile: string): Uint8Array | undefined {
  try {
    return readFileSync(prefilterFileOf(snapshotFile));
  } catch {
    return undefined;
  }
}
