import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// Start-up cost is the modules a run loads: every command, renderer and library imported eagerly made `--version`
// take 0.4 s. The built CLI runs here under a module-load hook that prints each module's URL, and the test names
// what must not load — so making an import eager again fails here, whatever the machine's speed.

const HOOKS = String.raw`import { writeSync } from 'node:fs';
export async function load(url, context, next) { writeSync(2, 'loaded: ' + url + '\n'); return next(url, context); }`;
const REGISTER = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOKS)}`)});`;

/** The URLs of the modules `logsift <args>` loads (the built CLI, in a child process). */
function modulesLoadedBy(args: readonly string[]): string[] {
  const run = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(REGISTER)}`, 'dist/cli/main.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  expect(run.status, run.stderr).toBe(0);
  const loaded = run.stderr.split('\n').flatMap((line) => (line.startsWith('loaded: ') ? [line.slice('loaded: '.length)] : []));
  // A hook that stopped reporting would pass every check below.
  expect(loaded.some((url) => url.endsWith('/dist/cli/main.js'))).toBe(true);
  return loaded;
}

const within = (loaded: readonly string[], pattern: RegExp) => loaded.filter((url) => pattern.test(url));

const INK_OR_REACT = /\/node_modules\/(ink|react|react-reconciler)\//;
const TERMINAL_REPORT = /\/dist\/report\/terminal\//;
const ANALYSIS = /\/dist\/(pipeline|correlate|patterns|formats|ingest)\/|\/dist\/cli\/commands\/analyze\.js$/;

describe('start-up loads only what the command runs', () => {
  it('--version and --help load the command specs: no command, renderer, pipeline or library', () => {
    for (const args of [['--version'], ['--help'], ['help', 'timeline']]) {
      const loaded = modulesLoadedBy(args);
      expect(within(loaded, /\/node_modules\//), args.join(' ')).toEqual([]);
      expect(within(loaded, /\/dist\/cli\/commands\/[a-z]+\.js$/), args.join(' ')).toEqual([]);
      expect(within(loaded, ANALYSIS), args.join(' ')).toEqual([]);
      expect(within(loaded, /\/dist\/report\//).filter((url) => !url.endsWith('/report/sanitize-text.js')), args.join(' ')).toEqual([]);
    }
  });

  it('a command loads its own module and no other command', () => {
    const loaded = modulesLoadedBy(['timeline', '--help']);
    expect(within(loaded, /\/dist\/cli\/commands\/[a-z]+\.js$/).map((url) => url.replace(/.*\//, ''))).toEqual(['timeline.js']);
    expect(within(loaded, INK_OR_REACT)).toEqual([]);
  });

  it('patterns list loads neither the analysis pipeline, nor ink/React, nor another command', () => {
    const loaded = modulesLoadedBy(['patterns', 'list']);
    expect(within(loaded, INK_OR_REACT)).toEqual([]);
    expect(within(loaded, TERMINAL_REPORT)).toEqual([]);
    expect(within(loaded, /\/dist\/(pipeline|correlate)\//)).toEqual([]);
    expect(within(loaded, /\/dist\/cli\/commands\/(analyze|timeline|diff|index|completion)\.js$/)).toEqual([]);
  });

  it('a JSON report loads no other renderer, ink/React, SQLite, the schema library, pino or the whole of date-fns', () => {
    const loaded = modulesLoadedBy(['samples/healthy-node.tgz', '--format', 'json', '-q']);
    expect(within(loaded, /\/dist\/pipeline\/analyze-bundle\.js$/)).toHaveLength(1);
    expect(within(loaded, INK_OR_REACT)).toEqual([]);
    expect(within(loaded, TERMINAL_REPORT)).toEqual([]);
    expect(within(loaded, /\/dist\/report\/(render-text|render-markdown|render-html|render-diff|read-json-report)\.js$/)).toEqual([]);
    expect(within(loaded, /\/node_modules\/(better-sqlite3|zod|pino|fast-glob)\//)).toEqual([]);
    expect(within(loaded, /\/node_modules\/date-fns\/index\.js$/)).toEqual([]);
  });
});
