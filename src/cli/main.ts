#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { EXIT, UsageError } from './exit-codes.js';
import { processIo, type CommandIo } from './command-io.js';
import { toolVersion } from './tool-version.js';
import { sanitizeLines } from '../report/sanitize-text.js';
import { COMMANDS, findCommand } from './command-table.js';
import { commandHelp, nearestWord, wrap } from './option-specs.js';

/** The widest usage whose command summary still starts on its line in `logsift --help`. */
const USAGE_COLUMN = 36;

/** `logsift --help`: the commands, then the default command's options. */
export function rootHelp(): string {
  const [fallback, ...named] = COMMANDS;
  const rows = [fallback!, ...named].map((c): [string, string] => [c.usage[0]!.replace(/ \[options\]$/, ''), c.summary]);
  // The summaries start in one column; a usage too long for it has its summary on the lines below, so one long
  // usage line cannot squeeze every summary into a column a word wide.
  const width = Math.min(Math.max(...rows.map(([u]) => u.length)), USAGE_COLUMN) + 4;
  const indent = ' '.repeat(width + 2);
  return [
    `logsift ${toolVersion()} — offline log forensics for Kubernetes node bundles`,
    '',
    'Usage:',
    ...rows.flatMap(([usage, summary]) =>
      usage.length > USAGE_COLUMN ? [`  ${usage}`, ...wrap(summary, 100, indent)] : wrap(summary, 100, indent, `  ${usage.padEnd(width)}`)),
    '  logsift --version',
    '',
    'Run "logsift <command> --help" for the options of each. Without a command, analyze runs:',
    '',
    commandHelp(fallback!),
  ].join('\n');
}

/** Runs one command line; returns the exit status. Never throws: errors become one line on stderr. */
export async function main(argv: readonly string[], rawIo: CommandIo = processIo()): Promise<number> {
  // Everything on stderr is for a terminal, and much of it quotes input (file names, reasons, warnings).
  const io: CommandIo = { ...rawIo, stderr: (text) => rawIo.stderr(sanitizeLines(text)) };
  const [first, ...rest] = argv;
  try {
    if (first === undefined || first === '--help' || first === '-h') {
      io.stdout(rootHelp());
      return first === undefined ? EXIT.usage : EXIT.ok;
    }
    if (first === 'help') {
      const topic = rest[0] === undefined ? undefined : findCommand(rest[0]);
      if (rest[0] !== undefined && !topic) throw new UsageError(unknownCommand(rest[0]));
      io.stdout(topic ? commandHelp(topic) : rootHelp());
      return EXIT.ok;
    }
    if (first === '--version' || first === '-V') {
      io.stdout(`${toolVersion()}\n`);
      return EXIT.ok;
    }
    const command = findCommand(first);
    if (command) return await command.run(rest, io);
    // A bare word that is no file is a mistyped (or not yet existing) command, not a missing bundle.
    if (/^[a-z][a-z-]*$/i.test(first) && !existsSync(first)) throw new UsageError(unknownCommand(first));
    return await COMMANDS[0]!.run(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`logsift: ${error.message}\n`);
      return EXIT.usage;
    }
    // A bug, not bad input: one line asking for a report, the stack only with --verbose.
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    const verbose = argv.includes('--verbose') || argv.includes('-v');
    io.stderr(`logsift: internal error: ${message} — this is a bug in logsift; please report it with the command line${verbose ? '' : ' (run with --verbose for the stack)'}\n`);
    if (verbose && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return EXIT.internalError;
  }
}

function unknownCommand(word: string): string {
  const names = COMMANDS.flatMap((c) => [c.name, ...(c.aliases ?? [])]);
  const near = nearestWord(word, names);
  return `no such file or command "${word}"${near ? ` (did you mean ${near}?)` : ''}; commands: ${COMMANDS.map((c) => c.name).join(', ')}; run "logsift --help"`;
}

function invokedDirectly(): boolean {
  try {
    return realpathSync(process.argv[1] ?? '') === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  process.on('SIGPIPE', () => process.exit(0));
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
  });
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
