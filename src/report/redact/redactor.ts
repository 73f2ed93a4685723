import { DETECTORS, isSecretField, type Detector } from './detectors.js';
import { GENERIC_HOST_NAMES } from './host-shapes.js';
import { PseudonymTable, type PseudonymKind, type RedactionMap } from './pseudonym-table.js';

export interface RedactorOptions {
  /** `--redact-key`: pseudonyms become keyed hashes, stable across reports made with the same key. */
  readonly key?: string;
  /** `--redact-term` / `--redact-terms`: the customer's own words, replaced case-insensitively as whole words. */
  readonly terms?: readonly string[];
  /** The bundle's host names: replaced wherever they appear, whatever their shape. */
  readonly hosts?: readonly string[];
}

/** Replaces sensitive values in text; one per report (or timeline) so pseudonyms stay consistent inside it. */
export interface Redactor {
  /** Free text: evidence lines, messages, paths, titles, explanations. */
  text(value: string): string;
  /** A parsed field's value: all of it is a secret when the field's name says so (`password`, `token`). */
  field(key: string, value: string): string;
  /** A field that holds a host name: always replaced, even a generic one (`server`). */
  host(value: string): string;
  /** Adds a host name learnt after the redactor was made (the timeline meets hosts as it goes). */
  addHost(value: string): void;
  /** Original → pseudonym, per kind (secrets are never listed). */
  map(): RedactionMap;
}

interface Span {
  readonly start: number;
  readonly end: number;
  readonly replacement: string;
}

/** Whole-word boundaries for names given as data: a letter, digit or underscore next to it makes another word. */
function wordPattern(words: readonly string[]): RegExp | undefined {
  if (words.length === 0) return undefined;
  const escaped = [...words].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  // After a URL escape (`name%3Dnode-1`) a word starts even though a hex digit precedes it.
  return new RegExp(`(?:(?<=%[0-9A-Fa-f]{2})|(?<![A-Za-z0-9_]))(?:${escaped.join('|')})(?![A-Za-z0-9_])`, 'gi');
}

/**
 * The detectors with match indices on (`d`) where a value group is replaced, so its position is read, not searched
 * for (only there: indices cost an allocation per match).
 */
const WITH_INDICES: readonly Detector[] = DETECTORS.map((d) =>
  d.value === undefined || d.pattern.flags.includes('d') ? d : { ...d, pattern: new RegExp(d.pattern.source, `${d.pattern.flags}d`) },
);

/** Cached results: a report repeats the same host, path and line text many times. */
const CACHE_LIMIT = 50_000;

export function createRedactor(options: RedactorOptions = {}): Redactor {
  const table = new PseudonymTable(options.key);
  const terms = [...new Set((options.terms ?? []).map((t) => t.trim()).filter((t) => t !== ''))];
  const termPattern = wordPattern(terms);
  const knownHosts = new Set<string>();
  let hostPattern: RegExp | undefined;
  /** The names `hostPattern` looks for: a line holding none of them skips it (most messages name no host). */
  let hostNames: string[] = [];
  const termNames = terms.map((t) => t.toLowerCase());
  const cache = new Map<string, string>();

  const hostPseudonym = (name: string): string => {
    const lower = name.toLowerCase().replace(/\.$/, '');
    if (table.has('host', lower)) return table.pseudonym('host', lower);
    // node1.acme.com and node1 are one machine: the FQDN shares the pseudonym of a short name already seen.
    const first = lower.split('.')[0]!;
    if (lower.includes('.') && table.has('host', first)) {
      table.alias('host', lower, first);
      return table.pseudonym('host', lower);
    }
    return table.pseudonym('host', lower, name);
  };

  const addHost = (value: string): void => {
    const lower = value.trim().toLowerCase();
    if (lower === '' || knownHosts.has(lower)) return;
    knownHosts.add(lower);
    hostPseudonym(lower);
    const short = lower.split('.')[0]!;
    if (short !== lower && /[\d-]/.test(short) && !knownHosts.has(short)) {
      knownHosts.add(short);
      table.alias('host', short, lower);
    }
    hostNames = [...knownHosts].filter((h) => !GENERIC_HOST_NAMES.has(h));
    hostPattern = wordPattern(hostNames);
    cache.clear();
  };
  for (const host of [...(options.hosts ?? [])].sort()) addHost(host);

  const pseudonymFor = (kind: PseudonymKind, value: string): string => {
    switch (kind) {
      case 'host': return hostPseudonym(value);
      case 'mac': return table.pseudonym('mac', value.toLowerCase().replace(/-/g, ':'), value);
      case 'user': return table.pseudonym('user', value);
      default: return table.pseudonym(kind, value.toLowerCase(), value);
    }
  };

  const collect = (text: string): Span[] => {
    const lower = text.toLowerCase();
    const spans: Span[] = [];
    const free = (start: number, end: number): boolean => spans.every((s) => end <= s.start || start >= s.end);
    const claim = (detector: Pick<Detector, 'pattern' | 'value' | 'accept' | 'replace'>): void => {
      const pattern = detector.pattern;
      pattern.lastIndex = 0;
      for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
        if (m[0] === '') {
          pattern.lastIndex++;
          continue;
        }
        const value = detector.value ? m.groups?.[detector.value] : m[0];
        if (value === undefined || value === '') continue;
        const start = detector.value ? (m.indices?.groups?.[detector.value]?.[0] ?? m.index) : m.index;
        const end = start + value.length;
        if (detector.accept && !detector.accept(value)) continue;
        if (!free(start, end)) continue;
        const replacement = 'secret' in detector.replace ? `[REDACTED:${detector.replace.secret}]` : pseudonymFor(detector.replace.pseudonym, value);
        spans.push({ start, end, replacement });
      }
    };
    for (const detector of WITH_INDICES) {
      if (detector.needs && !detector.needs.some((n) => lower.includes(n))) continue;
      claim(detector);
    }
    // The bundle's own host names, whatever their shape, after the FQDN rule so `node1.acme.com` is taken whole (and
    // shares node1's pseudonym) rather than as `node1` + `.acme.com`.
    if (hostPattern && hostNames.some((h) => lower.includes(h))) claim({ pattern: hostPattern, replace: { pseudonym: 'host' } });
    if (termPattern && termNames.some((t) => lower.includes(t))) claim({ pattern: termPattern, replace: { pseudonym: 'term' } });
    return spans.sort((a, b) => a.start - b.start);
  };

  const text = (value: string): string => {
    if (value === '') return value;
    const cached = cache.get(value);
    if (cached !== undefined) return cached;
    const spans = collect(value);
    let out = '';
    let at = 0;
    for (const span of spans) {
      out += value.slice(at, span.start) + span.replacement;
      at = span.end;
    }
    out += value.slice(at);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(value, out);
    return out;
  };

  return {
    text,
    field: (key, value) => (isSecretField(key, value) ? '[REDACTED:secret-field]' : text(value)),
    host: (value) => {
      if (value === '') return value;
      addHost(value);
      return hostPseudonym(value);
    },
    addHost,
    map: () => table.toMap(),
  };
}
