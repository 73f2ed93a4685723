import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFile, rm } from 'node:fs/promises';
import { ensureBundle, parseSize } from './generate-bundle.mjs';
import { ensureHugeFile } from './huge-file.mjs';
import { measureCommand } from './measure-command.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));

/** `100MB,300MB,1GB` as byte sizes; undefined when an entry is not a size. `0` or empty: none. */
export function parseSizeList(text) {
  if (text === '0' || text.trim() === '') return [];
  const sizes = text.split(',').map((s) => parseSize(s));
  return sizes.every((s) => s !== undefined) ? sizes : undefined;
}

/**
 * How the analysis scales with the bundle's size: for each size, the bench bundle of that size analysed by logsift
 * (default jobs and `--jobs 0`), next to `tar -xzOf | rg -c -f rules` and Node's floor, `runs` times each, alternating.
 * Each row: medians of wall and CPU seconds and the peak RSS, plus the ratios the goals are stated in.
 */
export async function measureSizeScaling({ sizes, signatures, runs, mainJs, regexFile, tool, scratch, keep, log }) {
  const rows = [];
  for (const sizeBytes of sizes) {
    const { path: bundle, facts, generated } = await ensureBundle(sizeBytes, signatures);
    log(`size scaling: ${mb(facts.uncompressedBytes)} MB bundle ${generated ? 'generated' : 'reused'}`);
    try {
      const tasks = {
        logsift: () => measureCommand({ kind: 'node', args: [mainJs, bundle, '--format', 'json', '-q'], scratchDir: scratch }),
        oneThread: () => measureCommand({ kind: 'node', args: [mainJs, bundle, '--format', 'json', '-q', '--jobs', '0'], scratchDir: scratch }),
        grep: () => measureCommand({ kind: 'shell', script: grepScript(tool, 'tar -xzOf "$1"'), scriptArgs: [bundle, regexFile], stdout: 'capture', scratchDir: scratch }),
        floor: () => measureCommand({ kind: 'node', args: [join(HERE, 'node-floor.mjs'), bundle], stdout: 'capture', scratchDir: scratch }),
      };
      rows.push({ sizeBytes: facts.uncompressedBytes, lines: facts.lines, members: facts.members, ...(await measureAlternating(tasks, runs, (id, m) => log(`size scaling ${mb(facts.uncompressedBytes)} MB ${id}: ${m.seconds.toFixed(2)} s`))) });
    } finally {
      if (generated && !keep) {
        await rm(bundle, { force: true });
        await rm(`${bundle}.json`, { force: true });
      }
    }
  }
  return rows;
}

/**
 * One huge file (a `journalctl` dump gzipped alone, one member): logsift with default jobs and `--jobs 0` next to
 * `gzip -dc | rg -c -f rules` and `gzip -dc` alone.
 */
export async function measureHugeFile({ sizeBytes, signatures, runs, mainJs, regexFile, tool, scratch, keep, log }) {
  const { path, facts, generated } = await ensureHugeFile(sizeBytes, signatures);
  log(`huge file: ${mb(facts.uncompressedBytes)} MB journalctl dump ${generated ? 'generated' : 'reused'}`);
  const reportFile = join(scratch, 'huge-file-report.json');
  try {
    const tasks = {
      logsift: () => measureCommand({ kind: 'node', args: [mainJs, path, '--format', 'json', '-q'], stdout: reportFile, scratchDir: scratch }),
      oneThread: () => measureCommand({ kind: 'node', args: [mainJs, path, '--format', 'json', '-q', '--jobs', '0'], scratchDir: scratch }),
      grep: () => measureCommand({ kind: 'shell', script: grepScript(tool, 'gzip -dc "$1"'), scriptArgs: [path, regexFile], stdout: 'capture', scratchDir: scratch }),
      gzip: () => measureCommand({ kind: 'shell', script: 'gzip -dc "$1" > /dev/null', scriptArgs: [path], scratchDir: scratch }),
    };
    const measured = await measureAlternating(tasks, runs, (id, m) => log(`huge file ${id}: ${m.seconds.toFixed(2)} s`));
    return { sizeBytes: facts.uncompressedBytes, lines: facts.lines, incidentLines: facts.incidentLines, incidents: await incidentsIn(reportFile), ...measured };
  } finally {
    if (generated && !keep) {
      await rm(path, { force: true });
      await rm(`${path}.json`, { force: true });
    }
  }
}

