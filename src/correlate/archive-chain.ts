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
