import { createHmac } from 'node:crypto';

/** The kinds of value replaced by a pseudonym (secrets are replaced by `[REDACTED:kind]` and never kept). */
export type PseudonymKind = 'host' | 'ip' | 'user' | 'email' | 'mac' | 'term';

export const PSEUDONYM_KINDS: readonly PseudonymKind[] = ['host', 'ip', 'user', 'email', 'mac', 'term'];

/** The redaction map (`--redact-map`): per kind, original → pseudonym, originals sorted. */
export type RedactionMap = Record<PseudonymKind, Record<string, string>>;

/** Hex digits of the keyed pseudonym: 16.7 million values per kind, widened only on a collision inside one run. */
const KEYED_DIGITS = 6;

/**
 * One pseudonym per original, per kind. Without a key: `host-1`, `host-2` … in first-seen order (the same input gives
 * the same report, so the same numbering). With a key: `host-` + the first hex digits of HMAC-SHA256(key, kind:value),
 * the same in every report made with that key and unguessable without it.
 */
export class PseudonymTable {
  private readonly byKind = new Map<PseudonymKind, Map<string, string>>();
  /** Distinct pseudonyms per kind (aliases share one, so a table's size would over-count). */
  private readonly counts = new Map<PseudonymKind, number>();
  private readonly taken = new Set<string>();
  /** What the map file lists for each original: as first seen, not lower-cased. */
  private readonly shown = new Map<string, string>();

  constructor(private readonly key?: string) {}

  /** `normalised` is the identity (lower-cased host, …); `shown` is what the map file lists. */
  pseudonym(kind: PseudonymKind, normalised: string, shown: string = normalised): string {
    let table = this.byKind.get(kind);
    if (!table) this.byKind.set(kind, (table = new Map()));
    const known = table.get(normalised);
    if (known !== undefined) return known;
    const count = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, count);
    const name = this.key === undefined ? `${kind}-${count}` : this.keyed(kind, normalised);
    table.set(normalised, name);
    this.taken.add(name);
    this.shown.set(`${kind}\u0000${normalised}`, shown);
    return name;
  }

  /** Makes `alias` (a host's short name) share the pseudonym already given to `normalised`. */
  alias(kind: PseudonymKind, alias: string, normalised: string): void {
    const table = this.byKind.get(kind);
    const name = table?.get(normalised);
    if (table && name !== undefined && !table.has(alias)) {
      table.set(alias, name);
      this.shown.set(`${kind}\u0000${alias}`, alias);
    }
  }

  has(kind: PseudonymKind, normalised: string): boolean {
    return this.byKind.get(kind)?.has(normalised) ?? false;
  }

  private keyed(kind: PseudonymKind, normalised: string): string {
    const digest = createHmac('sha256', this.key!).update(`${kind}:${normalised}`).digest('hex');
    for (let digits = KEYED_DIGITS; digits <= digest.length; digits += 2) {
      const name = `${kind}-${digest.slice(0, digits)}`;
      if (!this.taken.has(name)) return name;
    }
    return `${kind}-${digest}`;
  }

  toMap(): RedactionMap {
    const map = Object.fromEntries(PSEUDONYM_KINDS.map((k) => [k, {}])) as RedactionMap;
    for (const kind of PSEUDONYM_KINDS) {
      const table = this.byKind.get(kind);
      if (!table) continue;
      const rows = [...table].map(([normalised, name]) => [this.shown.get(`${kind}\u0000${normalised}`) ?? normalised, name] as const);
      rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      for (const [original, name] of rows) map[kind][original] = name;
    }
    return map;
  }
}
