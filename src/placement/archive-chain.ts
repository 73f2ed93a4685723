/**
 * The archives a member sits in, innermost first, each as a key `<input>\0<path of the archive in it>`, ending with
 * the input itself (`<input>\0`): for `a.tgz!/b.tgz!/x/dmesg` of `bundle.tgz` that is `bundle.tgz\0a.tgz!/b.tgz`,
 * `bundle.tgz\0a.tgz`, `bundle.tgz\0`. A nested archive is usually one node's own report, so a file without a host
 * belongs to the innermost archive that names exactly one.
 */
export function archiveChain(bundle: string, member: string): string[] {
  const keys: string[] = [];
  for (let end = member.lastIndexOf('!/'); end > 0; end = member.lastIndexOf('!/', end - 1)) keys.push(`${bundle}\u0000${member.slice(0, end)}`);
  keys.push(`${bundle}\u0000`);
  return keys;
}

/**
 * The host a host-less file of `chain` belongs to: the only host of the innermost archive that has any; undefined when
 * that archive has several (which one is unknowable) or no archive up to the input has a host.
 */
export function onlyHostOf(chain: readonly string[], hostsByArchive: ReadonlyMap<string, ReadonlySet<string>>): string | undefined {
  for (const key of chain) {
    const hosts = hostsByArchive.get(key);
    if (!hosts || hosts.size === 0) continue;
    return hosts.size === 1 ? hosts.values().next().value : undefined;
  }
  return undefined;
}

/** The innermost archive holding a member, as an `archiveChain` key (the input itself for a top-level file). */
export function innermostArchive(bundle: string, member: string): string {
  const end = member.lastIndexOf('!/');
  return end > 0 ? `${bundle}\u0000${member.slice(0, end)}` : `${bundle}\u0000`;
}

/** An archive key's own `archiveChain`: the archive, then each archive around it, then the input. */
export function chainOfArchive(key: string): string[] {
  const split = key.indexOf('\u0000');
  const bundle = key.slice(0, split);
  const path = key.slice(split + 1);
  return path === '' ? [key] : archiveChain(bundle, `${path}!/`);
}

/**
 * Which hosts each archive (and each input) holds files of, so a host-less file can be settled on its archive's host.
 * Coverage and incident placement each keep one; `part`/`absorb` carry it from a worker thread as plain data.
 */
export class ArchiveHosts {
  private readonly byArchive = new Map<string, Set<string>>();
  /** Hosts only guessed from a bundle's name (see `LogEvent.hostProvisional`): used when no archive names a host. */
  private readonly provisionalByArchive = new Map<string, Set<string>>();

  /** Notes that `member` of `bundle` has lines of `host`, for every archive around it. */
  add(bundle: string, member: string, host: string): void {
    addTo(this.byArchive, bundle, member, host);
  }

  /** Notes a host `member` of `bundle` was only given from its bundle's name, the fallback when no file names one. */
  addProvisional(bundle: string, member: string, host: string): void {
    addTo(this.provisionalByArchive, bundle, member, host);
  }

  /** The host a host-less file of `member` belongs to (see `onlyHostOf`), else the only host its bundle's name gave. */
  hostOfMember(bundle: string, member: string): string | undefined {
    const chain = archiveChain(bundle, member);
    return onlyHostOf(chain, this.byArchive) ?? onlyHostOf(chain, this.provisionalByArchive);
  }

  /** The host a host-less file of the archive with this `innermostArchive` key belongs to. */
  hostOfArchive(key: string): string | undefined {
    const chain = chainOfArchive(key);
    return onlyHostOf(chain, this.byArchive) ?? onlyHostOf(chain, this.provisionalByArchive);
  }

  /**
   * Hosts a bundle's name guessed that its files contradict: name guess → the only host the archive's files name.
   * Whatever still carries the guess (context, unrecognised lines) is reported under the settled host.
   */
  provisionalRenames(): Map<string, string> {
    const renames = new Map<string, string>();
    for (const [key, guessed] of this.provisionalByArchive) {
      if (guessed.size !== 1) continue;
      const guess = guessed.values().next().value as string;
      const settled = onlyHostOf(chainOfArchive(key), this.byArchive);
      if (settled !== undefined && settled !== guess) renames.set(guess, settled);
    }
    return renames;
  }

  /** Both maps as plain data; provisional keys carry a leading PROVISIONAL_MARK. */
  part(): [string, string[]][] {
    return [
      ...[...this.byArchive].map(([key, hosts]): [string, string[]] => [key, [...hosts]]),
      ...[...this.provisionalByArchive].map(([key, hosts]): [string, string[]] => [`${PROVISIONAL_MARK}${key}`, [...hosts]]),
    ];
  }

  absorb(part: readonly (readonly [string, readonly string[]])[]): void {
    for (const [marked, hosts] of part) {
      const provisional = marked.startsWith(PROVISIONAL_MARK);
      const map = provisional ? this.provisionalByArchive : this.byArchive;
      const key = provisional ? marked.slice(PROVISIONAL_MARK.length) : marked;
      let known = map.get(key);
      if (!known) map.set(key, (known = new Set()));
      for (const host of hosts) known.add(host);
    }
  }
}

/** Marks a provisional entry in `ArchiveHosts.part` (archive keys start with an input path, never with this). */
const PROVISIONAL_MARK = '\u0001';

function addTo(byArchive: Map<string, Set<string>>, bundle: string, member: string, host: string): void {
  for (const key of archiveChain(bundle, member)) {
    let hosts = byArchive.get(key);
    if (!hosts) byArchive.set(key, (hosts = new Set()));
    hosts.add(host);
  }
}
