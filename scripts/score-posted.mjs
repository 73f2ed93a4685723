// Scores logsift on the posted-lines corpus (test/fixtures/posted): for each excerpt, whether the expected signature
// is raised (incident or observation), a benign one raises no incident, an uncovered failure is listed as
// unrecognised; and whether the report's root cause (JSON `rootCause`, the top of the chain) is the expected
// signature, which is what a support engineer reads first. Prints one line per case and the totals. Run after
// `npm run build` (it uses dist/).
// `--patterns DIR` adds a signature directory (same ids override the shipped ones: an older library, to compare).
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { main } from '../dist/cli/main.js';

const BASE = 'test/fixtures/posted';
const at = process.argv.indexOf('--patterns');
const extra = at > 0 && process.argv[at + 1] ? ['--patterns', process.argv[at + 1]] : [];
const cases = parse(readFileSync(`${BASE}/cases.yaml`, 'utf8'));
// Each signature's role: a `symptom` is never named the root cause on its own (patterns/README.md), so a case that
// expects one can be found but never have it as root cause; the totals say how many such cases there are.
const roles = new Map(
  readdirSync('patterns', { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith('.yaml') && !d.parentPath.endsWith('context'))
    .map((d) => parse(readFileSync(`${d.parentPath}/${d.name}`, 'utf8')))
    .map((s) => [s.id, s.role]),
);
// Totals per batch: `original` (the excerpts the signatures were shaped on) and each later `batch:` (excerpts
// collected afterwards, scored before any signature change), so a fresh batch's recall is never mixed with the old.
const totals = new Map();
const tally = (batch) => {
  if (!totals.has(batch)) totals.set(batch, { failures: 0, failuresFound: 0, rootCauseRight: 0, expectSymptom: 0, benign: 0, falseAlarms: 0, uncovered: 0, uncoveredListed: 0 });
  return totals.get(batch);
};
for (const c of cases) {
  // A later batch is also totalled without the cases whose thread some signature already quoted from
  // (`thread_in_signatures`): the cleanest measure of lines nobody here has seen.
  const groups = [tally(c.batch ?? 'original')];
  if (c.batch && !c.thread_in_signatures) groups.push(tally(`${c.batch}, threads no signature quotes`));
  let stdout = '', stderr = '';
  await main([`${BASE}/cases/${c.file}`, '--format', 'json', ...extra], { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, stdoutIsTTY: false, stderrIsTTY: false, env: {}, columns: 100 });
  // No report at all (e.g. `no logs found`, exit 3): nothing was raised; the reason is printed with the case.
  const report = stdout ? JSON.parse(stdout) : { incidents: [], observations: [], unrecognised: [], rootCause: null, refused: stderr.trim().split('\n')[0] };
  const rootCause = report.rootCause?.signature ?? null;
  const incidents = report.incidents.map((i) => i.signature);
  const raised = [...incidents, ...report.observations.map((o) => o.signature)];
  let ok;
  if (c.expect === 'none') ok = incidents.length === 0;
  else if (c.expect === 'unrecognised') ok = report.unrecognised.length > 0 && incidents.length === 0;
  else ok = raised.includes(c.expect);
  for (const t of groups) {
    if (c.expect === 'none') { t.benign++; if (!ok) t.falseAlarms++; }
    else if (c.expect === 'unrecognised') { t.uncovered++; if (ok) t.uncoveredListed++; }
    else {
      t.failures++;
      if (ok) t.failuresFound++;
      if (rootCause === c.expect) t.rootCauseRight++;
      if (roles.get(c.expect) === 'symptom') t.expectSymptom++;
    }
  }
  // A failure's root cause is right when it is the expected signature; benign and uncovered cases must have none.
  const rootRight = c.expect === 'none' || c.expect === 'unrecognised' ? rootCause === null : rootCause === c.expect;
  console.log(`${ok ? 'ok  ' : 'MISS'} ${c.file.padEnd(48)} expect ${c.expect.padEnd(34)} got ${[...new Set(raised)].join(',') || '-'}${report.unrecognised.length ? ` (+${report.unrecognised.length} unrecognised)` : ''}${rootRight ? '' : ` ROOT ${rootCause ?? '-'}`}${report.refused ? ` [no report: ${report.refused}]` : ''}`);
}
console.log('');
for (const [batch, t] of totals) {
  console.log(`${batch}: failures found: ${t.failuresFound}/${t.failures}; root cause right: ${t.rootCauseRight}/${t.failures} (${t.expectSymptom} expect a symptom, never a root cause on its own); uncovered failures listed as unrecognised: ${t.uncoveredListed}/${t.uncovered}; benign with an incident (false alarms): ${t.falseAlarms}/${t.benign}`);
}
