import { sanitizeText } from '../sanitize-text.js';

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Sanitised and entity-escaped for both element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return sanitizeText(String(text)).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** Only http(s) URLs become links: a `javascript:` runbook from a user's pattern file must not run. */
export function safeUrl(url: string): string | undefined {
  const clean = sanitizeText(url).trim();
  return /^https?:\/\/[^\s]+$/i.test(clean) ? clean : undefined;
}
