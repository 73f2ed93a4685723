import { createRequire } from 'node:module';
import type { Logger } from 'pino';
import type prettyFactory from 'pino-pretty';

// pino (and pino-pretty on a terminal) load only for `--verbose`: every other run would pay their start-up for nothing.
const requireModule = createRequire(import.meta.url);

/** What the commands log: one debug record with its fields and a message. */
export interface DiagnosticsLogger {
  debug(fields: Record<string, unknown>, message: string): void;
}

const SILENT: DiagnosticsLogger = { debug: () => undefined };

/** The tool's own diagnostics (`--verbose`): pino on stderr, prettified on a TTY; silent otherwise. */
export function createLogger(verbose: boolean): DiagnosticsLogger {
  if (!verbose) return SILENT;
  const { pino } = requireModule('pino') as typeof import('pino');
  let logger: Logger;
  if (process.stderr.isTTY) {
    const pretty = requireModule('pino-pretty') as typeof prettyFactory;
    logger = pino({ level: 'debug' }, pretty({ destination: 2, colorize: true, sync: true, ignore: 'pid,hostname' }));
  } else logger = pino({ level: 'debug' }, pino.destination({ dest: 2, sync: true }));
  return logger;
}
