import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

// Start-up cost is the modules a run loads: every command, renderer and library imported eagerly made `--version`
// take 0.4 s. The built CLI runs here under a module-load hook that prints each module's URL, and the test names
// what must not load — so making an import eager again fails here, whatever the machine's speed.

const HOOKS = String.raw`import { writeSync } from 'node:fs';
export async function load(url, context, next) { writeSync(2, 'loaded: ' + url + '\n'); return next(url, context); }`;
const REGISTER = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOKS)}`)});`;

/**
 * The build bundles the CLI (scripts/bundle-cli.mjs): dist/cli/main.js and its chunks each hold several modules,
 * named in dist/cli/chunks/modules.json. A loaded output file stands for every module it holds, by the URL that
 * module's unbundled tsc output has, so the checks below read the same with or without the bundle.
 */
const BUNDLE_MANIFEST = 'dist/cli/chunks/modules.json';
const DIST_URL = pathToFileURL(`${process.cwd()}/dist/`).href;

function bundledModules(): ReadonlyMap<string, readonly string[]> {
  if (!existsSync(BUNDLE_MANIFEST)) return new Map();
  const manifest = JSON.parse(readFileSync(BUNDLE_MANIFEST, 'utf8')) as Record<string, string[]>;
  return new Map(Object.entries(manifest).map(([file, modules]) => [`${DIST_URL}cli/${file}`, modules.map((m) => `${DIST_URL}${m}`)]));
}

/** The URLs of the modules `logsift <args>` loads (the built CLI, in a child process). */
function modulesLoadedBy(args: readonly string[]): string[] {
  return spawnLoading(args).modules;
}

/** The files a run of `logsift <args>` loads (bundle files, packages' modules, builtins), and the modules they hold. */
function spawnLoading(args: readonly string[]): { files: string[]; modules: string[] } {
  const run = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(REGISTER)}`, 'dist/cli/main.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  expect(run.status, run.stderr).toBe(0);
  const files = run.stderr.split('\n').flatMap((line) => (line.startsWith('loaded: ') ? [line.slice('loaded: '.length)] : []));
  // A hook that stopped reporting would pass every check below.
  expect(files.some((url) => url.endsWith('/dist/cli/main.js'))).toBe(true);
  const bundled = bundledModules();
  return { files, modules: files.flatMap((url) => bundled.get(url) ?? [url]) };
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
      // The batch and worker specs quote the queue's names, not its connection code (node:net).
      expect(within(loaded, /^node:net$|\/dist\/batch\/queue-connection\.js$/), args.join(' ')).toEqual([]);
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

  it('a text report (the default when stdout is no terminal) loads neither ink/React nor the terminal renderer', () => {
    for (const args of [['samples/healthy-node.tgz', '-q'], ['samples/healthy-node.tgz', '--format', 'text', '-q']]) {
      const loaded = modulesLoadedBy(args);
      expect(within(loaded, /\/dist\/report\/render-text\.js$/), args.join(' ')).toHaveLength(1);
      expect(within(loaded, INK_OR_REACT), args.join(' ')).toEqual([]);
      expect(within(loaded, TERMINAL_REPORT), args.join(' ')).toEqual([]);
    }
  });

  it('a report on a .tgz loads neither the zip reader nor the xz decoder (loaded when a zip or xz data is met)', () => {
    const loaded = modulesLoadedBy(['samples/healthy-node.tgz', '--format', 'json', '-q']);
    expect(within(loaded, /\/node_modules\/(yauzl|xz-decompress)\//)).toEqual([]);
  });

  it('a report on the shipped library reads its build snapshot: no YAML parser, no signature file reader', () => {
    const loaded = modulesLoadedBy(['samples/healthy-node.tgz', '--format', 'json', '-q']);
    expect(within(loaded, /\/node_modules\/yaml\//)).toEqual([]);
    expect(within(loaded, /\/dist\/patterns\/read-signature-file\.js$/)).toEqual([]);
  });

  it('the CLI is bundled: a JSON report loads a few dozen files, not one per module (~240 unbundled)', () => {
    const { files, modules } = spawnLoading(['samples/healthy-node.tgz', '--format', 'json', '-q']);
    expect(within(modules, /\/dist\//).length).toBeGreaterThan(150);
    expect(within(files, /\/dist\//).length).toBeLessThan(40);
  });
});

describe('packages loaded with require', () => {
  /** The CommonJS files `logsift <args>` loads (NODE_DEBUG=module; the load hook above sees ES modules only). */
  function requiredBy(args: readonly string[]): string[] {
    const run = spawnSync(process.execPath, ['dist/cli/main.js', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', NODE_DEBUG: 'module' } });
    expect(run.status, run.stderr).toBe(0);
    return run.stderr.split('\n').flatMap((line) => /^MODULE \d+: load "([^"]+)"/.exec(line)?.[1] ?? []);
  }

  it('RE2JS loads only when a regex V8 cannot run in linear time meets a candidate line', () => {
    // healthy-node's and k3s-power-loss's candidate lines all meet regexes V8's linear-time engine runs (k3s's
    // `[0-9a-f]{12,64}` ids too, split into counts V8 accepts); two-node's meet a `[^"\n]{1,200}?` rule it cannot.
    const healthy = requiredBy(['samples/healthy-node.tgz', '--format', 'json', '-q']);
    // tar-stream's dependencies load with require: the list is not empty because NODE_DEBUG stopped reporting.
    expect(healthy.some((file) => file.includes('/node_modules/streamx/'))).toBe(true);
    expect(healthy.filter((file) => file.includes('/node_modules/re2js/'))).toEqual([]);
    expect(requiredBy(['samples/k3s-power-loss.tgz', '--format', 'json', '-q']).filter((file) => file.includes('/node_modules/re2js/'))).toEqual([]);
    expect(requiredBy(['samples/two-node.tgz', '--format', 'json', '-q']).filter((file) => file.includes('/node_modules/re2js/'))).toHaveLength(1);
  });
});
