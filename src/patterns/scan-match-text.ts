import type { LogEvent } from '../model/index.js';
import type { LiteralSearcher } from './aho-corasick.js';
import { isEnvelopeKey } from './is-envelope-key.js';
import type { LiteralHits } from './literal-hits.js';

/**
 * Runs `searcher` over `matchTextOf(event).slice(0, limit)` piece by piece, adding the literals found to `hits`:
 * most events match no literal, and for those the concatenated string is never needed.
 */
export function scanMatchText(searcher: LiteralSearcher, event: LogEvent, limit: number, hits: LiteralHits): void {
  const message = event.message;
  let left = limit;
  let end = message.length < left ? message.length : left;
  let state = searcher.scan(message, end, 0, hits);
  left -= end;
  const fields = event.fields;
  for (const key in fields) {
    if (left <= 0) return;
    if (isEnvelopeKey(key)) continue;
    state = searcher.step(0x20 /* space */, state, hits);
    left -= 1;
    end = key.length < left ? key.length : left;
    state = searcher.scan(key, end, state, hits);
    left -= end;
    if (left <= 0) return;
    state = searcher.step(0x3d /* = */, state, hits);
    left -= 1;
    const raw: unknown = fields[key];
    // matchTextOf renders a non-string value (a parser bug) through a template literal; so does this.
    const value = typeof raw === 'string' ? raw : String(raw);
    end = value.length < left ? value.length : left;
    state = searcher.scan(value, end, state, hits);
    left -= end;
  }
}
