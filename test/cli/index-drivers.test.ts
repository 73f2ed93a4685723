import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

/*
 * Start-up pays for no index driver it does not use: better-sqlite3 (a native module) only for a file index, pg only
 * for a postgres:// one. Checked on the built CLI, as users run it.
 */

const CLI = 'dist/cli/main.js';
const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'logsift-index-drivers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Says at exit which drivers' modules were loaded (CommonJS modules, as both are, land in Module._cache).
const PROBE = `data:text/javascript,${encodeURIComponent(
  "import Module from 'node:module'; process.on('exit', () => { const loaded = Object.keys(Module._cache); " +
    "process.stderr.write('drivers: ' + ['pg', 'better-sqlite3'].filter((name) => loaded.some((k) => k.includes('/node_modules/' + name + '/'))).join(',') + '\\n'); });",
)}`;

async function driversLoaded(args: readonly string[]): Promise<string | undefined> {
  const result = await run(process.execPath, ['--import', PROBE, CLI, ...args]).catch((error: { stderr: string }) => error);
  return /drivers: (.*)\n/.exec(result.stderr)?.[1];
}

describe('index drivers are loaded on demand', () => {
  it('none without --index, better-sqlite3 for a file, pg for a server', async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm test does)`);
    expect(await driversLoaded(['--version'])).toBe('');
    expect(await driversLoaded(['index', 'search', 'x', '--index', join(dir, 'none.sqlite')])).toBe('better-sqlite3');
    expect(await driversLoaded(['index', 'search', 'x', '--index', 'postgres://postgres@127.0.0.1:1/x'])).toBe('pg');
  }, 60_000);
});
