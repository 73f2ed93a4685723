import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/command-table.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { runCli } from './run-cli.js';

const TWO_NODE = 'samples/two-node.tgz';
const HEALTHY = 'samples/healthy-node.tgz';

describe('unknown options and commands', () => {
  it('an unknown flag is one line with the nearest option and the command\'s --help, usage exit', async () => {
    const { status, stdout, stderr } = await runCli([TWO_NODE, '--hots', 'k3s-worker-a']);
    expect(status).toBe(EXIT.usage);
    expect(stdout).toBe('');
    expect(stderr).toBe('logsift: unknown option --hots (did you mean --host?); run "logsift analyze --help" for the options\n');
    const timeline = await runCli(['timeline', TWO_NODE, '--sinse', '2025-07-08']);
    expect(timeline.status).toBe(EXIT.usage);
    expect(timeline.stderr).toBe('logsift: unknown option --sinse (did you mean --since?); run "logsift timeline --help" for the options\n');
  });

  it('a flag nothing is near gets the --help hint without a guess', async () => {
    const { status, stderr } = await runCli([TWO_NODE, '--frobnicate']);
    expect(status).toBe(EXIT.usage);
    expect(stderr).toBe('logsift: unknown option --frobnicate; run "logsift analyze --help" for the options\n');
  });

  it('a bare word that is neither a command nor a file is not read as a missing bundle', async () => {
    const { status, stdout, stderr } = await runCli(['compare', TWO_NODE, HEALTHY]);
    expect(status).toBe(EXIT.usage);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^logsift: no such file or command "compare"/);
    const diff = await runCli(['dif', TWO_NODE, HEALTHY]);
    expect(diff.stderr).toMatch(/^logsift: no such file or command "dif" \(did you mean diff\?\)/);
    const typo = await runCli(['timelnie', TWO_NODE]);
    expect(typo.stderr).toMatch(/^logsift: no such file or command "timelnie" \(did you mean timeline\?\)/);
  });

  it('relative times with standard input, and an --until before --since, are usage errors', async () => {
    const stdin = await runCli(['-', '--since', '-1h']);
    expect(stdin.status).toBe(EXIT.usage);
    expect(stdin.stderr).toMatch(/^logsift: --since "-1h" counts from the input's last event, which standard input cannot tell ahead/);
    const reversed = await runCli([TWO_NODE, '--since', 'today', '--until', 'yesterday']);
    expect(reversed.status).toBe(EXIT.usage);
    expect(reversed.stderr).toBe('logsift: --until (2025-07-07T00:00:00.000Z) is before --since (2025-07-08T00:00:00.000Z)\n');
  });

  it('a missing value says which value', async () => {
    const { status, stderr } = await runCli([TWO_NODE, '--since']);
    expect(status).toBe(EXIT.usage);
    expect(stderr).toMatch(/^logsift: --since needs a value \(TIME\)/);
  });
});

