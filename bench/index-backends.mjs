#!/usr/bin/env node
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { measureCommand } from './measure-command.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const MAIN_JS = join(HERE, '..', 'dist', 'cli', 'main.js');
export const DEFAULT_POSTGRES_URL = process.env.LOGSIFT_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const INDEX_BENCH_HELP = `Usage: node bench/index-backends.mjs [--runs N] [--postgres URL] [--json]   (after npm run build)

Times the known-incident index on an SQLite file and on a PostgreSQL server, the same calls on each, in this
process (the built dist/ code) and, for the last row, as a whole \`logsift index search\` process. PostgreSQL
tables go to a fresh schema, dropped afterwards. A server that does not answer is reported, not measured.

  --runs N        runs of each task, default 5 (the table shows medians)
  --postgres URL  default ${DEFAULT_POSTGRES_URL} (or LOGSIFT_BENCH_POSTGRES_URL)
  --json          print the result as JSON
`;

/** A report the size of a typical support bundle's (the k3s power-loss sample files 8 items). */
const SMALL_REPORT_ITEMS = 8;
/** A fleet's report: many nodes, each incident filed per host. */
const LARGE_REPORT_ITEMS = 5000;
/** What analyse looks up at once: every incident's fingerprint of a large report. */
const LOOKUP_FINGERPRINTS = 1000;

function item(n, signature = `bench-signature-${n % 40}`) {
  return {
    fingerprint: `fp1:${signature}:${n.toString(16).padStart(12, '0')}`,
    kind: 'incident',
    signature,
    title: 'containerd cannot recover pod sandboxes after an unclean shutdown',
    severity: 'critical',
    host: `node-${n % 97}`,
    firstSeen: Date.parse('2025-03-14T14:25:15.518Z') + n,
    lastSeen: Date.parse('2025-03-14T14:26:02.000Z') + n,
    count: 1 + (n % 64),
  };
}

function entry(ticket, items) {
  return {
    ticket,
    note: 'bench',
    added: Date.parse('2025-03-02T09:00:00Z'),
    report: { start: Date.parse('2025-03-14T06:00:00Z'), end: Date.parse('2025-03-14T14:30:00Z'), hosts: ['node-1', 'node-2'], versions: { version: ['v1.32.1+k3s1'] }, toolVersion: '0.1.0', inputs: ['bench.tgz'] },
    source: { kind: 'report', name: 'bench.json' },
    items,
  };
}

