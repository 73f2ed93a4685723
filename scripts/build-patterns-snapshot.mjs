#!/usr/bin/env node
// Part of `npm run build`: validates the shipped signature library (patterns/**/*.yaml) and writes it, parsed, to
// dist/patterns-snapshot.json, which runs load instead of the YAML while the YAML is unchanged. Stops the build on
// a broken signature file, naming the file and field.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildLibrarySnapshot } from '../dist/patterns/read-signature-file.js';

const patternsDir = fileURLToPath(new URL('../patterns', import.meta.url));
const outFile = fileURLToPath(new URL('../dist/patterns-snapshot.json', import.meta.url));

const { snapshot, diagnostics } = await buildLibrarySnapshot(patternsDir);
const errors = diagnostics.filter((d) => d.severity === 'error');
for (const d of diagnostics) process.stderr.write(`patterns snapshot: ${d.severity}: ${d.title}\n`);
if (errors.length > 0) {
  process.stderr.write(`patterns snapshot: ${errors.length} broken signature file(s); fix them (logsift patterns lint)\n`);
  process.exit(1);
}
writeFileSync(outFile, JSON.stringify(snapshot));
process.stdout.write(`patterns snapshot: ${snapshot.files.length} signature files -> ${outFile}\n`);
