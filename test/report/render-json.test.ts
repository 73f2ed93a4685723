import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/report/index.js';
import { ROOT_ID, SHUTDOWN_ID, LOOP_ID, RUNBOOK, emptyReport, powerLossReport } from './fixtures.js';

describe('renderJson', () => {
  const text = renderJson(powerLossReport());
  const json = JSON.parse(text);

  it('writes schemaVersion 2 with the contract keys in a stable order', () => {
    expect(Object.keys(json)).toEqual([
      'schemaVersion', 'tool', 'inputs', 'files', 'hosts', 'timeRange', 'incidents', 'observations', 'rootCause', 'unrecognised', 'coverage', 'warnings',
      'context', 'activity', 'activityWindow', 'incidentActivity', 'signatures', 'systems', 'versionChecks',
    ]);
    expect(json.schemaVersion).toBe(2);
    expect(json.tool).toEqual({ name: 'logsift', version: '0.1.0' });
    expect(Object.keys(json.files[0])).toEqual(['path', 'host', 'component', 'format', 'status', 'lines', 'parsed', 'unparsed', 'untimed']);
    expect(Object.keys(json.incidents[0])).toEqual([
      'id', 'fingerprint', 'signature', 'title', 'severity', 'host', 'firstSeen', 'lastSeen', 'count', 'fields', 'evidence', 'causedBy', 'runbook',
    ]);
    expect(Object.keys(json.rootCause)).toEqual(['incident', 'fingerprint', 'signature', 'confidence', 'chain', 'explanation']);
  });

  it('writes a skipped file\'s reason code next to its reason text, and keeps duplicateOf internal', () => {
    const report = powerLossReport();
    const skipped = { path: 'b.tgz:var/log/syslog', bundle: 'b.tgz', status: 'skipped' as const, reason: 'duplicate of b.tgz:var/log/messages', reasonCode: 'duplicate' as const, duplicateOf: 'b.tgz:var/log/messages', lines: 0, parsed: 0, unparsed: 0, events: 0 };
    const file = JSON.parse(renderJson({ ...report, files: [skipped] })).files[0];
    expect(Object.keys(file)).toEqual(['path', 'host', 'component', 'format', 'status', 'reason', 'reasonCode', 'lines', 'parsed', 'unparsed', 'untimed']);
    expect(file).toMatchObject({ reason: 'duplicate of b.tgz:var/log/messages', reasonCode: 'duplicate' });
  });

  it('says what window `activity` covers and how wide its buckets are, and gives the zoom around the incidents its own', () => {
    expect(json.activityWindow).toEqual({ start: '2025-03-14T06:00:00.000Z', end: '2025-03-14T14:30:00.000Z', bucketSeconds: 60 });
    expect(Object.keys(json.incidentActivity)).toEqual(['start', 'end', 'bucketSeconds', 'buckets']);
    expect(json.incidentActivity).toMatchObject({ start: '2025-03-14T13:33:23.250Z', end: '2025-03-14T14:30:00.000Z', bucketSeconds: 60 });
    expect(json.incidentActivity.buckets[0]).toEqual({ host: 'k3s-agent-01', start: '2025-03-14T13:40:00.000Z', events: 8, errors: 0 });
    const quiet = JSON.parse(renderJson(emptyReport()));
    expect(quiet.incidentActivity).toBeNull();
    expect(quiet.activityWindow).toEqual({ start: '2025-03-14T06:12:00.000Z', end: '2025-03-14T06:13:00.000Z', bucketSeconds: 60 });
  });

  it('prints every timestamp as ISO 8601 UTC with milliseconds', () => {
    expect(json.timeRange).toEqual({ start: '2025-03-14T06:00:00.000Z', end: '2025-03-14T14:30:00.000Z' });
    const root = json.incidents.find((i: { id: string }) => i.id === ROOT_ID);
    expect(root.firstSeen).toBe('2025-03-14T14:25:15.518Z');
    expect(root.evidence[0]).toEqual({
      file: 'k3s-node-03-support.tgz:journal/journalctl-short-iso.txt',
      line: 72,
      timestamp: '2025-03-14T14:25:15.518Z',
      text: expect.stringContaining('failed to get metadata for stored sandbox'),
    });
    expect(root.runbook).toBe(RUNBOOK);
    expect(text).not.toMatch(/"(start|end|firstSeen|lastSeen|timestamp)": \d/);
  });

  it('carries the chain of incident ids, cause first', () => {
    expect(json.rootCause.chain).toEqual([SHUTDOWN_ID, ROOT_ID, LOOP_ID]);
  });

  it('round-trips: parsing and re-printing gives the same bytes, with 2-space indent and a trailing newline', () => {
    expect(`${JSON.stringify(JSON.parse(text), null, 2)}\n`).toBe(text);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "schemaVersion": 2,');
  });

  it('keeps raw log text (escaped by JSON) so machines see the original line', () => {
    const report = powerLossReport();
    const hostile = { ...report, incidents: report.incidents.map((i) => ({ ...i, evidence: [{ file: 'f', line: 1, text: 'a\u001b[31mred\u0007' }] })) };
    const out = renderJson(hostile);
    expect(out).not.toContain('\u001b');
    expect(JSON.parse(out).incidents[0].evidence[0].text).toBe('a\u001b[31mred\u0007');
  });

  it('writes a null root cause and no incidents for a quiet bundle', () => {
    const quiet = JSON.parse(renderJson(emptyReport()));
    expect(quiet.rootCause).toBeNull();
    expect(quiet.incidents).toEqual([]);
    expect(quiet.coverage.totals.files).toBe(1);
  });
});
