#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyzeCommand, ANALYZE_HELP } from './commands/analyze.js';
import { timelineCommand } from './commands/timeline.js';
import { patternsCommand } from './commands/patterns.js';
import { diffCommand } from './commands/diff.js';
import { indexCommand } from './commands/index.js';
import { EXIT, UsageError } from './exit-codes.js';
import { processIo, type CommandIo } from './command-io.js';
import { toolVersion } from './tool-version.js';
import { sanitizeLines } from '../report/index.js';

const USAGE = `logsift ${toolVersion()} — offline log forensics for Kubernetes node bundles

Usage:
  logsift <bundle>... [options]            analyse: root cause, incidents, evidence, runbook
  logsift timeline <bundle>... [filters]   the merged timeline of every event
  logsift patterns list|show|test|lint     the signature library
  logsift diff OLD NEW                     compare two reports or bundles: new, resolved, changed incidents
  logsift index add|search                 the known-incident index: which ticket handled this before

Run "logsift <command> --help" for the options of each.

${ANALYZE_HELP}`;

/** Runs one command line; returns the exit status. Never throws: errors become one line on stderr. */
export async function main(argv: readonly string[], rawIo: CommandIo = processIo()): Promise<number> {
  // Everything on stderr is for a terminal, and much of it quotes input (file names, reasons, warnings).
  const io: CommandIo = { ...rawIo, stderr: (text) => rawIo.stderr(sanitizeLines(text)) };
  const [first, ...rest] = argv;
  try {
    if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
      io.stdout(USAGE);
      return first === undefined ? EXIT.usage : EXIT.ok;
    }
    if (first === '--version' || first === '-V') {
      io.stdout(`${toolVersion()}\n`);
      return EXIT.ok;
    }
    if (first === 'timeline') return await timelineCommand(rest, io);
    if (first === 'patterns') return await patternsCommand(rest, io);
    if (first === 'diff') return await diffCommand(rest, io);
    if (first === 'index') return await indexCommand(rest, io);
    if (first === 'analyze' || first === 'analyse') return await analyzeCommand(rest, io);
    return await analyzeCommand(argv, io);
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
