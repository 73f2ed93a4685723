import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { SystemFactName, SystemFactRule, SystemFactRules } from '../model/system-facts.js';
import { LIFECYCLE_DIR } from './load-lifecycle.js';
import { snapshotFor } from './library-snapshot.js';

export const SYSTEM_FACTS_FILE = path.join(LIFECYCLE_DIR, 'system-facts.yaml');

const FACTS: readonly SystemFactName[] = ['os', 'kernel', 'uptime', 'memory', 'version'];
const UNITS = ['bytes', 'kB', 'MiB', 'GiB'];

/** A broken system-facts table: the message names the file and the entry. */
export class SystemFactsTableError extends Error {}

/**
 * Reads and compiles `<patternsDir>/context/system-facts.yaml` (its parsed form from `snapshotFile` when that was
 * built from the directory as it is); throws a SystemFactsTableError naming file and entry.
 */
export function loadSystemFacts(patternsDir: string, snapshotFile?: string): SystemFactRules {
  const file = path.join(patternsDir, SYSTEM_FACTS_FILE);
  const snapshot = snapshotFor(snapshotFile, patternsDir);
  if (snapshot?.systemFacts !== undefined) return compileSystemFacts(snapshot.systemFacts, file);
  let data: unknown;
  try {
    // The YAML parser loads only here, when no snapshot stands in for the table.
    const { parse } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
    data = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new SystemFactsTableError(`${file}: ${(error as Error).message.split('\n')[0]}`);
  }
  return compileSystemFacts(data, file);
}

/** Compiles the table's parsed YAML; `file` names it in errors. */
export function compileSystemFacts(data: unknown, file: string): SystemFactRules {
  const table = (data ?? {}) as Record<string, unknown>;
  const list = (value: unknown, where: string): Record<string, unknown>[] => {
    if (!Array.isArray(value)) throw new SystemFactsTableError(`${file}: ${where}: expected a list`);
    return value as Record<string, unknown>[];
  };
  const rule = (entry: Record<string, unknown>, where: string): SystemFactRule => {
    const fact = entry?.['fact'];
    if (!FACTS.includes(fact as SystemFactName)) throw new SystemFactsTableError(`${file}: ${where}.fact: expected one of ${FACTS.join(', ')}`);
    const product = entry['product'];
    if (fact === 'version' && (typeof product !== 'string' || product === '')) throw new SystemFactsTableError(`${file}: ${where}.product: a version rule names its product`);
    const unit = entry['unit'];
    if (fact === 'memory' && !UNITS.includes(unit as string)) throw new SystemFactsTableError(`${file}: ${where}.unit: expected one of ${UNITS.join(', ')}`);
    const component = entry['component'];
    const literal = entry['literal'];
    if (typeof entry['regex'] !== 'string') throw new SystemFactsTableError(`${file}: ${where}.regex: expected a string`);
    let regex: RegExp;
    try {
      regex = new RegExp(entry['regex'], entry['ignore_case'] === true ? 'i' : '');
    } catch (error) {
      throw new SystemFactsTableError(`${file}: ${where}.regex: ${(error as Error).message}`);
    }
    if (!regex.source.includes('(?<value>')) throw new SystemFactsTableError(`${file}: ${where}.regex: needs a group named value`);
    return {
      fact: fact as SystemFactName,
      regex,
      ...(typeof product === 'string' ? { product } : {}),
      ...(typeof unit === 'string' ? { unit } : {}),
      ...(typeof component === 'string' ? { component } : {}),
      ...(typeof literal === 'string' && literal !== '' ? { literal } : {}),
    };
  };
  const distributions = list(table['distributions'], 'distributions');
  if (!distributions.every((d) => typeof d === 'string')) throw new SystemFactsTableError(`${file}: distributions: expected a list of product names`);
  return {
    distributions: distributions as unknown as string[],
    lines: list(table['lines'], 'lines').map((entry, i) => {
      const compiled = rule(entry, `lines[${i}]`);
      // Line rules run on every event: a literal keeps that cheap.
      if (compiled.literal === undefined) throw new SystemFactsTableError(`${file}: lines[${i}].literal: a line rule names text every match contains`);
      return compiled;
    }),
    files: list(table['files'], 'files').map((entry, i) => {
      if (typeof entry?.['path'] !== 'string') throw new SystemFactsTableError(`${file}: files[${i}].path: expected a glob`);
      return { path: entry['path'], rules: list(entry['rules'], `files[${i}].rules`).map((r, j) => rule(r, `files[${i}].rules[${j}]`)) };
    }),
  };
}
