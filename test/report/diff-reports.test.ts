import { describe, expect, it } from 'vitest';
import type { Incident, Report } from '../../src/model/report.js';
import { diffReports, readJsonReport, renderDiffJson, renderDiffMarkdown, renderDiffText, renderJson } from '../../src/report/index.js';
import { fingerprintIncident } from '../../src/correlate/fingerprint-incident.js';
import { emptyReport, LOOP_ID, powerLossReport, ROOT_ID, withObservationAndUnrecognised } from './fixtures.js';

/** The same report as another node would give it: hosts renamed, so every incident id differs. */
function onHost(report: Report, from: string, to: string): Report {
  const rename = (text: string) => text.replaceAll(from, to);
  return {
    ...report,
    incidents: report.incidents.map((i) => ({ ...i, id: rename(i.id), host: i.host === undefined ? undefined : rename(i.host), ...(i.causedBy ? { causedBy: rename(i.causedBy) } : {}) })),
    rootCause: report.rootCause ? { ...report.rootCause, incident: rename(report.rootCause.incident), chain: report.rootCause.chain.map(rename) } : null,
  };
}

function withIncident(report: Report, id: string, change: (i: Incident) => Incident): Report {
  return { ...report, incidents: report.incidents.map((i) => (i.id === id ? change(i) : i)) };
}

