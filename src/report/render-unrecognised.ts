import type { Report } from '../model/report.js';
import type { UnrecognisedError } from '../model/unrecognised.js';
import { formatSpan, formatTime } from './format-time.js';
import { escapeHtml as h } from './html/escape-html.js';
import { markdownCode, markdownFence, markdownText } from './markdown-escape.js';
import { sanitizeText as s } from './sanitize-text.js';

export const UNRECOGNISED_HEADING = 'Unrecognised errors';
const INTRO = 'Error lines (and warning bursts) no signature knows, grouped by shape, nearest to an incident first. ' +
  'They may be the cause nothing above explains; `logsift patterns new --from-line` turns one into a signature.';

/** `host-a, host-b (kubelet): span, seen N times`: where and how often one shape was seen. */
export function unrecognisedWhere(u: UnrecognisedError): string {
  const hosts = u.hosts.length > 0 ? u.hosts.join(', ') : 'unknown host';
  const components = u.components.length > 0 ? ` (${u.components.join(', ')})` : '';
  return `${hosts}${components}: ${formatSpan(u.firstSeen, u.lastSeen)}, seen ${u.count} ${u.count === 1 ? 'time' : 'times'}`;
}

/** The plain-text section, or nothing when every error line was recognised. */
export function unrecognisedText(report: Report, rule: (title: string) => string): string[] {
  const list = report.unrecognised ?? [];
  if (list.length === 0) return [];
  const out = [rule(`${UNRECOGNISED_HEADING} (${list.length})`)];
  for (const u of list) {
    out.push(`  ${s(u.template)}`, `    ${s(unrecognisedWhere(u))}`, ...(u.fingerprint ? [`    fingerprint ${s(u.fingerprint)}`] : []), `    ${s(u.example.file)}:${u.example.line}  ${formatTime(u.example.timestamp)}`, `      ${s(u.example.text)}`);
  }
  return out;
}

/** The Markdown section, or nothing. */
const MAX_MARKDOWN_SHAPES = 10;
const MAX_MARKDOWN_CHARS = 300;

function cut(text: string): string {
  return text.length > MAX_MARKDOWN_CHARS ? `${text.slice(0, MAX_MARKDOWN_CHARS)}… (${text.length - MAX_MARKDOWN_CHARS} more characters)` : text;
}

export function unrecognisedMarkdown(report: Report): string[] {
  const list = report.unrecognised ?? [];
  if (list.length === 0) return [];
  const out = [`## ${UNRECOGNISED_HEADING}`, '', markdownText(INTRO).replace(/\\`/g, '`'), '', '<details>', `<summary>${list.length} error ${list.length === 1 ? 'shape' : 'shapes'}</summary>`, ''];
  for (const u of list.slice(0, MAX_MARKDOWN_SHAPES)) {
    // Markdown is pasted into size-limited tickets: long examples and templates are cut, saying so.
    out.push(`- ${markdownCode(cut(u.template))} — ${markdownText(unrecognisedWhere(u))}`, '', `  ${markdownCode(`${u.example.file}:${u.example.line}`)} · ${formatTime(u.example.timestamp)}${u.fingerprint ? ` · fingerprint ${markdownCode(u.fingerprint)}` : ''}`, '');
    out.push(...markdownFence([cut(u.example.text)]).split('\n').map((line) => `  ${line}`), '');
  }
  if (list.length > MAX_MARKDOWN_SHAPES) out.push(`${list.length - MAX_MARKDOWN_SHAPES} more not listed here (\`--format json\` has every one).`, '');
  out.push('</details>');
  return out;
}

/** The HTML section (with a leading newline), or an empty string. */
export function unrecognisedHtml(report: Report): string {
  const list = report.unrecognised ?? [];
  if (list.length === 0) return '';
  const items = list.map((u) => `<li><code>${h(u.template)}</code> <span class="muted">${h(unrecognisedWhere(u))}${u.fingerprint ? ` · <code class="fingerprint">${h(u.fingerprint)}</code>` : ''}</span>
<div class="evidence-ref">${h(u.example.file)}:${u.example.line} · ${h(formatTime(u.example.timestamp))}</div>
<pre class="evidence">${h(u.example.text)}</pre></li>`);
  return `
<section id="unrecognised">
<h2>${h(UNRECOGNISED_HEADING)}</h2>
<p class="muted">${h(INTRO).replace(/`([^`]+)`/g, '<code>$1</code>')}</p>
<ul>
${items.join('\n')}
</ul>
</section>`;
}
