#!/usr/bin/env node
// Part of `npm run build`: validates the shipped signature library (patterns/**/*.yaml) and writes it, parsed, to
// dist/patterns-snapshot.json, which runs load instead of the YAML while the YAML is unchanged. Stops the build on
// a broken signature file, naming the file and field. The library's raw-line conditions are derived here too, from
// the library and the message literals a run's line marker looks for from that snapshot, so a run need not derive them again.
// The match-text prefilter's automaton of that library goes to dist/patterns-snapshot-prefilter.bin, so a run need not build it.
import { rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildLibrarySnapshot } from '../dist/patterns/read-signature-file.js';
import { loadLibrary } from '../dist/patterns/load-library.js';
import { loadSystemFacts } from '../dist/patterns/load-system-facts.js';
import { analysisMessageLiterals } from '../dist/pipeline/analysis-line-marker.js';
import { snapshotRawConditions } from '../dist/patterns/snapshot-raw-conditions.js';
import { prefilterAutomatonBytes } from '../dist/patterns/build-prefilter.js';
import { prefilterFileOf } from '../dist/patterns/library-snapshot.js';

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
// A prefilter automaton of an earlier build is checked against the literals before use, but it is no output of this one.
rmSync(prefilterFileOf(outFile), { force: true });
// Loaded back the way a run loads it (the same signatures in the same order, the same message literals as the
// analysis' line marker: fact line rules' and crash headlines').
const { library } = await loadLibrary([patternsDir], { snapshotFile: outFile });
const rawConditions = snapshotRawConditions(library.signatures, analysisMessageLiterals(loadSystemFacts(patternsDir, outFile)));
writeFileSync(outFile, JSON.stringify({ ...snapshot, rawConditions }));
// The match-text prefilter's automaton of the same library, which a run reads instead of building it.
const prefilterBytes = prefilterAutomatonBytes(library.signatures);
writeFileSync(prefilterFileOf(outFile), prefilterBytes);
const conditionCount = rawConditions.conditions === null ? 'no' : rawConditions.conditions.length;
process.stdout.write(`patterns snapshot: ${snapshot.files.length} signature files, ${conditionCount} raw-line conditions, ${Math.round(prefilterBytes.length / 1024)} KiB prefilter automaton -> ${outFile}\n`);
