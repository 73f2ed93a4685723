import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

interface Expected {
  readonly rootCause: string | null;
  readonly chain: readonly string[];
  readonly incidents: readonly string[];
  readonly hosts: readonly string[];
}

const SAMPLES = 'samples';
const scenarios = existsSync(SAMPLES)
  ? readdirSync(SAMPLES).filter((f) => f.endsWith('.expected.json')).map((f) => f.replace(/\.expected\.json$/, '')).sort()
  : [];

describe('shipped samples, end to end', () => {
  it('ships archives built from the readable sources in samples/src (the generator finds nothing stale)', () => {
    expect(() => execFileSync(process.execPath, ['samples/build-samples.mjs', '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('ships the README demo bundle and at least six scenarios', () => {
    expect(existsSync('samples/k3s-power-loss.tgz')).toBe(true);
    expect(scenarios.length).toBeGreaterThanOrEqual(6);
  });

  describe.each(scenarios)('%s', (scenario) => {
    const expected = JSON.parse(readFileSync(`${SAMPLES}/${scenario}.expected.json`, 'utf8')) as Expected;
    const bundle = `${SAMPLES}/${scenario}.tgz`;

    it('finds the expected incidents, chain and root cause', async () => {
      const { status, stdout, stderr } = await runCli([bundle, '--format', 'json']);
      expect(status, stderr).toBe(0);
      const report = JSON.parse(stdout);
      expect(report.schemaVersion).toBe(2);
      const signatures = new Set(report.incidents.map((i: { signature: string }) => i.signature));
      for (const id of expected.incidents) expect([...signatures], `incident ${id}`).toContain(id);
      expect(report.hosts).toEqual(expect.arrayContaining([...expected.hosts]));
      if (expected.rootCause === null) {
        expect(report.rootCause).toBeNull();
      } else {
        expect(report.rootCause?.signature).toBe(expected.rootCause);
        const chainSignatures = report.rootCause.chain.map((id: string) => id.split('@')[0]);
        expect(chainSignatures).toEqual(expect.arrayContaining([...expected.chain]));
        const byId = new Map(report.incidents.map((i: { id: string }) => [i.id, i]));
        for (const id of report.rootCause.chain) expect(byId.has(id), `chain member ${id} is an incident`).toBe(true);
      }
      // Every file of the bundle is accounted for, and line counts add up.
      for (const file of report.files) {
        expect(['parsed', 'skipped', 'error']).toContain(file.status);
        expect(file.lines).toBe(file.parsed + file.unparsed);
      }
    });

    it('gives byte-identical JSON on a second run', async () => {
      const a = await runCli([bundle, '--format', 'json']);
      const b = await runCli([bundle, '--format', 'json']);
      expect(a.stdout).toBe(b.stdout);
    });
  });
});
