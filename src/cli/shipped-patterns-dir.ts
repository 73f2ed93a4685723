import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';

/** The shipped signature library: `patterns/` at the package root (two levels above src/cli or dist/cli). */
export function shippedPatternsDir(): string {
  const dir = fileURLToPath(new URL('../../patterns', import.meta.url));
  return existsSync(dir) ? dir : fileURLToPath(new URL('../../../patterns', import.meta.url));
}

/**
 * The shipped library compiled by `npm run build` (dist/patterns-snapshot.json, next to dist/cli); absent when running
 * from the sources, and ignored by the loaders unless built from the shipped YAML as it is now.
 */
export function shippedSnapshotFile(): string {
  return fileURLToPath(new URL('../patterns-snapshot.json', import.meta.url));
}
