import { formatDuration } from '../batch/render-summary.js';

/**
 * `logsift batch` progress on a terminal's stderr: one line rewritten in place — a bar, bundles settled of all,
 * failures, and the time left at the pace so far (bundles skipped as already done do not count towards the pace).
 * Quiet when stderr is not a terminal.
 */
export class BatchProgress {
  private readonly started = Date.now();
  private settled = 0;
  private ran = 0;
  private failed = 0;
  private drawn = false;

  constructor(private readonly total: number, private readonly write: ((text: string) => void) | undefined, private readonly width = 24) {}

  settle(failed: boolean, skipped: boolean): void {
    this.settled++;
    if (!skipped) this.ran++;
    if (failed) this.failed++;
    this.draw();
  }

  draw(): void {
    if (!this.write) return;
    this.write(`\r\x1b[2K${progressLine(this.settled, this.total, this.failed, this.eta())}`);
    this.drawn = true;
  }

  /** Milliseconds left at the pace of the bundles run so far; undefined before the first. */
  private eta(): number | undefined {
    if (this.ran === 0) return undefined;
    return ((Date.now() - this.started) / this.ran) * (this.total - this.settled);
  }

  done(): void {
    if (this.drawn) this.write?.('\r\x1b[2K');
    this.drawn = false;
  }
}

export function progressLine(settled: number, total: number, failed: number, etaMs: number | undefined, width = 24): string {
  const filled = total === 0 ? width : Math.round((settled / total) * width);
  const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
  const eta = settled >= total ? 'done' : etaMs === undefined ? 'ETA …' : `ETA ${formatDuration(Math.round(etaMs))}`;
  return `logsift batch [${bar}] ${settled}/${total} bundles${failed ? `, ${failed} failed` : ''}, ${eta}`;
}
