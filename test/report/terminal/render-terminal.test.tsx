import { beforeAll, describe, expect, it } from 'vitest';
import { RUNBOOK, emptyReport, powerLossInput, powerLossReport, withObservationAndUnrecognised, withRootEvidenceText } from '../fixtures.js';
import { renderText } from '../../../src/report/render-text.js';
import { buildReport } from '../../../src/report/build-report.js';
import type { Report } from '../../../src/model/report.js';

type RenderTerminal = (report: Report, options: { width?: number; color?: boolean }) => Promise<string> | string;
let renderTerminal: RenderTerminal;

beforeAll(async () => {
  // ink colours through chalk, which decides at import time whether the (non-TTY) test output supports colour.
  process.env.FORCE_COLOR = '3';
  ({ renderTerminal } = await import('../../../src/report/index.js'));
});

const ESC = /[\u001b\u009b]/;

describe('renderTerminal', () => {
  it('shows the root cause box with title, host, evidence file:line and fix steps', async () => {
    const out = await renderTerminal(powerLossReport(), { width: 100, color: false });
    expect(out).toContain('ROOT CAUSE (confidence 90%)');
    expect(out).toContain('CRITICAL  containerd cannot recover sandbox state after an unclean shutdown');
    expect(out).toMatch(/host +k3s-node-03/);
    expect(out).toContain('k3s-node-03-support.tgz:journal/journalctl-short-iso.txt:72  2025-03-14T14:25:15.518Z');
    expect(out).toContain('1.  Upgrade to k3s v1.32.3+k3s1');
    expect(out).toContain(RUNBOOK);
    expect(out).toMatch(/╭─+╮/);
  });

  it('keeps sections in order and fits the requested width', async () => {
    const out = await renderTerminal(powerLossReport(), { width: 80, color: false });
    const order = ['logsift 0.1.0 report', 'ROOT CAUSE', 'Chain of events', 'Other incidents', 'Timeline', 'Coverage', 'Warnings (2)'];
    const positions = order.map((h) => out.indexOf(h));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(out.split('\n').filter((l) => [...l].length > 80)).toEqual([]);
  });

  it('writes no escape sequence at all with color:false', async () => {
    const out = await renderTerminal(powerLossReport(), { width: 100, color: false });
    expect(out).not.toMatch(ESC);
  });

  it('colours by severity and links the runbook with OSC 8 when colour is on', async () => {
    const out = await renderTerminal(powerLossReport(), { width: 100, color: true });
    expect(out).toMatch(/\u001b\[9[0-9]m|\u001b\[3[0-9]m/);
    // Closed with BEL: ink's tokenizer mistakes ESC \ for another sequence and drops the rest of the row.
    expect(out).toContain(`\u001b]8;;${RUNBOOK}\u0007`);
  });

  it('never lets ANSI or control characters from a log line reach the terminal', async () => {
    const hostile = withRootEvidenceText('boom\u001b]8;;https://evil.example/\u001b\\click\u001b]8;;\u001b\\ \u001b[2J\u001b[H\u0007\u009b31m end');
    const plain = await renderTerminal(hostile, { width: 100, color: false });
    expect(plain).not.toMatch(ESC);
    expect(plain).toMatch(/boomclick +\\u\{7\} end/);
    const coloured = await renderTerminal(hostile, { width: 100, color: true });
    expect(coloured).not.toContain('evil.example');
    expect(coloured).not.toContain('\u001b[2J');
    // The only BELs are those closing the report's own runbook links.
    expect(coloured.replaceAll(/\u001b\]8;;(?:https:\/\/[^\u0007\u001b]*)?\u0007/g, '')).not.toContain('\u0007');
  });

  it('says "No incidents found" with what was looked at', async () => {
    const out = await renderTerminal(emptyReport(), { width: 100, color: false });
    expect(out).toContain('No incidents found.');
    expect(out.replace(/[│\s]+/g, ' ')).toContain('Looked at 1 file (43 lines) from 1 host (quiet-node)');
    expect(out).toContain('Coverage');
  });

  it('says nothing explains the incidents when there is no root cause', async () => {
    const input = powerLossInput();
    const out = await renderTerminal(buildReport({ ...input, analysis: { ...input.analysis, rootCause: null } }), { width: 100, color: false });
    expect(out.replace(/[│\s]+/g, ' ')).toContain('No root cause: nothing in these logs explains the incidents below.');
    expect(out).toContain('CRITICAL (1)');
  });

  it('lists unrecognised errors, then matches seen below threshold, in the order and wording of the text report', async () => {
    const report = withObservationAndUnrecognised();
    const out = await renderTerminal(report, { width: 100, color: false });
    const flat = out.replace(/\s+/g, ' ');
    const order = ['Other incidents', 'Unrecognised errors (1)', 'Seen below threshold (1)', 'Timeline'];
    const positions = order.map((h) => out.indexOf(h));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(flat).toContain('Pod status is inconsistent with cached status for pod, a reconciliation should be triggered pod=<*>');
    expect(flat).toContain('k3s-node-03 (kubelet): 2025-03-14T09:32:03.000Z → 2025-03-14T12:52:03.000Z (3h 20m), seen 5 times');
    expect(out).toContain('k3s-node-03-support.tgz:journal/journalctl-short-iso.txt:38');
    expect(flat).toContain('Matches too few or too far apart to raise an incident; listed so nothing seen is dropped.');
    expect(flat).toContain('INFO Watch connections to the API server were lost');
    expect(flat).toContain('apiserver-watch-connection-lost on k3s-agent-01:');
    expect(flat).toContain('1 match; 3 needed within 10m (warning once reached)');
    expect(out).toContain('k3s-node-03-support.tgz:journal/journalctl-short-iso.txt:43');
    // Every line the text report prints in these sections reads the same in the terminal (bar indentation and wrapping).
    const text = renderText(report, { width: 100 });
    const section = text.slice(text.indexOf('Unrecognised errors'), text.indexOf('Timeline'));
    const words = section.split('\n').filter((l) => /^ /.test(l)).map((l) => l.trim().replace(/\s+/g, ' '));
    expect(words.length).toBeGreaterThan(6);
    for (const w of words) expect(flat).toContain(w);
  });

  it('leaves both sections out when nothing is below threshold or unrecognised', async () => {
    const out = await renderTerminal(powerLossReport(), { width: 100, color: false });
    expect(out).not.toContain('Unrecognised errors');
    expect(out).not.toContain('Seen below threshold');
  });
});
