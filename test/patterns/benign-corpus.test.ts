import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

const CORPUS = 'test/fixtures/benign/logs';
const ALARMING = new Set(['critical', 'error', 'warning']);

describe('the whole library over healthy start-up, upgrade and shutdown chatter (test/fixtures/benign)', () => {
  it('raises nothing at warning or above, and reads every line of every file', async () => {
    const { status, stdout, stderr } = await runCli([CORPUS, '--format', 'json']);
    expect(status, stderr).toBe(0);
    const report = JSON.parse(stdout) as {
      incidents: { severity: string; signature: string; evidence: { text: string }[] }[];
      files: { path: string; status: string; lines: number; unparsed: number }[];
    };
    const alarming = report.incidents.filter((i) => ALARMING.has(i.severity)).map((i) => `${i.signature}: ${i.evidence[0]?.text}`);
    expect(alarming).toEqual([]);
    // The corpus only protects what it really exercises: every file is read and every line parsed.
    expect(report.files.map((f) => f.path.split(/[:/]/).pop()).sort()).toEqual(readdirSync(CORPUS).sort());
    for (const file of report.files) {
      expect(file.status, file.path).toBe('parsed');
      expect(file.unparsed, file.path).toBe(0);
    }
  });
});
