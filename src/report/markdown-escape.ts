import { sanitizeText } from './sanitize-text.js';

/**
 * Text for the middle of a markdown line or a table cell (never the start of a line, so list and heading
 * markers need no care): sanitised, then inline syntax is backslash-escaped (`|` would end a table cell,
 * `*`/`_` would start emphasis) and `<` becomes `&lt;` so log text cannot open HTML.
 * https://github.github.com/gfm/#backslash-escapes
 */
export function markdownText(text: string): string {
  return sanitizeText(text)
    .replace(/[\\`*_[\]#|~>]/g, '\\$&')
    .replace(/</g, '&lt;');
}

/**
 * An inline code span that survives backticks in its content (a longer backtick fence, padded with
 * spaces). In a table cell a `|` must still be escaped even inside code, per GFM's table extension:
 * https://github.github.com/gfm/#tables-extension-
 */
export function markdownCode(text: string, inTable = false): string {
  const clean = sanitizeText(text);
  const longest = longestBacktickRun(clean);
  const fence = '`'.repeat(longest + 1);
  const body = inTable ? clean.replace(/\|/g, '\\|') : clean;
  const pad = body.startsWith('`') || body.endsWith('`') || longest > 0 ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/**
 * The longest run of backticks in `text`, by a loop: a line may hold hundreds of thousands of runs, and spreading
 * them into Math.max overflows the call stack.
 */
function longestBacktickRun(text: string): number {
  let longest = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 0x60 /* ` */) {
      run++;
      if (run > longest) longest = run;
    } else run = 0;
  }
  return longest;
}

/** A fenced block whose fence is longer than any backtick run in the lines, so log text cannot close it. */
export function markdownFence(lines: readonly string[], info = 'text'): string {
  const clean = lines.map(sanitizeText);
  let longest = 0;
  for (const line of clean) longest = Math.max(longest, longestBacktickRun(line));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}${info}`, ...clean, fence].join('\n');
}

/** A link whose label is escaped; spaces, `|` and angle brackets in the URL are percent-encoded, parentheses kept inside <>. */
export function markdownLink(url: string, label = url): string {
  const clean = sanitizeText(url).replace(/[<>\s|]/g, encodeURIComponent);
  // A URL label only needs the characters that could end the label or a table cell escaped.
  const text = sanitizeText(label).replace(/[\\[\]|]/g, '\\$&').replace(/</g, '&lt;');
  return /[()]/.test(clean) ? `[${text}](<${clean}>)` : `[${text}](${clean})`;
}
