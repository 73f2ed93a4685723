import type { CommandIo } from './command-io.js';
import type { CommandSpec } from './option-specs.js';
import { ANALYZE_COMMAND } from './commands/analyze-spec.js';
import { TIMELINE_COMMAND } from './commands/timeline-spec.js';
import { PATTERNS_COMMAND } from './commands/patterns-spec.js';
import { DIFF_COMMAND } from './commands/diff-spec.js';
import { INDEX_COMMAND } from './commands/index-spec.js';
import { COMPLETION_COMMAND } from './commands/completion-spec.js';
import { BATCH_COMMAND } from './commands/batch-spec.js';
import { WORKER_COMMAND } from './commands/worker-spec.js';

/** A command: its spec (help, completion, man page) and what runs it. */
export interface Command extends CommandSpec {
  run(args: readonly string[], io: CommandIo): Promise<number>;
}

/**
 * Every command, the default one (`logsift <input>`) first. A new command is one entry: its spec (options with
 * descriptions, from a `-spec.ts` module that holds data only) and a `run` that imports the module doing the work
 * when the command runs — so `--version`, `--help` and every other command never load it (start-up would otherwise
 * pay for the whole pipeline, every renderer and SQLite; test/cli/lazy-commands.test.ts keeps it so).
 */
export const COMMANDS: readonly Command[] = [
  { ...ANALYZE_COMMAND, run: async (args, io) => (await import('./commands/analyze.js')).analyzeCommand(args, io) },
  { ...TIMELINE_COMMAND, run: async (args, io) => (await import('./commands/timeline.js')).timelineCommand(args, io) },
  { ...PATTERNS_COMMAND, run: async (args, io) => (await import('./commands/patterns.js')).patternsCommand(args, io) },
  { ...DIFF_COMMAND, run: async (args, io) => (await import('./commands/diff.js')).diffCommand(args, io) },
  { ...INDEX_COMMAND, run: async (args, io) => (await import('./commands/index.js')).indexCommand(args, io) },
  { ...BATCH_COMMAND, run: async (args, io) => (await import('./commands/batch.js')).batchCommand(args, io) },
  { ...WORKER_COMMAND, run: async (args, io) => (await import('./commands/worker.js')).workerCommand(args, io) },
  { ...COMPLETION_COMMAND, run: async (args, io) => (await import('./commands/completion.js')).completionCommand(args, io, COMMANDS) },
];

export function findCommand(word: string): Command | undefined {
  return COMMANDS.find((c) => c.name === word || c.aliases?.includes(word));
}
