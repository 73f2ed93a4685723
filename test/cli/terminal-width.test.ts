import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { terminalColumns } from '../../src/cli/terminal-width.js';
import { runCli } from './run-cli.js';

const plain = (text: string) => text.replace(/\u001b\[[0-9;]*m|\u001b\]8;;[^\u0007]*\u0007/g, '');

describe('terminal width', () => {
  it('takes the width the tty reports, else $COLUMNS, else none', () => {
    expect(terminalColumns({ columns: 120, env: { COLUMNS: '90' } })).toBe(120);
    expect(terminalColumns({ columns: 0, env: { COLUMNS: '90' } })).toBe(90);
    expect(terminalColumns({ columns: undefined, env: { COLUMNS: '72' } })).toBe(72);
    expect(terminalColumns({ columns: 0, env: { COLUMNS: 'wide' } })).toBeUndefined();
    expect(terminalColumns({ columns: 0, env: {} })).toBeUndefined();
  });

  it('lays the terminal report out to $COLUMNS when the pseudo-terminal reports 0 columns', async () => {
    const { status, stdout } = await runCli(['samples/k3s-power-loss.tgz'], { tty: true, columns: 0, env: { COLUMNS: '90' } });
    expect(status).toBe(0);
    const lines = plain(stdout).split('\n');
    const top = lines.find((l) => l.startsWith('╭'));
    expect(top && stringWidth(top)).toBe(90);
    for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(90);
  }, 120_000);
});
