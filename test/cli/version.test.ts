import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('logsift --version', () => {
  it('prints the version package.json declares, which the JSON report also carries', async () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const printed = await runCli(['--version']);
    expect(printed).toMatchObject({ status: 0, stdout: `${version}\n` });
    const report = JSON.parse((await runCli(['samples/healthy-node.tgz', '--format', 'json'])).stdout);
    expect(report.tool).toEqual({ name: 'logsift', version });
  });

  it('prints usage and exits 2 without arguments, 0 with --help', async () => {
    const bare = await runCli([]);
    expect(bare.status).toBe(2);
    expect(bare.stdout).toContain('Usage:');
    expect((await runCli(['--help'])).status).toBe(0);
    expect((await runCli(['timeline', '--help'])).stdout).toContain('--min-level');
    expect((await runCli(['patterns', 'help'])).stdout).toContain('lint');
  });
});
