// Scores logsift on the posted-lines corpus (test/fixtures/posted): for each excerpt, whether the expected signature
// is raised (incident or observation), a benign one raises no incident, an uncovered failure is listed as
// unrecognised. Prints one line per case and the totals. Run after `npm run build` (it uses dist/).
// `--patterns DIR` adds a signature directory (same ids override the shipped ones: an older library, to compare).
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { main } from '../dist/cli/main.js';

const BASE = 'test/fixtures/posted';
const at = process.argv.indexOf('--patterns');
const extra = at > 0 && process.argv[at + 1] ? ['--patterns', process.argv[at + 1]] : [];
const cases = parse(readFileSync(`${BASE}/cases.yaml`, 'utf8'));
let failures = 0, failuresFound = 0, benign = 0, falseAlarms = 0, uncovered = 0, uncoveredListed = 0;
for (const c of cases) {
  let stdout = '';
  await main([`${BASE}/cases/${c.file}`, '--format', 'json', ...extra], { stdout: (t) => { stdout += t; }, stderr: () => {}, stdoutIsTTY: false, stderrIsTTY: false, env: {}, columns: 100 });
  const report = JSON.parse(stdout);
  const incidents = report.incidents.map((i) => i.signature);
  const raised = [...incidents, ...report.observations.map((o) => o.signature)];
  let ok;
  if (c.expect === 'none') { benign++; ok = incidents.length === 0; if (!ok) falseAlarms++; }
  else if (c.expect === 'unrecognised') { uncovered++; ok = report.unrecognised.length > 0 && incidents.length === 0; if (ok) uncoveredListed++; }
  else { failures++; ok = raised.includes(c.expect); if (ok) failuresFound++; }
  console.log(`${ok ? 'ok  ' : 'MISS'} ${c.file.padEnd(48)} expect ${c.expect.padEnd(34)} got ${[...new Set(raised)].join(',') || '-'}${report.unrecognised.length ? ` (+${report.unrecognised.length} unrecognised)` : ''}`);
}
console.log(`\nfailures found: ${failuresFound}/${failures}; uncovered failures listed as unrecognised: ${uncoveredListed}/${uncovered}; benign with an incident (false alarms): ${falseAlarms}/${benign}`);
