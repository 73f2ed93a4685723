import { formatSpan, formatTime } from '../report/format-time.js';
import { sanitizeText } from '../report/sanitize-text.js';
import type { KnownIncident } from './incident-index.js';

const s = sanitizeText;
const iso = (ms: number | undefined): string | null => (ms === undefined || !Number.isFinite(ms) ? null : new Date(ms).toISOString());

/**
 * `logsift index search` for people: one block per filing, ticket first. Everything from the index is sanitised:
 * it was checked when filed, but the file may have been written by anything.
 */
export function renderMatchesText(term: string, matches: readonly KnownIncident[]): string {
  if (matches.length === 0) return `No filed incident has the fingerprint or signature ${s(term)}.\n`;
  const tickets = new Set(matches.map((m) => m.ticket)).size;
  const out = [`${matches.length} ${matches.length === 1 ? 'filing' : 'filings'} of ${s(term)} under ${tickets} ${tickets === 1 ? 'ticket' : 'tickets'}, oldest first`];
  for (const m of matches) {
    const versions = Object.entries(m.report.versions).map(([k, v]) => `${s(k)}=${v.map(s).join(',')}`).join(' ');
    out.push(
      '',
      `ticket ${s(m.ticket)}  filed ${formatTime(m.added)}${m.note ? `  note: ${s(m.note)}` : ''}`,
      `  ${m.kind === 'incident' ? `${s(m.severity ?? 'unknown').toUpperCase()}  ${s(m.title)}` : `unrecognised  ${s(m.title)}`}`,
      `  fingerprint ${s(m.fingerprint)}${m.signature ? `  signature ${s(m.signature)}` : ''}`,
      `  seen        ${m.count} ${m.count === 1 ? 'time' : 'times'} on ${s(m.host ?? 'unknown host')}, ${formatSpan(m.firstSeen, m.lastSeen)}`,
      `  from        ${m.source.kind} ${s(m.source.name)}${m.source.sha256 ? ` (sha256 ${s(m.source.sha256)})` : ''}; report span ${formatSpan(m.report.start, m.report.end)}; hosts ${m.report.hosts.map(s).join(', ') || 'unknown'}${versions ? `; versions ${versions}` : ''}; logsift ${s(m.report.toolVersion)}`,
    );
  }
  return `${out.join('\n')}\n`;
}

/**
 * `logsift index search --json`: `{ query, matches: [...] }`, keys always present and in this order (README
 * "Known-incident index"), times ISO 8601 UTC or null.
 */
export function renderMatchesJson(term: string, matches: readonly KnownIncident[]): string {
  return `${JSON.stringify({
    query: term,
    matches: matches.map((m) => ({
      ticket: m.ticket,
      note: m.note ?? null,
      added: iso(m.added),
      fingerprint: m.fingerprint,
      kind: m.kind,
      signature: m.signature ?? null,
      title: m.title,
      severity: m.severity ?? null,
      host: m.host ?? null,
      firstSeen: iso(m.firstSeen),
      lastSeen: iso(m.lastSeen),
      count: m.count,
      report: {
        start: iso(m.report.start),
        end: iso(m.report.end),
        hosts: [...m.report.hosts],
        versions: m.report.versions,
        toolVersion: m.report.toolVersion,
        inputs: [...m.report.inputs],
      },
      source: { kind: m.source.kind, name: m.source.name, sha256: m.source.sha256 ?? null },
    })),
  }, null, 2)}\n`;
}
