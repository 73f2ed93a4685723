import { renderToString } from 'ink';
import type { Report } from '../../model/report.js';
import { TerminalReport } from './TerminalReport.js';

export interface RenderTerminalOptions {
  readonly width?: number;
  readonly color?: boolean;
  /** `--tz-display`: `local` (default), `utc`, or a zone name. */
  readonly displayZone?: string;
}

/**
 * Renders the terminal report once to a string (for tests, and for printing on a TTY without keeping an
 * ink app alive). Whether colours appear also depends on the terminal's colour support as ink detects it;
 * `color: false` guarantees none.
 */
export function renderTerminal(report: Report, options: RenderTerminalOptions = {}): string {
  const width = Math.max(40, Math.floor(options.width ?? 100));
  const out = renderToString(<TerminalReport report={report} width={width} color={options.color ?? true} displayZone={options.displayZone} />, { columns: width });
  return out.endsWith('\n') ? out : `${out}\n`;
}
