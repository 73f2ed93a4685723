/** Progress on stderr while reading (files, bytes, rate); one line rewritten in place, erased when done. */
export class Progress {
  private lastDraw = 0;
  private readonly started = Date.now();
  private drawn = false;

  constructor(private readonly enabled: boolean) {}

  update(bytesRead: number, members: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const seconds = Math.max(0.001, (now - this.started) / 1000);
    const mb = bytesRead / 1e6;
    process.stderr.write(`\r\x1b[2Klogsift: ${members} file(s), ${mb.toFixed(1)} MB read, ${(mb / seconds).toFixed(0)} MB/s`);
    this.drawn = true;
  }

  /** Erases the line so something else can be written on stderr; the next update draws it again. */
  clear(): void {
    if (this.drawn) process.stderr.write('\r\x1b[2K');
    this.drawn = false;
    this.lastDraw = 0;
  }

  done(): void {
    this.clear();
  }
}
