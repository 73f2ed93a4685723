import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { EXIT } from '../../src/cli/exit-codes.js';

/** A command whose output cannot be written (a failure logsift does not expect) is an internal error. */
async function runWithBrokenOutput(args: readonly string[]): Promise<{ status: number; stderr: string }> {
  let stderr = '';
  const status = await main(args, {
    stdout: () => {
      throw new TypeError('stdout went away\n  second line of the message');
    },
    stderr: (text) => { stderr += text; },
    stdoutIsTTY: false,
    stderrIsTTY: false,
    env: {},
    columns: 100,
  });
  return { status, stderr };
}

describe('internal errors', () => {
  it('exit with their own status (70, not 3: no input could be read) and one line asking for a bug report', async () => {
    const { status, stderr } = await runWithBrokenOutput(['--version']);
    expect(status).toBe(EXIT.internalError);
    expect(status).toBe(70);
    expect(status).not.toBe(EXIT.noInput);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^logsift: internal error: stdout went away — this is a bug in logsift; please report it/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('print the stack only under --verbose', async () => {
    const { status, stderr } = await runWithBrokenOutput(['timeline', '--help', '--verbose']);
    expect(status).toBe(70);
    expect(stderr.split('\n')[0]).toMatch(/^logsift: internal error: stdout went away/);
    expect(stderr).toMatch(/\n\s+at /);
  });
});
