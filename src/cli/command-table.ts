import type { CommandIo } from './command-io.js';
import type { CommandSpec } from './option-specs.js';
import { ANALYZE_COMMAND, analyzeCommand } from './commands/analyze.js';
import { TIMELINE_COMMAND, timelineCommand } from './commands/timeline.js';
import { PATTERNS_COMMAND, patternsCommand } from './commands/patterns.js';
import { COMPLETION_COMMAND, completionCommand } from './commands/completion.js';
import { DIFF_COMMAND, diffCommand } from './commands/diff.js';
import { INDEX_COMMAND, indexCommand } from './commands/index.js';
import { BATCH_COMMAND, batchCommand } from './commands/batch.js';
import { WORKER_COMMAND, workerCommand } from './commands/worker.js';

/** A command: its spec (help, completion, man page) and what runs it. */
export interface Command extends CommandSpec {
  run(args: readonly string[], io: CommandIo): Promise<number>;
}

/**
 * Every command, the default one (`logsift <input>`) first. A new command is one entry: its spec (options with
 * descriptions) and its function.
 */
export const COMMANDS: readonly Command[] = [
  { ...ANALYZE_COMMAND, run: analyzeCommand },
  { ...TIMELINE_COMMAND, run: timelineCommand },
  { ...PATTERNS_COMMAND, run: patternsCommand },
  { ...DIFF_COMMAND, run: diffCommand },
  { ...INDEX_COMMAND, run: indexCommand },
  { ...BATCH_COMMAND, run: batchCommand },
  { ...WORKER_COMMAND, run: workerCommand },
  { ...COMPLETION_COMMAND, run: (args, io) => completionCommand(args, io, COMMANDS) },
];

export function findCommand(word: string): Command | undefined {
  return COMMANDS.find((c) => c.name === word || c.aliases?.includes(word));
}
