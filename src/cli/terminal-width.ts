import type { CommandIo } from './command-io.js';

/**
 * The terminal's width in columns: what the tty reports, else `$COLUMNS` (a pseudo-terminal under some CI runners,
 * `script` or `docker exec` reports 0 columns while the shell knows the width), else undefined.
 */
export function terminalColumns(io: Pick<CommandIo, 'columns' | 'env'>): number | undefined {
  if (io.columns !== undefined && Number.isFinite(io.columns) && io.columns > 0) return Math.floor(io.columns);
  const fromEnv = Number.parseInt(io.env['COLUMNS'] ?? '', 10);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : undefined;
}
