import type { LogFormat } from './log-format.js';

/**
 * A format's sniff score for one line, clamped to 0..1; a sniff that throws or returns NaN scores 0, so one faulty
 * format cannot stop detection or parsing. Shared by detection and the member parser (its own file, so neither
 * imports the other).
 */
export function safeSniff(format: LogFormat, text: string): number {
  try {
    const score = format.sniff(text);
    return Number.isFinite(score) ? Math.min(1, Math.max(0, score)) : 0;
  } catch {
    return 0;
  }
}
