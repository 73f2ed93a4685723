#!/usr/bin/env node
// Signature regexes run on linear-time engines (each regex's first short texts on V8's `l` engine, then RE2JS:
// src/patterns/linear-regex.ts) instead of V8's backtracking RegExp. This measures what that guarantee costs: every
// rule of the shipped library over the same lines, once per engine.
// Usage: npm run build && node bench/regex-engines.mjs [--lines 20000] [--json]
import { fileURLToPath } from 'node:url';
import { loadLibrary } from '../dist/patterns/index.js';
import { seededRandom } from './seeded-random.mjs';
import { lineMakers } from './synthetic-lines.mjs';

const args = process.argv.slice(2);
const at = args.indexOf('--lines');
const lineCount = at === -1 ? 20_000 : Number(args[at + 1]);
const asJson = args.includes('--json');
const patternsDir = fileURLToPath(new URL('../patterns', import.meta.url));

const { library } = await loadLibrary([patternsDir]);
const rules = library.signatures.flatMap((signature) => signature.rules.map((rule) => ({ signature: signature.id, linear: rule.regex, v8: new RegExp(rule.regex.source, rule.regex.flags) })));

// Ordinary lines of every kind a node writes, plus every example line of the library (the lines that match).
const rng = seededRandom(42);
const file = { host: 'bench-node-1', pid: 4242, app: 'coredns' };
const kinds = Object.keys(lineMakers);
const lines = [];
for (let i = 0; i < lineCount; i++) lines.push(lineMakers[kinds[i % kinds.length]](rng, 1_741_962_311_000 + i * 250, file).split('\n')[0]);
for (const signature of library.signatures) for (const example of signature.examples?.match ?? []) lines.push(example.line.split('\n')[0]);

function measure(run) {
  let matches = 0;
  const started = process.hrtime.bigint();
  for (const line of lines) for (const rule of rules) if (run(rule, line)) matches++;
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, matches };
}

// Whether a rule matches (what most lines need), then a capturing exec on every line (the worst case).
const tasks = [
  ['test: logsift (V8 linear first, then RE2JS)', (rule, line) => rule.linear.test(line)],
  ['test: V8 RegExp', (rule, line) => rule.v8.test(line)],
  ['exec: logsift (V8 linear first, then RE2JS)', (rule, line) => rule.linear.exec(line) !== null],
  ['exec: V8 RegExp', (rule, line) => rule.v8.exec(line) !== null],
];
measure(tasks[0][1]);
measure(tasks[1][1]);
const rows = tasks.map(([task, run]) => {
  const { seconds, matches } = measure(run);
  const pairs = lines.length * rules.length;
  return { task, seconds, matches, nsPerLineRule: (seconds * 1e9) / pairs, linesPerSecondAllRules: lines.length / seconds };
});
const disagree = rows[0].matches !== rows[1].matches || rows[2].matches !== rows[3].matches;
if (asJson) {
  console.log(JSON.stringify({ lines: lines.length, rules: rules.length, rows, disagree }, null, 2));
} else {
  console.log(`${lines.length} lines × ${rules.length} rules (no literal prefilter: every rule on every line)\n`);
  console.log('| task | s | matches | ns per line×rule | lines/s through all rules |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const row of rows) console.log(`| ${row.task} | ${row.seconds.toFixed(2)} | ${row.matches} | ${row.nsPerLineRule.toFixed(0)} | ${Math.round(row.linesPerSecondAllRules)} |`);
  console.log(`\nlogsift / V8: test ${(rows[0].seconds / rows[1].seconds).toFixed(1)}×, exec ${(rows[2].seconds / rows[3].seconds).toFixed(1)}×`);
}
if (disagree) {
  console.error('the engines disagree on how many (line, rule) pairs match: a translation bug in src/patterns/linear-regex.ts');
  process.exitCode = 1;
}
