import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';

/** The shipped signature library: `patterns/` at the package root (two levels above src/cli or dist/cli). */
export function shippedPatternsDir(): string {
  const dir = fileURLToPath(new URL('../../patterns', import.meta.url));
  return existsSync(dir) ? dir : fileURLToPath(new URL('../../../patterns', import.meta.url));
}

export function toolVersion(): string {
  return TOOL_VERSION;
}

// Kept in step with package.json by test/cli/version.test.ts; a constant avoids reading files at run time.
export const TOOL_VERSION = '0.1.0';
