#!/usr/bin/env node
/**
 * Speed of every line format on 1 MB adversarial lines (runs of `\"`, `=`, `(`, `{`, `[`, spaces, quoted pairs),
 * alone and after the start of each of the format's own samples: sniff, parser push + flush, and payload parse.
 * Linear work on 1 MB takes milliseconds; a regex or loop that backtracks takes seconds. This is where the
 * "parses in linear time" goals live: tests only check the results, never the clock (a loaded CI machine is slow
 * for reasons of its own). Exits 1 when a line takes longer than --budget-ms (default 2000).
 *
 *   npm run build && node bench/pathological-lines.mjs [--budget-ms 2000] [--json]
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';

const MB = 1 << 20;
const BODIES = {
  'escaped quotes': '\\"'.repeat(MB / 2),
  equals: '='.repeat(MB),
  parentheses: '('.repeat(MB),
  braces: '{'.repeat(MB),
  brackets: '['.repeat(MB),
  spaces: ' '.repeat(MB),
  'quoted pairs': 'a="x" '.repeat(MB / 6),
  'open quotes': '  a=" '.repeat(MB / 6),
  colons: 'a:'.repeat(MB / 2),
  'escaped brackets': '\\]'.repeat(MB / 2),
  plain: 'x'.repeat(MB),
};

/** The start of a sample line: up to its message, so the body lands where the format's message parsing runs. */
function headOf(line) {
  const cut = Math.min(line.length, 64);
  return line.slice(0, cut);
}

function timeOne(format, text) {
  const started = performance.now();
  format.sniff(text);
  const parser = format.createParser();
  parser.push({ source: { bundle: 'bench', member: 'm' }, lineNumber: 1, text });
  parser.flush();
  format.parsePayload?.(text);
  return performance.now() - started;
}

async function main(argv) {
  const { values } = parseArgs({ args: argv, options: { 'budget-ms': { type: 'string', default: '2000' }, json: { type: 'boolean' } } });
  const budget = Number(values['budget-ms']);
  const { formats, payloadFormats } = await import('../dist/formats/index.js');
  const all = [...new Map([...formats, ...payloadFormats].map((f) => [f.id, f])).values()];
  const rows = [];
  for (const format of all) {
    const heads = ['', ...format.samples.map((s) => headOf(s.lines[0]))];
    let worst = { ms: 0, body: '', head: '' };
    let total = 0;
    for (const [name, body] of Object.entries(BODIES)) {
      for (const head of heads) {
        const ms = timeOne(format, head + body);
        total += ms;
        if (ms > worst.ms) worst = { ms, body: name, head };
      }
    }
    rows.push({ format: format.id, lines: heads.length * Object.keys(BODIES).length, totalMs: Math.round(total), worstMs: Math.round(worst.ms), worstBody: worst.body, worstHead: worst.head, overBudget: worst.ms > budget });
  }
  if (values.json) process.stdout.write(`${JSON.stringify({ budgetMs: budget, rows }, null, 2)}\n`);
  else {
    process.stdout.write(`1 MB adversarial lines per format (budget ${budget} ms per line)\n\n| format | lines | total ms | worst ms | worst body | after |\n| --- | ---: | ---: | ---: | --- | --- |\n`);
    for (const r of rows) process.stdout.write(`| ${r.format}${r.overBudget ? ' **over budget**' : ''} | ${r.lines} | ${r.totalMs} | ${r.worstMs} | ${r.worstBody} | ${JSON.stringify(r.worstHead.slice(0, 30))} |\n`);
  }
  return rows.some((r) => r.overBudget) ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