describe('help from the option specs', () => {
  it.each(COMMANDS.map((c) => c.name))('"logsift %s --help" lists every option of the command', async (name) => {
    const command = COMMANDS.find((c) => c.name === name)!;
    const { status, stdout } = await runCli([name, '--help']);
    expect(status).toBe(EXIT.ok);
    expect(stdout).toMatch(new RegExp(`^Usage: logsift`));
    for (const option of Object.keys(command.options)) expect(stdout, option).toContain(`--${option}`);
  });

  it('"logsift patterns --help" and "logsift help timeline" work', async () => {
    const patterns = await runCli(['patterns', '--help']);
    expect(patterns.status).toBe(EXIT.ok);
    expect(patterns.stdout).toContain('lint');
    const help = await runCli(['help', 'timeline']);
    expect(help.status).toBe(EXIT.ok);
    expect(help.stdout).toContain('--dedupe');
  });

  it('"logsift --help" names every command and the exit statuses', async () => {
    const { status, stdout } = await runCli(['--help']);
    expect(status).toBe(EXIT.ok);
    for (const command of COMMANDS.slice(1)) expect(stdout).toContain(`logsift ${command.name}`);
    expect(stdout).toMatch(/Exit status:[\s\S]*\b4 +the filters matched nothing[\s\S]*\b70 +internal error/);
  });

  it('"logsift --help" keeps each command\'s summary readable: within 100 columns, never a word a line', async () => {
    const { stdout } = await runCli(['--help']);
    const commandList = stdout.slice(stdout.indexOf('Usage:'), stdout.indexOf('logsift --version'));
    for (const line of commandList.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
    expect(commandList).toMatch(/^ {2}logsift timeline <input>\.\.\. +the merged timeline/m);
    expect(commandList).toMatch(/^ {2}logsift batch <DIR\|MANIFEST> -o OUTDIR\n {8,}one report per bundle of a folder or manifest/m);
  });
});

describe('output options on every command that writes a report', () => {
  it('-o x.html writes HTML, -o x.md Markdown, -o x.json JSON; --format wins over the extension', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logsift-out-'));
    for (const [name, check] of [
      ['report.html', (t: string) => expect(t).toMatch(/^<!DOCTYPE html>/i)],
      ['report.htm', (t: string) => expect(t).toMatch(/^<!DOCTYPE html>/i)],
      ['report.md', (t: string) => expect(t).toMatch(/^## Report$/m)],
      ['report.json', (t: string) => expect(JSON.parse(t).schemaVersion).toBe(2)],
      ['report.txt', (t: string) => expect(t).toMatch(/^logsift \S+ report$/m)],
    ] as const) {
      const file = join(dir, name);
      const { status, stdout } = await runCli([TWO_NODE, '-o', file, '-q']);
      expect(status, name).toBe(EXIT.ok);
      expect(stdout).toBe('');
      check(readFileSync(file, 'utf8'));
    }
    const forced = join(dir, 'forced.html');
    await runCli([TWO_NODE, '-o', forced, '--format', 'md', '-q']);
    expect(readFileSync(forced, 'utf8')).toMatch(/^## Report$/m);
  });

  it('--json is --format json, on analyze and timeline', async () => {
    const analyze = await runCli([TWO_NODE, '--json']);
    expect(JSON.parse(analyze.stdout).schemaVersion).toBe(2);
    const timeline = await runCli(['timeline', TWO_NODE, '--format', 'json']);
    expect(JSON.parse(timeline.stdout.split('\n')[0]!).origin).toBeDefined();
    const conflict = await runCli([TWO_NODE, '--json', '--format', 'md']);
    expect(conflict.status).toBe(EXIT.usage);
  });

  it('timeline takes the README\'s common options: -o, --format, --tz, --include, --min-severity and its alias --min-level', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logsift-tl-'));
    const file = join(dir, 'events.json');
    const { status } = await runCli(['timeline', TWO_NODE, '-o', file, '--tz', 'UTC', '--include', '**/*', '--min-severity', 'warning', '-q']);
    expect(status).toBe(EXIT.ok);
    const events = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { severity: string });
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => ['warning', 'error', 'critical'].includes(e.severity))).toBe(true);
    const alias = await runCli(['timeline', TWO_NODE, '--json', '--min-level', 'warning']);
    expect(alias.stdout.trim().split('\n')).toHaveLength(events.length);
    const html = await runCli(['timeline', TWO_NODE, '-o', join(dir, 't.html')]);
    expect(html.status).toBe(EXIT.usage);
    expect(html.stderr).toMatch(/timeline writes text or json/);
  });
});

describe('filters that match nothing, and inputs that are not there', () => {
  it('--host nosuchhost fails (exit 4) naming the hosts present; a host matches whatever its case', async () => {
    const none = await runCli([TWO_NODE, '--host', 'nosuchhost']);
    expect(none.status).toBe(EXIT.filteredOut);
    expect(none.stdout).toBe('');
    expect(none.stderr).toBe('logsift: --host nosuchhost: no such host in the input; hosts present: k3s-server-b, k3s-worker-a\n');
    const timeline = await runCli(['timeline', TWO_NODE, '--host', 'nosuchhost']);
    expect(timeline.status).toBe(EXIT.filteredOut);
    expect(timeline.stderr).toContain('hosts present: k3s-server-b, k3s-worker-a');
    const upper = await runCli(['timeline', TWO_NODE, '--host', 'K3S-WORKER-A', '--json']);
    const hosts = new Set(upper.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { host: string }).host));
    expect([...hosts]).toEqual(['k3s-worker-a']);
  });

  it('a --since after the logs end fails (exit 4) with the input\'s span', async () => {
    const { status, stderr } = await runCli([TWO_NODE, '--since', '2026-01-01']);
    expect(status).toBe(EXIT.filteredOut);
    expect(stderr).toMatch(/^logsift: no event since 2026-01-01T00:00:00.000Z: the input spans 2025-07-01T\S+ → 2025-07-08T15:58:12.000Z\n$/);
  });

  it('an input missing among several is named, and nothing is analysed (exit 3)', async () => {
    const { status, stdout, stderr } = await runCli([TWO_NODE, 'no/such/second.tgz']);
    expect(status).toBe(EXIT.noInput);
    expect(stdout).toBe('');
    expect(stderr).toContain('logsift: no/such/second.tgz: no such file or directory\n');
  });

  it('a folder without a single log line says so (exit 3) instead of "No incidents found"', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logsift-notes-'));
    writeFileSync(join(dir, 'notes.txt'), 'remember to rotate the certificates\nask about the new node\n');
    writeFileSync(join(dir, 'values.json'), JSON.stringify({ replicas: 3, image: 'nginx' }, null, 2));
    const { status, stdout, stderr } = await runCli([dir]);
    expect(status).toBe(EXIT.noInput);
    expect(stdout).not.toContain('No incidents found');
    expect(stderr).toMatch(/^logsift: no logs found: 2 file\(s\) read .*none in a log format or with a single timestamp/);
  });

  it('a pasted excerpt without times whose lines a signature knows is analysed, even below its threshold', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logsift-pasted-'));
    const excerpt = join(dir, 'pasted.txt');
    writeFileSync(excerpt, 'Failed to list *v1.Pod: Get "https://10.0.0.11:6443/api/v1/pods?limit=500": dial tcp 10.0.0.11:6443: connect: connection refused\n');
    const { status, stdout, stderr } = await runCli([excerpt, '--json']);
    expect(status, stderr).toBe(EXIT.ok);
    const report = JSON.parse(stdout) as { incidents: unknown[]; observations: { signature: string }[] };
    expect(report.incidents).toEqual([]);
    expect(report.observations.map((o) => o.signature)).toEqual(['apiserver-unreachable']);
  });

  it('a pasted failure line no signature knows is listed as unrecognised, not answered with "no logs found"', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logsift-pasted-'));
    const excerpt = join(dir, 'pasted.txt');
    writeFileSync(excerpt, 'Failed to start frobnicator: widget calibration refused by controller\n');
    const { status, stdout, stderr } = await runCli([excerpt, '--json']);
    expect(status, stderr).toBe(EXIT.ok);
    const report = JSON.parse(stdout) as { incidents: unknown[]; unrecognised: { template: string }[] };
    expect(report.incidents).toEqual([]);
    expect(report.unrecognised.map((u) => u.template).join('\n')).toContain('widget calibration refused');
  });
});

