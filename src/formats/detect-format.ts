import type { LogFormat } from './log-format.js';
import { safeSniff } from './safe-sniff.js';

/** Weight added to the format a layout expects, so a layout hint breaks ties but never overrides clear evidence. */
const HINT_BONUS = 0.15;

/** A document format wins with this score from the first lines together, or with half of it when the layout expects it. */
const DOCUMENT_SCORE = 0.9;

/** A format's document score for the first lines, 0 when it has none or it throws. */
function documentScore(format: LogFormat, lines: readonly string[]): number {
  if (!format.sniffDocument) return 0;
  try {
    const score = format.sniffDocument(lines);
    return Number.isFinite(score) ? score : 0;
  } catch {
    return 0;
  }
}

/**
 * Picks the member's primary format from its first lines: a document format sure of the lines read together (a JSON
 * or YAML list of Events) wins; otherwise the highest mean sniff score wins; the fallback (last in the list) wins
 * only when nothing scores.
 */
export function detectFormat(lines: readonly string[], formats: readonly LogFormat[], hint?: string): LogFormat {
  const fallback = formats[formats.length - 1]!;
  const sample = lines.filter((l) => l.trim().length > 0);
  if (sample.length === 0) return formats.find((f) => f.id === hint) ?? fallback;
  for (const format of formats) {
    const score = documentScore(format, sample);
    if (score >= DOCUMENT_SCORE || (format.id === hint && score >= DOCUMENT_SCORE / 2)) return format;
  }
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