describe('diffReports', () => {
  it('finds nothing new, resolved or changed between a report and itself', () => {
    const report = withObservationAndUnrecognised();
    const diff = diffReports(report, report);
    expect(diff.different).toBe(false);
    expect(diff.incidents.new).toEqual([]);
    expect(diff.incidents.resolved).toEqual([]);
    expect(diff.incidents.changed).toEqual([]);
    expect(diff.incidents.unchanged.length).toBe(report.incidents.length);
    expect(diff.unrecognised).toEqual({ new: [], resolved: [] });
    expect(diff.rootCauseChanged).toBe(false);
  });

  it('matches incidents by fingerprint, not id: the same failures on another host are no difference', () => {
    const report = powerLossReport();
    const moved = onHost(report, 'k3s-node-03', 'edge-9');
    expect(moved.incidents.map((i) => i.id)).not.toEqual(report.incidents.map((i) => i.id));
    const diff = diffReports(report, { ...moved, incidents: moved.incidents.map((i) => ({ ...i, host: 'k3s-node-03' })) });
    expect(diff.incidents.new).toEqual([]);
    expect(diff.incidents.resolved).toEqual([]);
    expect(diff.rootCauseChanged).toBe(false);
    // Only the host set differs when the host does: it is shown as a change, not as new + resolved.
    const hostsOnly = diffReports(report, moved);
    expect(hostsOnly.incidents.new).toEqual([]);
    expect(hostsOnly.incidents.changed.every((c) => c.changes.join() === 'hosts')).toBe(true);
  });

  it('lists every incident as new against a report without any, and as resolved the other way round', () => {
    const report = powerLossReport();
    const forward = diffReports(emptyReport(), report);
    expect(forward.different).toBe(true);
    expect(forward.incidents.new.flatMap((g) => g.incidents).sort()).toEqual(report.incidents.map((i) => i.id).sort());
    expect(forward.incidents.new.map((g) => g.severity)).toEqual([...forward.incidents.new.map((g) => g.severity)].sort((a, b) => ['critical', 'error', 'warning', 'info'].indexOf(a) - ['critical', 'error', 'warning', 'info'].indexOf(b)));
    expect(forward.old.rootCause).toBeNull();
    expect(forward.new.rootCause?.incident).toBe(ROOT_ID);
    expect(forward.rootCauseChanged).toBe(true);
    const backward = diffReports(report, emptyReport());
    expect(backward.incidents.resolved.flatMap((g) => g.incidents).sort()).toEqual(report.incidents.map((i) => i.id).sort());
    expect(backward.incidents.new).toEqual([]);
  });

  it('reports a count or severity change of the same failure as changed', () => {
    const report = powerLossReport();
    const worse = withIncident(report, LOOP_ID, (i) => ({ ...i, count: i.count + 10, severity: 'critical' }));
    const diff = diffReports(report, worse);
    expect(diff.incidents.changed.map((c) => [c.new.incidents[0], c.changes])).toEqual([[LOOP_ID, ['count', 'severity']]]);
    expect(diff.incidents.new).toEqual([]);
    expect(renderDiffText(diff)).toMatch(/severity error → critical; seen \d+ → \d+ times/);
  });

  it('lists unrecognised error shapes new and resolved by fingerprint', () => {
    const diff = diffReports(powerLossReport(), withObservationAndUnrecognised());
    expect(diff.unrecognised.new.map((u) => u.template)).toEqual(withObservationAndUnrecognised().unrecognised!.map((u) => u.template));
    expect(diff.unrecognised.new[0]!.fingerprint).toMatch(/^fp1:template:[0-9a-f]{12}$/);
    expect(diffReports(withObservationAndUnrecognised(), powerLossReport()).unrecognised.resolved.length).toBe(1);
  });

  it('reads a JSON report back to the same comparison as the report it was written from', () => {
    const report = withObservationAndUnrecognised();
    const read = readJsonReport(renderJson(report));
    expect(read.error).toBeUndefined();
    const direct = diffReports(emptyReport(), report);
    const fromJson = diffReports(emptyReport(), read.report!);
    expect(renderDiffJson(fromJson)).toBe(renderDiffJson(direct));
  });

  it('renders markdown with the summary first and a section per non-empty list', () => {
    const md = renderDiffMarkdown(diffReports(emptyReport(), powerLossReport()));
    expect(md.split('\n').slice(0, 3).join('\n')).toMatch(/^# logsift diff\n\n\*\*\d+ new, 0 resolved/);
    expect(md).toContain('## New incidents');
    expect(md).not.toContain('## Resolved incidents');
  });
});

describe('readJsonReport', () => {
  it('refuses a newer schemaVersion in one line naming both versions', () => {
    const text = renderJson(powerLossReport()).replace('"schemaVersion": 2', '"schemaVersion": 3');
    const { error } = readJsonReport(text);
    expect(error).toBe('report schemaVersion 3 is newer than this logsift reads (1–2); compare with a newer logsift, or pass the bundle instead');
  });

  it('names what is wrong with a JSON file that is not a report', () => {
    expect(readJsonReport('{"schemaVersion": 2, "tool": {"name": "logsift", "version": "0.1.0"}, "inputs": []}').error).toBe('not a logsift report: incidents: Invalid input: expected array, received undefined');
    expect(readJsonReport('[1, 2]').error).toBe('not a logsift report (not a JSON object)');
    expect(readJsonReport('{"schemaVersion": 2,').error).toMatch(/^not valid JSON/);
  });

  it('gives incidents of a report without fingerprints the ones their signatures\' key fields make', () => {
    const report = powerLossReport();
    const json = JSON.parse(renderJson(report));
    for (const i of json.incidents) delete i.fingerprint;
    delete json.rootCause.fingerprint;
    const keyFields = (signature: string) => (signature === 'service-restart-loop' ? ['unit'] : undefined);
    const read = readJsonReport(JSON.stringify(json), keyFields);
    const expected = report.incidents.map((i) => fingerprintIncident(i, keyFields(i.signature) ?? []));
    expect(read.report!.incidents.map((i) => i.fingerprint)).toEqual(expected);
    const loop = report.incidents.find((i) => i.id === LOOP_ID)!;
    expect(loop.fields['unit']?.length).toBeGreaterThan(0);
    expect(read.report!.incidents.find((i) => i.id === LOOP_ID)!.fingerprint).not.toBe(fingerprintIncident(loop, []));
    expect(read.report!.rootCause?.fingerprint).toBe(report.rootCause?.fingerprint);
  });
});