async function elapsedMs(work) {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/**
 * One backend's rows: each task `runs` times on a store of its own (`makeStore` gives a fresh location and its
 * disposal), median milliseconds.
 */
async function measureBackend(openIncidentIndex, makeStore, runs, scratch) {
  const samples = { open: [], addSmall: [], addLarge: [], sightings: [], search: [], cliSearch: [] };
  for (let r = 0; r < runs; r++) {
    const store = await makeStore();
    try {
      let index;
      samples.open.push(await elapsedMs(async () => (index = await openIncidentIndex(store.location, { mode: 'write' }))));
      samples.addLarge.push(await elapsedMs(() => index.add(entry(`FLEET-${r}`, Array.from({ length: LARGE_REPORT_ITEMS }, (_, n) => item(n))))));
      // Twenty typical adds, one at a time as desks file tickets: the median of one.
      const small = [];
      for (let t = 0; t < 20; t++) {
        small.push(await elapsedMs(() => index.add(entry(`SUP-${t}`, Array.from({ length: SMALL_REPORT_ITEMS }, (_, n) => item(n * 37 + t))))));
      }
      samples.addSmall.push(median(small));
      const fingerprints = Array.from({ length: LOOKUP_FINGERPRINTS }, (_, n) => item(n * 3).fingerprint);
      samples.sightings.push(await elapsedMs(() => index.sightings(fingerprints)));
      samples.search.push(await elapsedMs(() => index.search('bench-signature-7')));
      await index.close();
      const cli = await measureCommand({ kind: 'node', args: [MAIN_JS, 'index', 'search', 'bench-signature-7', '--json', '--index', store.location], stdout: 'capture', scratchDir: scratch });
      samples.cliSearch.push(cli.exitCode === 0 ? cli.seconds * 1000 : Number.NaN);
    } finally {
      await store.dispose();
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([task, values]) => [task, median(values)]));
}

export const INDEX_TASKS = [
  ['open', 'open for writing, creating the schema'],
  ['addLarge', `add one report of ${LARGE_REPORT_ITEMS.toLocaleString('en')} items`],
  ['addSmall', `add one report of ${SMALL_REPORT_ITEMS} items (on top)`],
  ['sightings', `sightings of ${LOOKUP_FINGERPRINTS.toLocaleString('en')} fingerprints (analyse --index)`],
  ['search', 'search one signature id (~125 filings)'],
  ['cliSearch', 'logsift index search … --json (whole process)'],
];

/** Both backends' medians in ms; `postgres` is `{ skipped }` when the server does not answer. */
export async function measureIndexBackends({ runs = 5, postgresUrl = DEFAULT_POSTGRES_URL, log = () => undefined } = {}) {
  const { openIncidentIndex } = await import('../dist/known-incidents/index.js');
  const scratch = await mkdtemp(join(tmpdir(), 'logsift-bench-index-'));
  try {
    log('index: SQLite file …');
    let file = 0;
    const sqlite = await measureBackend(openIncidentIndex, async () => {
      const location = join(scratch, `index-${file++}.sqlite`);
      return { location, dispose: () => rm(location, { force: true }).then(() => rm(`${location}-wal`, { force: true })).then(() => rm(`${location}-shm`, { force: true })) };
    }, runs, scratch);

    log(`index: PostgreSQL ${describe(postgresUrl)} …`);
    const { default: pg } = await import('pg');
    const admin = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 5000 });
    let postgres;
    try {
      await admin.connect();
    } catch (error) {
      postgres = { skipped: `${describe(postgresUrl)} does not answer (${error.message})` };
    }
    if (!postgres) {
      try {
        postgres = await measureBackend(openIncidentIndex, async () => {
          const schema = `logsift_bench_${randomBytes(5).toString('hex')}`;
          await admin.query(`CREATE SCHEMA ${schema}`);
          const url = new URL(postgresUrl);
          url.searchParams.set('options', `-c search_path=${schema}`);
          return { location: url.toString(), dispose: () => admin.query(`DROP SCHEMA ${schema} CASCADE`) };
        }, runs, scratch);
      } finally {
        await admin.end();
      }
    }
    return { runs, postgresUrl: describe(postgresUrl), sqlite, postgres };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

export function formatIndexTable(result) {
  const rows = [['task', 'SQLite ms', 'PostgreSQL ms']];
  for (const [id, label] of INDEX_TASKS) {
    rows.push([label, fixed(result.sqlite[id]), result.postgres.skipped ? '-' : fixed(result.postgres[id])]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const lines = rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
  const head = `known-incident index, SQLite file vs PostgreSQL (${result.postgresUrl}), median of ${result.runs} run(s):`;
  return [head, ...lines, ...(result.postgres.skipped ? [`PostgreSQL not measured: ${result.postgres.skipped}`] : [])].join('\n') + '\n';
}

const describe = (url) => {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.username ? `${u.username}@` : ''}${u.host}${u.pathname}`;
  } catch {
    return 'postgres://…';
  }
};
const fixed = (ms) => (Number.isFinite(ms) ? ms.toFixed(ms < 10 ? 2 : 1) : 'failed');

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, postgres: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      process.stdout.write(INDEX_BENCH_HELP);
    } else {
      const runs = Number(values.runs);
      if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs "${values.runs}": expected a whole number ≥ 1`);
      const result = await measureIndexBackends({ runs, postgresUrl: values.postgres ?? DEFAULT_POSTGRES_URL, log: (text) => process.stderr.write(`bench: ${text}\n`) });
      process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : formatIndexTable(result));
    }
  } catch (error) {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