describe('the report names its filters', () => {
  it('with --since the header shows the filter and the filtered span, in every format', async () => {
    const text = await runCli([TWO_NODE, '--since', '-1h']);
    expect(text.status).toBe(EXIT.ok);
    expect(text.stdout).toContain('  time span  2025-07-08T14:58:12.000Z → 2025-07-08T15:58:12.000Z (1h)\n');
    expect(text.stdout).toContain('  filters    since 2025-07-08T14:58:12.000Z; events outside the window were not analysed\n');
    const json = JSON.parse((await runCli([TWO_NODE, '--since', '1 hour ago', '--host', 'K3S-WORKER-A', '--json'])).stdout);
    expect(json.filters).toEqual({ since: '2025-07-08T14:58:12.000Z', until: null, hosts: ['K3S-WORKER-A'], minSeverity: null });
    expect(json.timeRange.start).toBe('2025-07-08T14:58:12.000Z');
    expect((await runCli([TWO_NODE, '--since', '-1h', '--format', 'md'])).stdout).toContain('- **Filters:** since 2025-07-08T14:58:12.000Z');
    expect((await runCli([TWO_NODE, '--since', '-1h', '--format', 'html'])).stdout).toContain('<dt>Filters</dt><dd>since 2025-07-08T14:58:12.000Z');
  });

  it('warns when --since cuts the chain\'s start: the unclean shutdown before the window no longer explains the failure', async () => {
    const whole = JSON.parse((await runCli(['samples/k3s-power-loss.tgz', '--json'])).stdout);
    expect(whole.rootCause.chain[0]).toMatch(/^node-unclean-shutdown@/);
    const cut = JSON.parse((await runCli(['samples/k3s-power-loss.tgz', '--json', '--since', '2025-03-14 14:25:15'])).stdout);
    expect(cut.rootCause.chain.some((id: string) => id.startsWith('node-unclean-shutdown@'))).toBe(false);
    const edge = cut.warnings.filter((w: { code: string }) => w.code === 'filter.window-edge');
    expect(edge).toHaveLength(1);
    expect(edge[0].title).toMatch(/chain starts at 2025-03-14T14:25:15\.\d+Z, within 10 minutes of --since \(2025-03-14T14:25:15\.000Z\)/);
    const wide = JSON.parse((await runCli(['samples/k3s-power-loss.tgz', '--json', '--since', '2025-03-14 14:00'])).stdout);
    expect(wide.rootCause.chain[0]).toMatch(/^node-unclean-shutdown@/);
    expect(wide.warnings.some((w: { code: string }) => w.code === 'filter.window-edge')).toBe(false);
    expect(whole.warnings.some((w: { code: string }) => w.code === 'filter.window-edge')).toBe(false);
  });

  it('without filters the JSON report has no filters key (the samples\' expected reports are unchanged)', async () => {
    expect(JSON.parse((await runCli([TWO_NODE, '--json'])).stdout)).not.toHaveProperty('filters');
  });

  it('--min-severity above info leaves out the below-threshold observations; the root cause chain stays whole', async () => {
    const all = JSON.parse((await runCli([TWO_NODE, '--json'])).stdout);
    expect(all.observations.length).toBeGreaterThan(0);
    const errors = JSON.parse((await runCli([TWO_NODE, '--json', '--min-severity', 'critical'])).stdout);
    expect(errors.observations).toEqual([]);
    expect(errors.incidents.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining(all.rootCause.chain));
    expect(errors.filters.minSeverity).toBe('critical');
  });
});
