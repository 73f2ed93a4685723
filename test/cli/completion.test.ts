import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/command-table.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { runCli } from './run-cli.js';

describe('logsift completion bash|zsh|fish', () => {
  it.each(['bash', 'zsh', 'fish'])('the %s script names every command, sub-command and flag', async (shell) => {
    const { status, stdout } = await runCli(['completion', shell]);
    expect(status).toBe(EXIT.ok);
    for (const command of COMMANDS) {
      expect(stdout, command.name).toContain(command.name);
      for (const sub of command.subcommands ?? []) expect(stdout, `${command.name} ${sub.name}`).toContain(sub.name);
      for (const [name, spec] of Object.entries(command.options)) {
        // fish names long options without dashes (-l since), the others with them.
        expect(stdout, `${command.name} --${name}`).toContain(shell === 'fish' ? `-l ${name}` : `--${name}`);
        for (const alias of spec.aliases ?? []) expect(stdout).toContain(shell === 'fish' ? `-l ${alias}` : `--${alias}`);
      }
    }
  });

  it('an unknown shell is a usage error with a guess', async () => {
    const { status, stderr } = await runCli(['completion', 'bahs']);
    expect(status).toBe(EXIT.usage);
    expect(stderr).toMatch(/no shell "bahs" \(did you mean bash\?\)/);
  });

  /** Runs the bash script's function on a command line typed so far; returns what it offers. */
  function complete(script: string, words: string[]): string[] {
    const dir = mkdtempSync(join(tmpdir(), 'logsift-completion-'));
    const file = join(dir, 'logsift.bash');
    writeFileSync(file, script);
    const program = [
      `source ${JSON.stringify(file)}`,
      `COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')})`,
      `COMP_CWORD=${words.length - 1}`,
      '_logsift',
      'printf "%s\\n" "${COMPREPLY[@]}"',
    ].join('\n');
    return execFileSync('bash', ['-c', program], { cwd: dir, encoding: 'utf8' }).split('\n').filter(Boolean);
  }

  it('the bash script completes commands, each command\'s own flags, and option values', async () => {
    const script = (await runCli(['completion', 'bash'])).stdout;
    execFileSync('bash', ['-n'], { input: script });
    expect(complete(script, ['logsift', 'tim'])).toEqual(['timeline']);
    expect(complete(script, ['logsift', 'timeline', 'x.tgz', '--ded'])).toEqual(['--dedupe']);
    expect(complete(script, ['logsift', 'x.tgz', '--ded'])).toEqual([]);
    expect(complete(script, ['logsift', 'x.tgz', '--min-'])).toEqual(['--min-severity', '--min-level']);
    expect(complete(script, ['logsift', 'x.tgz', '--format', ''])).toEqual(['text', 'md', 'json', 'html']);
    expect(complete(script, ['logsift', 'timeline', '--format', ''])).toEqual(['text', 'json']);
    expect(complete(script, ['logsift', 'patterns', ''])).toEqual(['list', 'show', 'test', 'lint', 'new']);
    expect(complete(script, ['logsift', 'completion', 'z'])).toEqual(['zsh']);
  });
});
