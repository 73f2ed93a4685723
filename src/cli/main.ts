#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EXIT, UsageError } from './exit-codes.js';
import { processIo, type CommandIo } from './command-io.js';
import { toolVersion } from './tool-version.js';
import { sanitizeLines } from '../report/sanitize-text.js';

// Each command is imported when it runs: `--version` and `patterns list` do not pay for the analysis modules.
const analyze = (): Promise<typeof import('./commands/analyze.js')> => import('./commands/analyze.js');
const timeline = (): Promise<typeof import('./commands/timeline.js')> => import('./commands/timeline.js');
const patterns = (): Promise<typeof import('./commands/patterns.js')> => import('./commands/patterns.js');

const usage = async (): Promise<string> => `logsift ${toolVersion()} — offline log forensics for Kubernetes node bundles

Usage:
  logsift <bundle>... [options]            analyse: root cause, incidents, evidence, runbook
  logsift timeline <bundle>... [filters]   the merged timeline of every event
  logsift patterns list|show|test|lint     the signature library

Run "logsift <command> --help" for the options of each.

${(await analyze()).ANALYZE_HELP}`;

/** Runs one command line; returns the exit status. Never throws: errors become one line on stderr. */
export async function main(argv: readonly string[], rawIo: CommandIo = processIo()): Promise<number> {
  // Everything on stderr is for a terminal, and much of it quotes input (file names, reasons, warnings).
  const io: CommandIo = { ...rawIo, stderr: (text) => rawIo.stderr(sanitizeLines(text)) };
  const [first, ...rest] = argv;
  try {
    if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
      io.stdout(await usage());
      return first === undefined ? EXIT.usage : EXIT.ok;
    }
    if (first === '--version' || first === '-V') {
      io.stdout(`${toolVersion()}\n`);
      return EXIT.ok;
    }
    if (first === 'timeline') return await (await timeline()).timelineCommand(rest, io);
    if (first === 'patterns') return await (await patterns()).patternsCommand(rest, io);
    if (first === 'analyze' || first === 'analyse') return await (await analyze()).analyzeCommand(rest, io);
    return await (await analyze()).analyzeCommand(argv, io);
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
