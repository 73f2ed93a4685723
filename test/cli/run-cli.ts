import { main } from '../../src/cli/main.js';

export interface CliResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process with captured output (not a TTY unless asked). */
export async function runCli(args: readonly string[], options: { tty?: boolean; env?: Record<string, string>; columns?: number } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const status = await main(args, {
    stdout: (text) => { stdout += text; },
    stderr: (text) => { stderr += text; },
    stdoutIsTTY: Boolean(options.tty),
    stderrIsTTY: false,
    env: options.env ?? {},
    columns: options.columns ?? 100,
  });
  return { status, stdout, stderr };
}
