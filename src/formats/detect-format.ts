import type { LogFormat } from './log-format.js';
import { safeSniff } from './safe-sniff.js';

/** Weight added to the format a layout expects, so a layout hint breaks ties but never overrides clear evidence. */
const HINT_BONUS = 0.15;

/**
 * Picks the member's primary format from its first lines: the highest mean sniff score wins; the fallback (last in
 * the list) wins only when nothing scores.
 */
export function detectFormat(lines: readonly string[], formats: readonly LogFormat[], hint?: string): LogFormat {
  const fallback = formats[formats.length - 1]!;
  const sample = lines.filter((l) => l.trim().length > 0);
  if (sample.length === 0) return formats.find((f) => f.id === hint) ?? fallback;
  let best = fallback;
  let bestScore = 0.2;
  for (const format of formats) {
    if (format === fallback) continue;
    let total = 0;
    for (const line of sample) total += safeSniff(format, line);
    const score = total / sample.length + (format.id === hint ? HINT_BONUS : 0);
    if (score > bestScore) {
      best = format;
      bestScore = score;
    }
  }
  return best;
}
