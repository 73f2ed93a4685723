#!/usr/bin/env node
// Part of `npm run build`, after tsc: bundles the CLI's own modules (dist/**, ~200 files a report run loads) into
// dist/cli/main.js and a few chunks under dist/cli/chunks/, one per set of lazily imported commands and renderers.
// Node resolves, reads and links each ES module separately; one file per lazy import instead of one per source file
// took ~0.1 s off a small report's start-up. Packages stay external (imported from node_modules as before), except
// the few small ES-module packages every report loads (BUNDLED_PACKAGES); the worker thread and batch child scripts
// stay the unbundled tsc output. Every module's `import.meta.url` is kept
// pointing at its own tsc output file, so paths it resolves (patterns/, the snapshot, worker scripts) do not move.
// dist/cli/chunks/modules.json names the modules in each output file (test/cli/lazy-commands.test.ts reads it).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { rolldown } from 'rolldown';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const cliDir = path.join(dist, 'cli');
const entry = path.join(cliDir, 'main.js');
const chunksDir = path.join(cliDir, 'chunks');
const PLACEHOLDER = '__logsiftModuleUrl__';
/**
 * Packages bundled with the CLI's modules: ES modules without state shared with the unbundled worker scripts, which
 * every report on a .tgz loaded as ~20 separate files (each resolved through its package.json exports, date-fns's
 * is 199 KB, then read, compiled and linked on its own).
 */
const BUNDLED_PACKAGES = /^(date-fns|@date-fns\/tz|lossless-json|fzstd)(\/|$)/;

/** Each module's `import.meta.url` becomes its own file's URL, relative to the output file it ends up in. */
const keepModuleUrls = {
  name: 'keep-module-urls',
  transform(code, id) {
    if (!code.includes('import.meta.url')) return null;
    const own = path.relative(dist, id).split(path.sep).join('/');
    return { code: code.replaceAll('import.meta.url', `${PLACEHOLDER}(${JSON.stringify(own)})`), map: null };
  },
  renderChunk(code, chunk) {
    if (!code.includes(PLACEHOLDER)) return null;
    const outDir = path.dirname(path.join(cliDir, chunk.fileName));
    const rewritten = code.replace(new RegExp(`${PLACEHOLDER}\\(("[^"]*")\\)`, 'g'), (_, own) => {
      const relative = path.relative(outDir, path.join(dist, JSON.parse(own))).split(path.sep).join('/');
      return `new URL(${JSON.stringify(relative)}, import.meta.url).href`;
    });
    return { code: rewritten, map: null };
  },
};

// The input is tsc's dist/cli/main.js: bundling the bundle again would lose the chunks it imports.
if (/from "\.\/chunks\//.test(readFileSync(entry, 'utf8'))) {
  throw new Error(`${entry} is already bundled: run \`npm run build\` (tsc first, then this script)`);
}
// Chunks of an earlier build would linger under new names.
rmSync(chunksDir, { recursive: true, force: true });
const bundle = await rolldown({
  input: entry,
  platform: 'node',
  // The project's own modules are bundled, and the small pure-ES-module packages a report on a .tgz always loads
  // (BUNDLED_PACKAGES); other bare specifiers (packages, node: builtins) stay imports.
  external: (id) => !id.startsWith('.') && !path.isAbsolute(id) && !BUNDLED_PACKAGES.test(id),
  plugins: [keepModuleUrls],
  logLevel: 'warn',
});
const { output } = await bundle.write({
  dir: cliDir,
  format: 'esm',
  entryFileNames: 'main.js',
  chunkFileNames: 'chunks/[name]-[hash].js',
  // Names stay readable in stack traces and profiles.
  minify: false,
});
await bundle.close();

const modules = {};
for (const item of output) {
  if (item.type !== 'chunk') continue;
  modules[item.fileName] = item.moduleIds.filter((id) => path.isAbsolute(id)).map((id) => path.relative(dist, id).split(path.sep).join('/')).sort();
}
writeFileSync(path.join(chunksDir, 'modules.json'), `${JSON.stringify(modules, null, 1)}\n`);
const bundled = Object.values(modules).reduce((n, list) => n + list.length, 0);
// The entry must still start with its shebang line: it is the package's bin.
if (!readFileSync(entry, 'utf8').startsWith('#!')) throw new Error(`${entry}: the bundle lost the #! line`);
process.stdout.write(`bundle: ${bundled} modules -> ${Object.keys(modules).length} files (${pathToFileURL(cliDir).pathname})\n`);
