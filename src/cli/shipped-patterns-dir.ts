import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';

/** The shipped signature library: `patterns/` at the package root (two levels above src/cli or dist/cli). */
export function shippedPatternsDir(): string {
  const dir = fileURLToPath(new URL('../../patterns', import.meta.url));
  return existsSync(dir) ? dir : fileURLToPath(new URL('../../../patterns', import.meta.url));
}
