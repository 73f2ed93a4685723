import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from './run-cli.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/k8s-events/', import.meta.url));
const EVENTS = fileURLToPath(new URL('../../patterns/events/', import.meta.url));

/** Log-line signatures that name a narrower cause than the event they appear in, so they keep matching events. */
// Causes that say more than the event that carries them: why the volume or the sandbox failed, or which limit a
// pod exceeded when it was evicted (ephemeral storage), never a restatement of the event itself.
// cni-sandbox-network-failed names the plugin and its reason inside a FailedCreatePodSandBox note (often all a ticket has).
const NARROWER_CAUSES = new Set(['volume-multi-attach', 'csi-driver-not-registered', 'image-pull-failed', 'pod-ephemeral-storage-exceeded', 'cni-sandbox-network-failed']);

interface Report {
  incidents: { signature: string; evidence: { line: number }[] }[];
  observations: { signature: string; example: { line: number } }[];
}

async function analyse(file: string): Promise<Report> {
  const { status, stdout } = await runCli([file, '--format', 'json']);
  expect(status).toBe(0);
  return JSON.parse(stdout) as Report;
}

/** Every signature that raised an incident or an observation from each line of the file. */
function signaturesByLine(report: Report): Map<number, string[]> {
  const byLine = new Map<number, string[]>();
  const add = (line: number, signature: string): void => void byLine.set(line, [...(byLine.get(line) ?? []), signature]);
  for (const i of report.incidents) for (const e of i.evidence) add(e.line, i.signature);
  for (const o of report.observations) add(o.example.line, o.signature);
  return byLine;
}

describe('a Kubernetes Event raises its event signature, not a second copy from a log-line signature', () => {
  it('kubectl describe pod: Warning BackOff raises event-back-off only', async () => {
    const report = await analyse(join(FIXTURES, 'describe-pod-backoff.txt'));
    expect(report.incidents.map((i) => i.signature)).toEqual(['event-back-off']);
    expect(report.observations).toEqual([]);
  });

  it('kubectl describe pod: every FailedMount event raises event-failed-mount only', async () => {
    const report = await analyse(join(FIXTURES, 'describe-pod-failed-mount.txt'));
    expect(report.incidents.map((i) => i.signature)).toEqual(['event-failed-mount']);
    expect(report.incidents[0]!.evidence.map((e) => e.line).sort((a, b) => a - b)).toEqual([12, 13, 14]);
    expect(report.observations).toEqual([]);
  });

  it('kubectl get events: BackOff, Unhealthy and FailedMount each raise their event signature once', async () => {
    const report = await analyse(join(FIXTURES, 'get-events.txt'));
    expect(Object.fromEntries(signaturesByLine(report))).toEqual({ 2: ['event-back-off'], 3: ['event-unhealthy'], 4: ['event-failed-mount'] });
  });

  it('each event signature example, as a kubectl get events row, raises only that signature or a cause it names', async () => {
    const rows: { line: string; signature: string; causes: string[] }[] = [];
    for (const name of readdirSync(EVENTS).filter((n) => n.endsWith('.yaml')).sort()) {
      const data = parse(readFileSync(join(EVENTS, name), 'utf8')) as {
        id: string;
        caused_by?: { signature: string }[];
        examples: { match: { line: string }[] };
      };
      for (const example of data.examples.match) rows.push({ line: example.line, signature: data.id, causes: (data.caused_by ?? []).map((c) => c.signature) });
    }
    expect(rows.length).toBeGreaterThan(15);
    const table = ['LAST SEEN   TYPE      REASON                   OBJECT                                      MESSAGE'];
    for (const row of rows) {
      const m = /^(Normal|Warning) (\w+) (\S+): (.*)$/.exec(row.line);
      expect(m, row.line).not.toBeNull();
      table.push(`${'90s'.padEnd(12)}${m![1]!.padEnd(10)}${m![2]!.padEnd(25)}${m![3]!.padEnd(44)}${m![4]}`);
    }
    const dir = mkdtempSync(join(tmpdir(), 'logsift-events-'));
    writeFileSync(join(dir, 'events.txt'), `${table.join('\n')}\n`);
    const byLine = signaturesByLine(await analyse(join(dir, 'events.txt')));
    rows.forEach((row, i) => {
      const raised = byLine.get(i + 2) ?? [];
      expect(raised.filter((s) => s === row.signature), row.line).toEqual([row.signature]);
      // Anything else a row raises must be a cause the event signature names that says more than the event itself
      // (a Multi-Attach error, a CSI driver not registered, the pause image pull), never a restatement of it.
      const extra = raised.filter((s) => s !== row.signature);
      expect(extra.filter((s) => !row.causes.includes(s) || !NARROWER_CAUSES.has(s)), row.line).toEqual([]);
    });
  });
});
