import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { LifecycleRules, ServiceEventKind } from '../model/lifecycle.js';
import { snapshotFor } from './library-snapshot.js';

/** Where the lifecycle table lives inside a pattern directory; signature loading skips this folder. */
export const LIFECYCLE_DIR = 'context';
export const LIFECYCLE_FILE = path.join(LIFECYCLE_DIR, 'lifecycle.yaml');

const SERVICE_KINDS: readonly ServiceEventKind[] = ['service-start', 'service-stop', 'service-failed', 'service-restart'];

/** A broken lifecycle table: the message names the file and the entry. */
export class LifecycleTableError extends Error {}

/**
 * Reads and compiles `<patternsDir>/context/lifecycle.yaml` (its parsed form from `snapshotFile` when that was built
 * from the directory as it is); throws a LifecycleTableError naming file and entry.
 */
export function loadLifecycle(patternsDir: string, snapshotFile?: string): LifecycleRules {
  const file = path.join(patternsDir, LIFECYCLE_FILE);
  const snapshot = snapshotFor(snapshotFile, patternsDir);
  if (snapshot?.lifecycle !== undefined) return compileLifecycle(snapshot.lifecycle, file);
  let data: unknown;
  try {
    // The YAML parser loads only here, when no snapshot stands in for the table.
    const { parse } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
    data = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new LifecycleTableError(`${file}: ${(error as Error).message.split('\n')[0]}`);
  }
  return compileLifecycle(data, file);
}

/** Compiles the table's parsed YAML; `file` names it in errors. */
export function compileLifecycle(data: unknown, file: string): LifecycleRules {
  const table = (data ?? {}) as Record<string, unknown>;
  const list = (key: string): Record<string, unknown>[] => {
    const value = table[key];
    if (!Array.isArray(value)) throw new LifecycleTableError(`${file}: ${key}: expected a list`);
    return value as Record<string, unknown>[];
  };
  const compile = (key: string, index: number, entry: Record<string, unknown>): RegExp => {
    if (typeof entry?.['regex'] !== 'string') throw new LifecycleTableError(`${file}: ${key}[${index}].regex: expected a string`);
    try {
      return new RegExp(entry['regex'], entry['ignore_case'] === true ? 'i' : '');
    } catch (error) {
      throw new LifecycleTableError(`${file}: ${key}[${index}].regex: ${(error as Error).message}`);
    }
  };
  return {
    boot: list('boot').map((entry, i) => compile('boot', i, entry)),
    shutdown: list('shutdown').map((entry, i) => compile('shutdown', i, entry)),
    services: list('services').map((entry, i) => {
      const kind = entry?.['kind'];
      if (!SERVICE_KINDS.includes(kind as ServiceEventKind)) {
        throw new LifecycleTableError(`${file}: services[${i}].kind: expected one of ${SERVICE_KINDS.join(', ')}`);
      }
      const regex = compile('services', i, entry);
      if (!regex.source.includes('(?<unit>')) throw new LifecycleTableError(`${file}: services[${i}].regex: needs a group named unit`);
      return { kind: kind as ServiceEventKind, regex };
    }),
  };
}
