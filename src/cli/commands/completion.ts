import { EXIT, UsageError } from '../exit-codes.js';
import type { CommandIo } from '../command-io.js';
import { completionScript, SHELLS, type Shell } from '../completion-scripts.js';
import { commandHelp, nearestWord, parseCommandLine, type CommandSpec, type OptionSpecs } from '../option-specs.js';

export const COMPLETION_OPTIONS = {
  help: { type: 'boolean', short: 'h', description: 'this help' },
} as const satisfies OptionSpecs;

export const COMPLETION_COMMAND: CommandSpec = {
  name: 'completion',
  summary: 'a shell completion script for bash, zsh or fish',
  usage: ['logsift completion bash|zsh|fish'],
  description: 'Prints the script on stdout. bash: source <(logsift completion bash). zsh: source <(logsift completion zsh), or save it as _logsift in your $fpath. fish: logsift completion fish > ~/.config/fish/completions/logsift.fish.',
  subcommands: [
    { name: 'bash', summary: 'bash 4+ (bash-completion not required)' },
    { name: 'zsh', summary: 'zsh, via compdef' },
    { name: 'fish', summary: 'fish 3+' },
  ],
  options: COMPLETION_OPTIONS,
};

/** `logsift completion <shell>`; the command list comes from the caller (it includes this command). */
export async function completionCommand(args: readonly string[], io: CommandIo, commands: readonly CommandSpec[]): Promise<number> {
  const { values, positionals } = parseCommandLine(args, COMPLETION_OPTIONS, 'completion');
  const shell = positionals[0];
  if (values.help || shell === undefined) {
    io.stdout(commandHelp(COMPLETION_COMMAND));
    return values.help ? EXIT.ok : EXIT.usage;
  }
  if (!(SHELLS as readonly string[]).includes(shell)) {
    const near = nearestWord(shell, SHELLS);
    throw new UsageError(`completion: no shell "${shell}"${near ? ` (did you mean ${near}?)` : ''}: bash, zsh or fish`);
  }
  io.stdout(completionScript(shell as Shell, commands));
  return EXIT.ok;
}
