import { describe, expect, it } from 'vitest';
import { buildReport, renderText } from '../../src/report/index.js';
import { RUNBOOK, emptyReport, powerLossInput, powerLossReport, withRootEvidenceText } from './fixtures.js';

describe('renderText', () => {
  const text = renderText(powerLossReport());

  it('leads with the root cause: title, host, when, why, evidence file:line, fix and runbook', () => {
    const box = text.slice(text.indexOf('== ROOT CAUSE'), text.indexOf('== Chain'));
    expect(box).toContain('CRITICAL  containerd cannot recover sandbox state after an unclean shutdown');
    expect(box).toContain('host       k3s-node-03');
    expect(box).toContain('2025-03-14T14:25:15.518Z → 2025-03-14T14:25:37.264Z (21s), seen 5 times');
    expect(box).toContain('The node lost power');
    expect(box).toContain('k3s-node-03-support.tgz:journal/journalctl-short-iso.txt:72  2025-03-14T14:25:15.518Z');
    expect(box).toContain('1. Upgrade to k3s v1.32.3+k3s1');
    expect(box).toContain(`runbook    ${RUNBOOK}`);
  });

  it('shows sections in order: header, root cause, chain, other incidents, timeline, coverage, warnings', () => {
    const order = ['logsift 0.1.0 report', '== ROOT CAUSE', '== Chain of events', '== Other incidents', '== Timeline', '== Coverage', '== Warnings'];
    const positions = order.map((h) => text.indexOf(h));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('draws the chain cause first and marks the root cause', () => {
    const chain = text.slice(text.indexOf('== Chain'), text.indexOf('== Other'));
    expect(chain.indexOf('Node lost power')).toBeLessThan(chain.indexOf('containerd cannot recover'));
    expect(chain).toMatch(/containerd cannot recover.*<- root cause/);
    expect(chain).toContain('-> 2025-03-14T14:25:15.518Z (+2s)');
  });

  it('groups the other incidents by severity, most severe first', () => {
    const others = text.slice(text.indexOf('== Other'), text.indexOf('== Timeline'));
    expect(others.indexOf('ERROR (1)')).toBeLessThan(others.indexOf('WARNING (2)'));
    expect(others).not.toContain('CRITICAL (');
  });

  it('draws one sparkline per host with the busiest minute', () => {
    expect(text).toMatch(/k3s-node-03 +\|[ ▁▂▃▄▅▆▇█]+\| peak 175\/min/);
    expect(text).toMatch(/k3s-agent-01 \|[ ▁▂▃▄▅▆▇█]+\| peak 8\/min/);
  });

  it('lists coverage per host with gaps, skipped files and assumptions', () => {
    expect(text).toContain('gaps: 2025-03-14T13:43:51.000Z → 2025-03-14T14:25:11.000Z (41m 20s)');
    expect(text).toContain('skipped k3s-node-03-support.tgz:var/lib/rancher/k3s/agent/core.1234  binary file');
    expect(text).toContain('- containerd.log: times without a zone were read as UTC');
    expect(text).toContain('--> k3s-node-03-support.tgz:agent/containerd/containerd.log:12');
  });

  it('says "No incidents found" together with what was looked at', () => {
    const quiet = renderText(emptyReport());
    expect(quiet).toContain('No incidents found.');
    expect(quiet.replace(/\s+/g, ' ')).toContain('Looked at 1 file (43 lines) from 1 host (quiet-node), spanning 2025-03-14T06:12:00.000Z');
    expect(quiet).toContain('sources: journal');
  });

  it('says nothing explains the incidents when there is no root cause', () => {
    const input = powerLossInput();
    const out = renderText(buildReport({ ...input, analysis: { ...input.analysis, rootCause: null } }));
    expect(out).toContain('No root cause: nothing in these logs explains the incidents below.');
    expect(out).toContain('== Incidents');
    expect(out).toContain('CRITICAL (1)');
  });

  it('strips terminal escapes and control characters from log text', () => {
    const out = renderText(withRootEvidenceText('level=error \u001b[2J\u001b]0;pwned\u0007msg="boom"\u0008\r'));
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(out).toContain('level=error msg="boom"');
  });

  it('wraps prose to the requested width but never cuts log lines', () => {
    const narrow = renderText(powerLossReport(), { width: 60 });
    const box = narrow.slice(narrow.indexOf('  why'), narrow.indexOf('  fields'));
    const why = box.split('\n').filter((l) => l !== '');
    expect(why.length).toBeGreaterThan(4);
    expect(why.filter((l) => l.length > 60)).toEqual([]);
    expect(narrow).toContain('error="failed to recover state: failed to get metadata for stored sandbox');
  });
});

describe('renderText files summary', () => {
  it('says how many lines have no time next to the unparsed share', () => {
    expect(renderText(powerLossReport())).toContain('878 lines, 7 unparsed (0.8%), 4 untimed (0.5%)');
  });
});
