import { COMPONENT_TABLE } from '../model/index.js';

/**
 * Maps a journal/syslog identifier or unit name to the component a support engineer thinks in, by the one
 * component table (src/model/components.ts) that ingest also uses for file names.
 * The identifier wins over the file's layout because one journal dump mixes many units.
 */
const BY_NAME: ReadonlyMap<string, string> = new Map(COMPONENT_TABLE.flatMap(({ component, names }) => names.map((name) => [name, component] as const)));
const BY_PREFIX: readonly (readonly [string, string])[] = COMPONENT_TABLE.flatMap(({ component, prefixes }) => (prefixes ?? []).map((prefix) => [prefix, component] as const));
const MICROK8S_DAEMON = 'microk8s.daemon-';

/** The table's answer for a program name: an exact name first, then the first name family it belongs to. */
function lookUp(name: string): string | null {
  const exact = BY_NAME.get(name);
  if (exact !== undefined) return exact;
  for (const [prefix, component] of BY_PREFIX) if (name.startsWith(prefix)) return component;
  return null;
}

/** `snap.microk8s.daemon-kubelite.service` → kubelite; an unnamed microk8s daemon falls to the `microk8s` family. */
function componentOfIdentifier(identifier: string): string | null {
  const name = identifier.toLowerCase().replace(/\.service$/, '').replace(/^snap\./, '');
  if (name.startsWith(MICROK8S_DAEMON)) {
    const daemon = name.slice(MICROK8S_DAEMON.length);
    const known = BY_NAME.get(daemon) ?? BY_PREFIX.find(([prefix]) => daemon.startsWith(prefix))?.[1];
    if (known !== undefined) return known;
  }
  return lookUp(name);
}

// A journal names a handful of identifiers millions of times: remember answers (misses too, which try every
// pattern) instead of looking the name up again on every line. Bounded, since a hostile file could name unboundedly many.
const MEMO_LIMIT = 4096;
const MEMO_KEY_LENGTH = 256;
const memo = new Map<string, string | null>();

export function componentOf(identifier: string | undefined): string | undefined {
  if (!identifier) return undefined;
  const known = memo.get(identifier);
  if (known !== undefined) return known ?? undefined;
  const found = componentOfIdentifier(identifier);
  if (identifier.length <= MEMO_KEY_LENGTH) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(identifier, found);
  }
  return found ?? undefined;
}
