import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

/** The tool's own diagnostics (`--verbose`): pino on stderr, prettified on a TTY; silent otherwise. */
export function createLogger(verbose: boolean): Logger {
  if (!verbose) return pino({ level: 'silent' });
  if (process.stderr.isTTY) {
    return pino({ level: 'debug' }, pretty({ destination: 2, colorize: true, sync: true, ignore: 'pid,hostname' }));
  }
  return pino({ level: 'debug' }, pino.destination({ dest: 2, sync: true }));
}
