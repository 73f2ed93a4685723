import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat, formats, MemberParser, newMemberParseStats, payloadFormats } from '../../src/formats/index.js';
import { eventDocumentScore, eventToRecord } from '../../src/formats/k8s-event-documents.js';
import type { LogEvent } from '../../src/model/log-event.js';
import { runCli } from '../cli/run-cli.js';

const FIXTURES = new URL('../fixtures/k8s-events/', import.meta.url);
const lines = (name: string): string[] => readFileSync(new URL(name, FIXTURES), 'utf8').replace(/\n$/, '').split('\n');

function parse(text: readonly string[], formatHint?: string): LogEvent[] {
  const stats = newMemberParseStats();
  const info = { source: { bundle: 'b', member: 'events.json' } };
  const parser = new MemberParser(info, detectFormat(text.slice(0, 24), formats, formatHint), { formats, payloadFormats, anchors: {} }, stats);
  return [...text.flatMap((t, i) => parser.push({ source: info.source, lineNumber: i + 1, text: t })), ...parser.end()];
}

describe('k8s-event-documents: Events as whole JSON/YAML documents', () => {
  it('kubectl get events -o json: the Event is one warning with its object, count, reporter and last time', () => {
    const text = lines('get-events-o-json.json');
    expect(detectFormat(text.slice(0, 24), formats).id).toBe('k8s-event-documents');
    const events = parse(text);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      component: 'k8s-event',
      severity: 'warning',
      timestamp: Date.UTC(2020, 0, 17, 4, 56, 55),
      timeQuality: 'exact',
      message: "Warning FailedScheduling pod/pvc: 0/1 nodes are available: 1 node(s) didn't find available persistent volumes to bind.",
      fields: { reason: 'FailedScheduling', object: 'pod/pvc', namespace: 'k8sdeploy-test-pvc-no-pv-f0090cb6f9122249', count: '25', source: 'default-scheduler' },
      // The item's opening brace, spanning the item.
      origin: { line: 4, lineCount: 32 },
    });
  });

  it('kubectl get events -o yaml: each item is an event on the node that reported it', () => {
    const events = parse(lines('get-events-o-yaml.yaml'));
    expect(events.map((e) => [e.message, e.host, e.origin.line])).toEqual([
      ['Normal Starting node/ma1demo4.eng.platformlab.ibm.com: Starting kube-proxy.', 'ma1demo4.eng.platformlab.ibm.com', 3],
      ['Normal Starting node/ma1demo4.eng.platformlab.ibm.com: Starting kubelet.', 'ma1demo4.eng.platformlab.ibm.com', 25],
    ]);
    expect(events.map((e) => e.severity)).toEqual(['info', 'info']);
    expect(events[1]!.timestamp).toBe(Date.UTC(2015, 11, 3, 6, 39, 4));
  });

  it('troubleshoot events/<ns>.json: the Event keys lie past the first lines, so the layout hint decides', () => {
    const text = lines('troubleshoot-events-default.json');
    expect(eventDocumentScore(text.slice(0, 24))).toBe(0.5);
    expect(detectFormat(text.slice(0, 24), formats).id).not.toBe('k8s-event-documents');
    const events = parse(text, 'k8s-event-documents');
    expect(events.map((e) => [e.format, e.message])).toEqual([
      ['k8s-event-documents', "Warning FailedScheduling pod/pvc: 0/1 nodes are available: 1 node(s) didn't find available persistent volumes to bind."],
    ]);
  });

  it('events.k8s.io/v1: regarding, note, reportingController, series and deprecatedSource', () => {
    const record = eventToRecord(
      {
        reason: 'NodeNotReady',
        note: 'Node worker-2 status is now: NodeNotReady',
        type: 'Normal',
        regarding: { kind: 'Node', name: 'worker-2' },
        reportingController: 'node-controller',
        eventTime: '2024-05-01T10:00:00.123456Z',
        series: { count: 3, lastObservedTime: '2024-05-01T10:05:00.000000Z' },
        deprecatedSource: {},
      },
      7,
      1,
    );
    expect(record).toMatchObject({
      message: 'Normal NodeNotReady node/worker-2: Node worker-2 status is now: NodeNotReady',
      host: 'worker-2',
      time: { kind: 'instant', epochMs: Date.UTC(2024, 4, 1, 10, 5, 0) },
      fields: { count: '3', source: 'node-controller' },
    });
  });

  it('a document cut short keeps every line, as plain text', () => {
    const text = lines('get-events-o-json.json').slice(0, 20);
    const events = parse(text);
    expect(events).toHaveLength(20);
    expect(events.every((e) => e.format === 'plain-text')).toBe(true);
  });

  it('JSON that is not about Events is not read as Events', () => {
    const config = ['{', '  "apiVersion": "v1",', '  "kind": "ConfigMap",', '  "data": {', '    "reason": "none"', '  }', '}'];
    expect(eventDocumentScore(config)).toBe(0.5);
    expect(detectFormat(config, formats).id).not.toBe('k8s-event-documents');
  });

  it('a troubleshoot bundle: the FailedScheduling event in events/<ns>.json raises event-failed-scheduling', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logsift-events-'));
    const events = join(dir, 'support-bundle-2020-01-17T05_00_00', 'cluster-resources', 'events');
    mkdirSync(events, { recursive: true });
    writeFileSync(join(events, 'default.json'), readFileSync(new URL('troubleshoot-events-default.json', FIXTURES)));
    const { status, stdout } = await runCli([dir, '--format', 'json']);
    expect(status).toBe(0);
    const report = JSON.parse(stdout) as { incidents: { signature: string }[]; observations: { signature: string }[] };
    expect([...report.incidents, ...report.observations].map((i) => i.signature)).toContain('event-failed-scheduling');
  });
  it('a sos report: a `kubectl get -o json events` capture is read as Events, whatever its file name says', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logsift-sos-events-'));
    const kubernetes = join(dir, 'sosreport-node-a-2020-01-17-abcdef', 'sos_commands', 'kubernetes');
    mkdirSync(kubernetes, { recursive: true });
    writeFileSync(join(kubernetes, 'kubectl_get_-o_json_--all-namespaces_events'), readFileSync(new URL('get-events-o-json.json', FIXTURES)));
    const { stdout } = await runCli([dir, '--format', 'json']);
    const report = JSON.parse(stdout) as { files: { format: string }[]; incidents: { signature: string }[]; observations: { signature: string }[] };
    expect(report.files.map((f) => f.format)).toEqual(['k8s-event-documents']);
    expect([...report.incidents, ...report.observations].map((i) => i.signature)).toContain('event-failed-scheduling');
  });
});
