import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const HEALTHY = 'samples/healthy-node.tgz';
const POWER_LOSS = 'samples/k3s-power-loss.tgz';
const work = mkdtempSync(path.join(tmpdir(), 'logsift-diff-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Group { fingerprint: string; signature: string; incidents: string[]; hosts: string[]; count: number }
let powerLoss: { incidents: { id: string; fingerprint: string }[]; rootCause: { fingerprint: string } };
const powerLossJson = path.join(work, 'power-loss.json');

beforeAll(async () => {
  const { status, stdout } = await runCli([POWER_LOSS, '--format', 'json']);
  expect(status).toBe(0);
  writeFileSync(powerLossJson, stdout);
  powerLoss = JSON.parse(stdout);
});

async function diffJson(...args: string[]) {
  const result = await runCli(['diff', ...args, '--format', 'json']);
  return { ...result, diff: result.stdout ? JSON.parse(result.stdout) : undefined };
}

describe('logsift diff', () => {
  it('lists the sample\'s incidents as new against a healthy node, exit 1, and as resolved the other way round', async () => {
    const forward = await diffJson(HEALTHY, POWER_LOSS);
    expect(forward.status, forward.stderr).toBe(1);
    const ids = (groups: Group[]) => groups.flatMap((g) => g.incidents).sort();
    expect(ids(forward.diff.incidents.new)).toEqual(powerLoss.incidents.map((i) => i.id).sort());
    expect(forward.diff.incidents.resolved).toEqual([]);
    expect(forward.diff.new.rootCause.fingerprint).toBe(powerLoss.rootCause.fingerprint);
    expect(forward.diff.old.rootCause).toBeNull();
    const backward = await diffJson(POWER_LOSS, HEALTHY);
    expect(backward.status).toBe(1);
    expect(ids(backward.diff.incidents.resolved)).toEqual(ids(forward.diff.incidents.new));
    expect(backward.diff.incidents.new).toEqual([]);
  });

  it('finds no difference between a report and itself, or a report and its bundle: exit 0', async () => {
    for (const [a, b] of [[powerLossJson, powerLossJson], [powerLossJson, POWER_LOSS]]) {
      const { status, diff, stderr } = await diffJson(a!, b!);
      expect(status, stderr).toBe(0);
      expect(diff.different).toBe(false);
      expect(diff.summary).toEqual({ newIncidents: 0, resolvedIncidents: 0, changedIncidents: 0, unchangedIncidents: 4, newUnrecognised: 0, resolvedUnrecognised: 0, rootCauseChanged: false });
    }
  });

  it('writes the documented JSON shape, keys in order', async () => {
    const { diff } = await diffJson(powerLossJson, HEALTHY);
    expect(Object.keys(diff)).toEqual(['diffSchemaVersion', 'different', 'summary', 'old', 'new', 'incidents', 'unrecognised']);
    expect(diff.diffSchemaVersion).toBe(1);
    expect(Object.keys(diff.old)).toEqual(['source', 'inputs', 'toolVersion', 'incidents', 'rootCause']);
    expect(diff.old.source).toEqual({ path: powerLossJson, kind: 'report' });
    expect(diff.new.source).toEqual({ path: HEALTHY, kind: 'bundle' });
    expect(Object.keys(diff.old.rootCause)).toEqual(['fingerprint', 'signature', 'incident', 'title', 'host', 'confidence']);
    expect(Object.keys(diff.incidents)).toEqual(['new', 'resolved', 'changed', 'unchanged']);
    expect(Object.keys(diff.incidents.resolved[0])).toEqual(['fingerprint', 'signature', 'title', 'severity', 'hosts', 'count', 'incidents', 'firstSeen', 'lastSeen']);
    expect(Object.keys(diff.unrecognised)).toEqual(['new', 'resolved']);
    expect(Object.keys(diff.unrecognised.resolved[0])).toEqual(['fingerprint', 'template', 'components', 'hosts', 'count']);
  });

  it('refuses a report from a newer logsift with one line on stderr, exit 3', async () => {
    const future = path.join(work, 'future.json');
    writeFileSync(future, readFileSync(powerLossJson, 'utf8').replace('"schemaVersion": 2', '"schemaVersion": 3'));
    const { status, stdout, stderr } = await runCli(['diff', future, POWER_LOSS]);
    expect(status).toBe(3);
    expect(stdout).toBe('');
    expect(stderr).toBe(`logsift: ${future}: report schemaVersion 3 is newer than this logsift reads (1–2); compare with a newer logsift, or pass the bundle instead\n`);
  });

  it('says what is wrong with a damaged report, and with a wrong number of inputs', async () => {
    const damaged = path.join(work, 'damaged.json');
    writeFileSync(damaged, readFileSync(powerLossJson, 'utf8').replace('"severity": "critical"', '"severity": "fatal"'));
    const bad = await runCli(['diff', damaged, powerLossJson]);
    expect(bad.status).toBe(3);
    expect(bad.stderr).toMatch(new RegExp(`^logsift: ${damaged.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not a logsift report: incidents\\[0\\]\\.severity: .+\\n$`));
    const one = await runCli(['diff', powerLossJson]);
    expect(one.status).toBe(2);
    expect(one.stderr).toBe('logsift: diff needs two inputs, OLD and NEW (each a --format json report or a bundle); got 1\n');
  });

  it('prints text and markdown a person can read, and writes -o FILE', async () => {
    const text = await runCli(['diff', HEALTHY, POWER_LOSS]);
    expect(text.stdout.split('\n')[0]).toMatch(/^logsift diff: 4 new, 0 resolved, 0 changed, 0 unchanged incidents; unrecognised errors: \d+ new, 0 resolved; root cause changed\.$/);
    expect(text.stdout).toMatch(/^  old  samples\/healthy-node\.tgz \(logsift [^)]+\): 0 incidents$/m);
    expect(text.stdout).toContain(powerLoss.rootCause.fingerprint);
    expect(text.stdout).toMatch(/^New incidents \(4\)$/m);
    const out = path.join(work, 'diff.md');
    const md = await runCli(['diff', POWER_LOSS, HEALTHY, '--format', 'md', '-o', out]);
    expect(md.status).toBe(1);
    const written = readFileSync(out, 'utf8');
    expect(written).toMatch(/^# logsift diff\n/);
    expect(written).toContain('## Resolved incidents (4)');
    expect(written).toContain(`\`${powerLoss.rootCause.fingerprint}\``);
  });
});
