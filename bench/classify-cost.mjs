import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runPipeline } from '../dist/pipeline/run-pipeline.js';
import { shippedPatternsDir } from '../dist/cli/shipped-patterns-dir.js';
import { createLibrary, loadLibrary } from '../dist/patterns/index.js';

const BATCH = 2000;

/**
 * Classification cost by library size: one pass of logsift's real ingest + parse over the bundle
 * (capped at `maxBytes` decompressed bytes), and every batch of events matched by each library in
 * turn (0, 25, 50 and all signatures, first N by id), so the libraries see the same events under the
 * same conditions and their match times can be told apart from the shared parse time.
 */
export async function classifyCost(bundle, { maxBytes, sizes = [0, 25, 50, Infinity], scaled = [2, 4] } = {}) {
  const { library } = await loadLibrary([shippedPatternsDir()]);
  const all = library.signatures;
  const counts = [...new Set(sizes.map((n) => Math.min(n, all.length)))].sort((a, b) => a - b);
  const libraries = counts.map((n) => ({ signatures: n, synthetic: 0, library: n === all.length ? library : createLibrary(all.slice(0, n)), matchNs: 0n, matches: 0 }));
  // Libraries larger than the shipped one: the shipped signatures plus copies that need a literal these logs never
  // hold (as most of a large library's signatures do for any one bundle), to show how cost grows with library size.
  for (const factor of scaled) {
    const copies = Array.from({ length: factor - 1 }, (_, k) => all.map((signature) => syntheticCopy(signature, k + 1))).flat();
    libraries.push({ signatures: all.length * factor, synthetic: copies.length, library: createLibrary([...all, ...copies]), matchNs: 0n, matches: 0 });
  }
  let batch = [];
  let events = 0;
  let turn = 0;
  const flush = () => {
    // Rotating who goes first keeps warm caches and JIT state from favouring one library.
    turn++;
    for (let i = 0; i < libraries.length; i++) {
      const entry = libraries[(i + turn) % libraries.length];
      const start = process.hrtime.bigint();
      let matches = 0;
      for (const event of batch) matches += entry.library.match(event).length;
      entry.matchNs += process.hrtime.bigint() - start;
      entry.matches += matches;
    }
    events += batch.length;
    batch = [];
  };
  const started = process.hrtime.bigint();
  const result = await runPipeline({
    inputs: [bundle],
    ingest: maxBytes ? { maxTotalBytes: maxBytes } : {},
    onEvent(event) {
      batch.push(event);
      if (batch.length >= BATCH) flush();
    },
  });
  flush();
  const wallNs = process.hrtime.bigint() - started;
  const matchNs = libraries.reduce((sum, l) => sum + l.matchNs, 0n);
  let lines = 0;
  for (const host of result.linesByHost.values()) lines += host.lines;
  return {
    lines,
    events,
    capped: result.warnings.some((w) => w.code === 'ingest.total-bytes-limit'),
    parseSeconds: Number(wallNs - matchNs) / 1e9,
    libraries: libraries.map((l) => ({ signatures: l.signatures, synthetic: l.synthetic, matchSeconds: Number(l.matchNs) / 1e9, matches: l.matches })),
  };
}

/** A copy of a signature under another id whose every rule also needs the literal `sig<k>copy ` first. */
function syntheticCopy(signature, k) {
  const tag = `sig${k}copy `;
  const copy = (rule) => ({ ...rule, regex: new RegExp(`${tag}(?:${rule.regex.source})`, rule.regex.flags), literals: [rule.caseInsensitive ? tag.toLowerCase() : tag] });
  return { ...signature, id: `${signature.id}-copy-${k}`, rules: signature.rules.map(copy), unless: signature.unless };
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [bundle, maxBytesText] = process.argv.slice(2);
  if (!bundle) {
    process.stderr.write('usage: node bench/classify-cost.mjs <bundle.tgz> [max-bytes]\n');
    process.exitCode = 2;
  } else {
    const maxBytes = Number(maxBytesText) > 0 ? Number(maxBytesText) : undefined;
    process.stdout.write(`${JSON.stringify(await classifyCost(bundle, { maxBytes }))}\n`);
  }
}
