import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/*
 * Nothing the project ships or tests with may point outside the repository: a path into a sibling checkout
 * or a developer's machine works for one person and silently skips or breaks for everyone else.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCANNED = ['src', 'test', 'patterns', 'samples', 'bench', 'docs', 'README.md'];
const NOT_SOURCE = new Set(['node_modules', 'dist', '.git']);

/** A sibling `shared` checkout, the workspace root `/work`, `<dir>/shared/data|docs`; split so this file does not match itself. */
const OUTSIDE = new RegExp(['\\.\\./' + 'shared', '/' + 'work/', '[a-z]+/' + 'shared/(data|docs)'].join('|'));

function filesUnder(path: string): string[] {
  const entries = readdirSync(path, { withFileTypes: true });
  return entries.flatMap((entry) => {
    if (NOT_SOURCE.has(entry.name)) return [];
    const child = join(path, entry.name);
    if (entry.isDirectory()) return filesUnder(child);
    return entry.isFile() ? [child] : [];
  });
}

function allFiles(): string[] {
  return SCANNED.flatMap((name) => {
    const path = join(ROOT, name);
    return name.includes('.') ? [path] : filesUnder(path);
  });
}

describe('repository paths', () => {
  it('finds the scanned files', () => {
    expect(allFiles().length).toBeGreaterThan(100);
  });

  it('names no path outside the repository in src, test, patterns, samples, bench, docs or the README', () => {
    const offending: string[] = [];
    for (const file of allFiles()) {
      // latin1 reads any byte sequence; compressed samples cannot hide a readable path anyway.
      readFileSync(file, 'latin1')
        .split('\n')
        .forEach((line, i) => {
          if (OUTSIDE.test(line)) offending.push(`${relative(ROOT, file)}:${i + 1}: ${line.trim().slice(0, 120)}`);
        });
    }
    expect(offending).toEqual([]);
  });

  it('recognises the spellings it forbids', () => {
    for (const path of ['../' + 'shared/data/journal', '/' + 'work/' + 'main/x.md', 'wt/' + 'shared/' + 'docs/a.md']) expect(OUTSIDE.test(path), path).toBe(true);
    expect(OUTSIDE.test('test/fixtures/journal/README.md')).toBe(false);
  });
});
