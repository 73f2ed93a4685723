import { EXIT, UsageError } from '../exit-codes.js';
import type { CommandIo } from '../command-io.js';
import { completionScript, SHELLS, type Shell } from '../completion-scripts.js';
import { commandHelp, nearestWord, parseCommandLine, type CommandSpec } from '../option-specs.js';
import { COMPLETION_COMMAND, COMPLETION_OPTIONS } from './completion-spec.js';

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
