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

  /** Notes that `member` of `bundle` has lines of `host`, for every archive around it. */
  add(bundle: string, member: string, host: string): void {
    for (const key of archiveChain(bundle, member)) {
      let hosts = this.byArchive.get(key);
      if (!hosts) this.byArchive.set(key, (hosts = new Set()));
      hosts.add(host);
    }
  }

  /** The host a host-less file of `member` belongs to (see `onlyHostOf`). */
  hostOfMember(bundle: string, member: string): string | undefined {
    return onlyHostOf(archiveChain(bundle, member), this.byArchive);
  }

  /** The host a host-less file of the archive with this `innermostArchive` key belongs to. */
  hostOfArchive(key: string): string | undefined {
    return onlyHostOf(chainOfArchive(key), this.byArchive);
  }

  part(): [string, string[]][] {
    return [...this.byArchive].map(([key, hosts]) => [key, [...hosts]]);
  }

  absorb(part: readonly (readonly [string, readonly string[]])[]): void {
    for (const [key, hosts] of part) {
      let known = this.byArchive.get(key);
      if (!known) this.byArchive.set(key, (known = new Set()));
      for (const host of hosts) known.add(host);
    }
  }
}
