import { formatIndexTable } from './index-backends.mjs';

/** The bench result as the table people paste into an issue. */
export function formatBenchTable(result) {
  const b = result.bundle;
  const m = result.machine;
  const out = [];
  out.push(`logsift bench: ${mb(b.uncompressedBytes)} MB uncompressed (${int(b.lines)} lines, ${b.members} log files, ${b.hosts} hosts, ${b.incidentLines} incident lines; ${mb(b.compressedBytes)} MB .tgz), ${result.runs} run(s) each, alternating`);
  out.push(`machine: ${m.cores} cores (${m.cpu}), node ${m.node}, ${m.platform}, ${m.memoryGB} GB RAM`);
  const rx = result.regexBaseline;
  out.push(`regex baseline: ${rx.tool} (${rx.kept} of ${rx.rules} rules${rx.dropped.length ? `; ${rx.dropped.length} dropped: ${[...new Set(rx.dropped.map((d) => d.reason))].join(', ')}` : ''})`);
  out.push('MB = 1 048 576 bytes of uncompressed log text; lines = log lines in the bundle; RSS = peak of the largest process');
  out.push('');
  const rows = [['task', 'median s', 'MB/s', 'lines/s', 'peak RSS MB']];
  for (const t of result.tasks) {
    rows.push([t.label, fixed(t.medianSeconds, 2), fixed(t.mbPerSecond, 1), int(t.linesPerSecond), t.peakRssMB === null ? '?' : int(t.peakRssMB)]);
  }
  out.push(...table(rows));
  out.push('');
  if (result.startupAndJournals?.length) {
    out.push('start-up and binary journals (CPU = user + system of the process and its threads):');
    const srow = [['task', 'median s', 'CPU s', 'peak RSS MB']];
    for (const t of result.startupAndJournals) srow.push([t.label, fixed(t.medianSeconds, 2), t.medianCpuSeconds === null ? '?' : fixed(t.medianCpuSeconds, 2), t.peakRssMB === null ? '?' : int(t.peakRssMB)]);
    out.push(...table(srow));
    out.push('');
  }
  if (result.indexBackends) {
    out.push(formatIndexTable(result.indexBackends));
  }
  const c = result.classification;
  if (c) {
    out.push(`classification (logsift ingest + parse + library.match, ${c.capped ? `first ≈${mb(c.bytes)} MB (--classify-mb)` : 'whole bundle'}, ${int(c.lines)} lines / ${int(c.events)} events; parse alone ${fixed(c.parseSeconds, 2)} s = ${int(c.lines / c.parseSeconds)} lines/s):`);
    const crow = [['signatures', 'match s', 'µs/event', 'lines/s (parse+match)', 'matches']];
    for (const l of c.libraries) crow.push([l.synthetic ? `${l.signatures} (${l.synthetic} copies)` : String(l.signatures), fixed(l.matchSeconds, 2), fixed((l.matchSeconds * 1e6) / Math.max(1, c.events), 2), int(l.linesPerSecond), int(l.matches)]);
    out.push(...table(crow));
    out.push('');
  }
  const r = result.ratios;
  out.push(`ratios (time): logsift / (tar|${rx.tool}) = ${fixed(r.logsiftVsTarRegex, 1)}×, logsift / node floor = ${fixed(r.logsiftVsNodeFloor, 1)}×, logsift / gzip -dc = ${fixed(r.logsiftVsGzip, 1)}×`);
  out.push(`worker threads: the one-thread run takes ${fixed(r.workerSpeedup, 2)}× the default run's time`);
  if (result.report) out.push(`logsift found ${result.report.incidents} incident(s)${result.report.rootCause ? `, root cause ${result.report.rootCause}` : ''}`);
  if (result.samplesFound?.length) {
    const whole = result.samplesFound.filter((s) => s.missing.length === 0).length;
    out.push(`shipped samples embedded in the bundle whose every expected incident was reported on its host: ${whole} of ${result.samplesFound.length}`);
  }
  if (result.profile) {
    out.push('');
    out.push(`top ${result.profile.length} self-time functions (node --cpu-prof, one logsift run, all its threads together):`);
    const prow = [['self ms', '%', 'function', 'location']];
    for (const p of result.profile) prow.push([int(p.selfMs), fixed(p.percent, 1), p.name, p.location]);
    out.push(...table(prow));
  }
  for (const f of result.failures) out.push(`FAILED: ${f}`);
  return `${out.join('\n')}\n`;
}

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((cell, i) => (i === 0 || i >= 2 && isNaN(Number(String(cell).replace(/,/g, ''))) ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i]))).join('  ').trimEnd());
}

function mb(bytes) {
  return fixed(bytes / 1048576, 1);
}

function fixed(n, digits) {
  return typeof n === 'number' && Number.isFinite(n) ? n.toFixed(digits) : '?';
}

function int(n) {
  return typeof n === 'number' && Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '?';
}
