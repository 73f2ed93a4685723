import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../cli/run-cli.js';

/*
 * Recall on real posted lines: each excerpt in test/fixtures/posted/cases was posted in a public issue thread (the
 * manifest names it). A failure must raise its signature (an incident, or an observation below its threshold); a
 * benign look-alike must raise no incident; a failure no signature covers must at least be listed as unrecognised.
 * `known_miss` keeps a case that still misses in the table, asserting it still misses, so fixing it updates the table.
 * `node scripts/score-posted.mjs` prints the same table with totals.
 */

const BASE = 'test/fixtures/posted';

interface PostedCase {
  readonly file: string;
  readonly expect: string;
  readonly source: string;
  readonly note?: string;
  readonly known_miss?: string;
  /** A later batch (collected after the signatures were written, scored before any change); absent = the original. */
  readonly batch?: string;
}

interface Report {
  incidents: { signature: string }[];
  observations: { signature: string }[];
  unrecognised: unknown[];
}

const cases = parse(readFileSync(`${BASE}/cases.yaml`, 'utf8')) as PostedCase[];

function outcome(c: PostedCase, report: Report): boolean {
  const incidents = report.incidents.map((i) => i.signature);
  if (c.expect === 'none') return incidents.length === 0;
  if (c.expect === 'unrecognised') return incidents.length === 0 && report.unrecognised.length > 0;
  return [...incidents, ...report.observations.map((o) => o.signature)].includes(c.expect);
}

describe('posted-lines corpus (test/fixtures/posted)', () => {
  it('lists every excerpt file once, each with the thread it was posted in', () => {
    expect(cases.map((c) => c.file).sort()).toEqual(readdirSync(`${BASE}/cases`).sort());
    for (const c of cases) expect(c.source, c.file).toMatch(/^https:\/\/github\.com\/[^/]+\/[^/]+\/(issues|pull)\/\d+$/);
  });

  it('names signatures that exist', () => {
    const ids = new Set(readdirSync('patterns', { recursive: true, withFileTypes: true }).filter((d) => d.isFile() && d.name.endsWith('.yaml')).map((d) => d.name.replace(/\.yaml$/, '')));
    for (const c of cases) if (c.expect !== 'none' && c.expect !== 'unrecognised') expect(ids.has(c.expect), `${c.file}: ${c.expect}`).toBe(true);
  });

  it.each(cases.map((c) => [c.file, c] as const))('%s', async (_file, c) => {
    const { status, stdout, stderr } = await runCli([`${BASE}/cases/${c.file}`, '--format', 'json']);
    // `no logs found` (status 3): nothing was raised, which is right for a benign excerpt and a miss otherwise.
    if (status === 3) {
      expect(stderr).toMatch(/no logs found/);
      return expect(c.expect === 'none', `${c.expect}: ${stderr}`).toBe(c.known_miss === undefined);
    }
    expect(status, stderr).toBe(0);
    const report = JSON.parse(stdout) as Report;
    const raised = [...report.incidents, ...report.observations].map((i) => i.signature);
    expect(outcome(c, report), `${c.expect} (raised: ${raised.join(', ') || 'nothing'}; ${report.unrecognised.length} unrecognised)`).toBe(c.known_miss === undefined);
  });
});