/** Incidents in a JSON report; null when there is no readable report. */
async function incidentsIn(file) {
  try {
    return JSON.parse(await readFile(file, 'utf8')).incidents.length;
  } catch {
    return null;
  }
}

function grepScript(tool, source) {
  return tool === 'rg' ? `${source} | rg -c -f "$2"` : `${source} | grep -E -c -f "$2"`;
}

/** Runs each task `runs` times, alternating; per task the medians (wall, CPU), peak RSS and whether every run succeeded. */
async function measureAlternating(tasks, runs, onRun) {
  const measured = Object.fromEntries(Object.keys(tasks).map((id) => [id, []]));
  for (let r = 0; r < runs; r++) {
    for (const [id, run] of Object.entries(tasks)) {
      const m = await run();
      measured[id].push(m);
      onRun(id, m);
    }
  }
  const out = {};
  for (const [id, ms] of Object.entries(measured)) {
    // rg and grep exit 1 when no line matched: a valid count of 0.
    const failed = ms.filter((m) => !(m.exitCode === 0 || (id === 'grep' && m.exitCode === 1))).length;
    const cpu = ms.map((m) => m.cpuSeconds).filter((v) => v !== null);
    const rss = ms.map((m) => m.peakRssMB).filter((v) => v !== null);
    out[id] = { seconds: median(ms.map((m) => m.seconds)), cpuSeconds: cpu.length ? median(cpu) : null, peakRssMB: rss.length ? Math.max(...rss) : null, failed };
  }
  return out;
}

/** The size scaling table, as the bench prints it. */
export function formatSizeScaling(rows, tool) {
  const head = ['size MB', 'lines', 'logsift s', 'CPU s', 'RSS MB', '--jobs 0 s', 'RSS MB', `tar|${tool} s`, 'floor s', `÷ tar|${tool}`, '÷ floor'];
  const body = rows.map((r) => [mb(r.sizeBytes), int(r.lines), s(r.logsift.seconds), s(r.logsift.cpuSeconds), int(r.logsift.peakRssMB), s(r.oneThread.seconds), int(r.oneThread.peakRssMB), s(r.grep.seconds), s(r.floor.seconds), ratio(r.logsift.seconds, r.grep.seconds), ratio(r.logsift.seconds, r.floor.seconds)]);
  return ['size scaling (the bench bundle at each size; medians; logsift with default jobs unless named):', ...table([head, ...body]), ''].join('\n');
}

/** The one-huge-file rows, as the bench prints them. */
export function formatHugeFile(row, tool) {
  const head = ['one huge file', 'wall s', 'CPU s', 'peak RSS MB'];
  const body = [
    ['logsift --format json -q', s(row.logsift.seconds), s(row.logsift.cpuSeconds), int(row.logsift.peakRssMB)],
    ['logsift … --jobs 0', s(row.oneThread.seconds), s(row.oneThread.cpuSeconds), int(row.oneThread.peakRssMB)],
    [`gzip -dc | ${tool} -c -f rules`, s(row.grep.seconds), s(row.grep.cpuSeconds), int(row.grep.peakRssMB)],
    ['gzip -dc > /dev/null', s(row.gzip.seconds), s(row.gzip.cpuSeconds), int(row.gzip.peakRssMB)],
  ];
  return [
    `one huge file: a ${mb(row.sizeBytes)} MB journalctl dump gzipped alone (${int(row.lines)} lines, ${row.incidentLines} incident lines; logsift reported ${row.incidents ?? 'no report, no'} incidents); logsift / (gzip|${tool}) = ${ratio(row.logsift.seconds, row.grep.seconds)}`,
    ...table([head, ...body]),
    '',
  ].join('\n');
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const mb = (bytes) => (bytes / 1048576).toFixed(0);
const int = (v) => (v === null || v === undefined ? '?' : Math.round(v).toLocaleString('en-US'));
const s = (v) => (v === null || v === undefined ? '?' : v.toFixed(2));
const ratio = (a, b) => (b > 0 ? `${(a / b).toFixed(1)}×` : '?');

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i]))).join('  ').trimEnd());
}
