/** What a command may touch of the process: injected so tests run commands in-process. */
export interface CommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly columns?: number;
}

export function processIo(): CommandIo {
  return {
    stdout: (text) => void process.stdout.write(text),
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
