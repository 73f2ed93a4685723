import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { buildTar, gzip, scratchDir, writeInput } from './fixtures.js';

/** What no plain-text sink may print raw: C0/C1 controls, line separators, bidi controls. */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
/** One of each family: 8-bit CSI, OSC and ST, right-to-left override, isolate, marks. */
const HOSTILE = '\u009b\u009d0;t\u009c\u202e\u2066\u200f\u061c';

describe('hostile names and text never reach a terminal raw', () => {
  it('timeline plain output shows hostile host, component, file names and messages visibly', async () => {
    const syslog = `Mar 14 14:25:31 evil${HOSTILE}host systemd[1]: k3s.service: Main process exited, code=exited, status=1/FAILURE ${HOSTILE}\n`;
    const tar = gzip(await buildTar([{ name: `bundle${HOSTILE}/var/log/syslog${HOSTILE}`, data: syslog }]));
    const input = writeInput(scratchDir(), 'hostile.tgz', tar);
    const run = await runCli(['timeline', input]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('evil');
    expect(run.stdout).toContain('\\u{202e}');
    expect(run.stdout).not.toMatch(UNSAFE);
    expect(run.stderr).not.toMatch(UNSAFE);
  });

  it('stderr lines for inputs that cannot be read quote their names visibly', async () => {
    const dir = scratchDir();
    const input = writeInput(dir, `unreadable${HOSTILE}.bin`, Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0, 0, 0x9b, 0]));
    for (const args of [[input], ['timeline', input]]) {
      const run = await runCli(args);
      expect(run.status).not.toBe(0);
      expect(run.stderr).toContain('unreadable');
      expect(run.stderr).toContain('\\u{9b}');
      expect(run.stderr).not.toMatch(UNSAFE);
    }
  });

  it('the text, markdown and HTML reports carry none of them', async () => {
    const syslog = Array.from({ length: 3 }, (_, i) => `Mar 14 14:2${i}:31 node-1 systemd[1]: k3s${HOSTILE}.service: Main process exited, code=exited, status=1/FAILURE ${HOSTILE}\n`).join('');
    const input = writeInput(scratchDir(), `syslog${HOSTILE}`, syslog);
    for (const format of ['text', 'md', 'html']) {
      const run = await runCli([input, '--format', format]);
      expect(run.stdout.length, format).toBeGreaterThan(0);
      expect(run.stdout, format).not.toMatch(UNSAFE);
      expect(run.stderr, format).not.toMatch(UNSAFE);
    }
  });

  it('patterns show prints a custom signature\'s hostile title and explanation visibly', async () => {
    // A shipped signature under another id, its title and explanation carrying 8-bit CSI/OSC/ST and bidi controls
    // (YAML double-quoted escapes, as a hostile --patterns file would write them).
    const shipped = readFileSync('patterns/systemd/systemd-job-timeout.yaml', 'utf8');
    const hostile = shipped
      .replace('id: systemd-job-timeout', 'id: hostile-job-timeout')
      .replace(/^title: .*$/m, 'title: "job timed out \\u009b31m\\u009d0;t\\u009c \\u202e\\u2066evil\\u200f\\u061c"')
      .replace(/^explanation: \|\n/m, 'explanation: |\n  Look \u202eaway\u009b2J now.\n')
      .replace(/^causes:\n.*\n/m, '');
    const dir = scratchDir();
    mkdirSync(join(dir, 'patterns'));
    writeFileSync(join(dir, 'patterns', 'hostile-job-timeout.yaml'), hostile);
    const run = await runCli(['patterns', 'show', 'hostile-job-timeout', '--patterns', join(dir, 'patterns')]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('job timed out');
    expect(run.stdout).toContain('\\u{202e}');
    expect(run.stdout).toContain('Look');
    expect(run.stdout).not.toMatch(UNSAFE);
    expect(run.stderr).not.toMatch(UNSAFE);
  });

  // README ("Text"): JSON keeps log text as found. JSON itself escapes C0 controls; C1 and bidi characters stay raw
  // in strings, and a consumer printing them must sanitise them.
  it('JSON outputs keep C1 and bidi characters of log text raw, C0 escaped, as the README says', async () => {
    const syslog = Array.from({ length: 3 }, (_, i) => `Mar 14 14:2${i}:31 node-1 systemd[1]: k3s.service: Main process exited, code=exited, status=1/FAILURE ${HOSTILE}\u0007\n`).join('');
    const input = writeInput(scratchDir(), 'syslog', syslog);
    const report = await runCli([input, '--format', 'json']);
    expect(report.status, report.stderr).toBe(0);
    expect(report.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    const evidence = (JSON.parse(report.stdout) as { incidents: { evidence: { text: string }[] }[] }).incidents.flatMap((i) => i.evidence.map((e) => e.text));
    expect(evidence.some((text) => text.includes(HOSTILE))).toBe(true);
    const timeline = await runCli(['timeline', '--json', input]);
    expect(timeline.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    const messages = timeline.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { message: string }).message);
    expect(messages.every((m) => m.includes(HOSTILE))).toBe(true);
  });
});
