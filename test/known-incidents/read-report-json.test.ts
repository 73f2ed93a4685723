import { beforeAll, describe, expect, it } from 'vitest';
import { ReportFileError, readReportJson } from '../../src/known-incidents/read-report-json.js';
import { runCli } from '../cli/run-cli.js';

/** The JSON report of a shipped sample, as `logsift samples/k3s-power-loss.tgz --format json` writes it. */
let sampleText = '';
beforeAll(async () => {
  const run = await runCli(['samples/k3s-power-loss.tgz', '--format', 'json', '--jobs', '0']);
  expect(run.status).toBe(0);
  sampleText = run.stdout;
}, 60_000);
const sample = (): Record<string, unknown> => JSON.parse(sampleText);

function refusal(text: string, file = 'r.json'): string {
  try {
    readReportJson(file, text);
  } catch (error) {
    expect(error).toBeInstanceOf(ReportFileError);
    expect((error as Error).message).not.toContain('\n');
    return (error as Error).message;
  }
  throw new Error('expected the report to be refused');
}

describe('reading a report JSON to file it', () => {
  it('files every incident and unrecognised shape of a real report with its fingerprint, and the report\'s span and hosts', () => {
    const report = sample() as { incidents: { fingerprint: string; signature: string; host: string }[]; unrecognised: { fingerprint: string; template: string }[]; hosts: string[]; timeRange: { start: string } };
    const { report: filed, items } = readReportJson('r.json', sampleText);
    expect(items.filter((i) => i.kind === 'incident').map((i) => [i.fingerprint, i.signature, i.host])).toEqual(report.incidents.map((i) => [i.fingerprint, i.signature, i.host]));
    expect(items.filter((i) => i.kind === 'unrecognised').map((i) => [i.fingerprint, i.title])).toEqual(report.unrecognised.map((u) => [u.fingerprint, u.template]));
    expect(items.every((i) => /^fp1:/.test(i.fingerprint))).toBe(true);
    expect(filed.hosts).toEqual(report.hosts);
    expect(filed.start).toBe(Date.parse(report.timeRange.start));
  });

  it('refuses text that is not JSON, naming the line', () => {
    expect(refusal('{\n  "schemaVersion": 2,\n  "tool": {,\n}')).toMatch(/^r\.json:3: not JSON \(/);
  });

  it('refuses JSON that is not a logsift report', () => {
    expect(refusal('[1, 2]')).toBe('r.json: not a logsift report (expected the output of logsift --format json)');
    expect(refusal(JSON.stringify({ schemaVersion: 2, tool: { name: 'other' } }))).toMatch(/not a logsift report/);
    // A timeline --json line is logsift output but not a report.
    expect(refusal('{"timestamp":"2025-03-14T06:00:00.000Z","host":"n1","message":"x"}')).toMatch(/not a logsift report/);
  });

  it('refuses a report from a newer schema with one line asking for an upgrade', () => {
    expect(refusal(JSON.stringify({ ...sample(), schemaVersion: 3 }))).toBe('r.json: report schemaVersion 3 is newer than this logsift reads (up to 2): upgrade logsift');
  });

  it('names the first key that is off', () => {
    const report = sample() as { incidents: Record<string, unknown>[] };
    report.incidents[1]!['title'] = 42;
    expect(refusal(JSON.stringify(report))).toMatch(/^r\.json: not a logsift report: incidents\[1\]\.title: /);
  });

  it('refuses a report written before incidents carried fingerprints', () => {
    const report = sample() as { incidents: Record<string, unknown>[] };
    for (const incident of report.incidents) delete incident['fingerprint'];
    expect(refusal(JSON.stringify(report))).toMatch(/^r\.json: its incidents carry no fingerprint/);
  });
});
