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
});
