import { createRequire } from 'node:module';
import { pino, type Logger } from 'pino';
import type prettyFactory from 'pino-pretty';

// pino-pretty is loaded only for `--verbose` on a terminal: every other run would pay its start-up for nothing.
const requireModule = createRequire(import.meta.url);

/**
 * The tool's own diagnostics (`--verbose`): pino on stderr, prettified on a TTY; silent otherwise. `beforeWrite` runs
 * before every diagnostic is written (the progress line erases itself there, so they never share a line).
 */
export function createLogger(verbose: boolean, beforeWrite: () => void = () => {}): Logger {
  if (!verbose) return pino({ level: 'silent' });
  const hooks = {
    logMethod(this: Logger, args: Parameters<Logger['debug']>, method: Logger['debug']): void {
      beforeWrite();
      method.apply(this, args);
    },
  };
  if (process.stderr.isTTY) {
    const pretty = requireModule('pino-pretty') as typeof prettyFactory;
    return pino({ level: 'debug', hooks }, pretty({ destination: 2, colorize: true, sync: true, ignore: 'pid,hostname' }));
  }
  return pino({ level: 'debug', hooks }, pino.destination({ dest: 2, sync: true }));
}
