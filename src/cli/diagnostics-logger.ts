import { createRequire } from 'node:module';
import type { Logger, LoggerOptions } from 'pino';
import type prettyFactory from 'pino-pretty';
import { sanitizeText } from '../report/sanitize-text.js';

// pino (and pino-pretty on a terminal) load only for `--verbose`: every other run would pay their start-up for nothing.
const requireModule = createRequire(import.meta.url);

/** Depth to which logged objects are sanitised; diagnostics are flat records. */
const MAX_DEPTH = 4;

function sanitizeValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return sanitizeText(value);
  if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => sanitizeValue(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [sanitizeText(key), sanitizeValue(item, depth + 1)]));
}

/**
 * Diagnostics quote input (file names, reasons): every string goes through the report's sanitiser before pino
 * writes it, so `--verbose` cannot pass terminal controls or bidi characters to stderr — prettified on a TTY or as
 * JSON lines (where JSON would escape C0 controls but leave C1 and bidi characters raw).
 */
const SANITISED: Pick<LoggerOptions, 'formatters'> = {
  formatters: {
    log: (object) => sanitizeValue(object, 0) as Record<string, unknown>,
  },
};

/** Where diagnostics go: stderr by default; tests pass a stream. */
export interface LogSink {
  readonly stream: NodeJS.WritableStream;
  readonly isTTY: boolean;
}

export interface LoggerSettings {
  /** Runs before every diagnostic is written (the progress line erases itself there, so they never share a line). */
  readonly beforeWrite?: () => void;
  readonly sink?: LogSink;
}

/** What the commands log with: pino's methods, so a verbose run hands them to pino as they are. */
export type DiagnosticsLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

const SILENT: DiagnosticsLogger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** The tool's own diagnostics (`--verbose`): pino on stderr, prettified on a TTY; silent (and pino not loaded) otherwise. */
export function createLogger(verbose: boolean, { beforeWrite = () => {}, sink }: LoggerSettings = {}): DiagnosticsLogger {
  if (!verbose) return SILENT;
  const { pino } = requireModule('pino') as typeof import('pino');
  const options: LoggerOptions = {
    level: 'debug',
    ...SANITISED,
    hooks: {
      logMethod(args, method) {
        beforeWrite();
        method.apply(this, args.map((arg) => sanitizeValue(arg, 0)) as Parameters<typeof method>);
      },
    },
  };
  if (sink ? sink.isTTY : process.stderr.isTTY) {
    const pretty = requireModule('pino-pretty') as typeof prettyFactory;
    return pino(options, pretty({ destination: sink?.stream ?? 2, colorize: true, sync: true, ignore: 'pid,hostname' }));
  }
  return pino(options, sink ? sink.stream : pino.destination({ dest: 2, sync: true }));
}
