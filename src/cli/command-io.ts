import { once } from 'node:events';

/** What a command may touch of the process: injected so tests run commands in-process. */
export interface CommandIo {
  stdout(text: string): void;
  /**
   * Resolves once stdout has passed on what it was given (a pipe's reader caught up). A command that streams more
   * than memory should hold (timeline) awaits it after each write, so a slow reader slows the command instead of
   * queueing the output in memory. Absent: writes never queue.
   */
  stdoutDrained?(): Promise<void>;
  stderr(text: string): void;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly columns?: number;
}

export function processIo(): CommandIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    // A file or a terminal takes writes at once; a pipe queues them until its reader reads.
    stdoutDrained: async () => {
      if (process.stdout.writableNeedDrain) await once(process.stdout, 'drain');
    },
    stderr: (text) => void process.stderr.write(text),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    env: process.env,
    columns: process.stdout.columns,
  };
}

/**
 * Writes a file the user named (-o, --redact-map); false, after one line on stderr naming the file and the reason,
 * when it cannot be written. The caller then exits with the usage status.
 */
export function writeNamedFile(io: CommandIo, file: string, write: (file: string) => void): boolean {
  try {
    write(file);
    return true;
  } catch (error) {
    io.stderr(`logsift: cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
    return false;
  }
}
