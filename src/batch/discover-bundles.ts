import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { bundleLayouts, sniffContainer } from '../ingest/index.js';
import { naturalCompare } from '../model/natural-compare.js';

/** What `logsift batch` was given: the bundles it found, and the entries of a folder it passed over (with why). */
export interface DiscoveredBundles {
  readonly bundles: readonly string[];
  readonly passedOver: readonly { readonly path: string; readonly reason: string }[];
}

/** Plain-text files a folder of bundles holds as bundles: a `journalctl` dump or a single service's log. */
const TEXT_BUNDLE = /\.(log|txt)$/i;

/**
 * The bundles of a batch. A MANIFEST (a text file) lists one path per line (`#` starts a comment; relative paths
 * count from the manifest's folder, so a manifest on a shared mount works from any machine). A DIR holds them as its
 * entries: a file is a bundle when its first bytes say archive, compressed stream or binary journal (the ingest
 * layer's own sniffing, so a renamed `.tgz` counts and a README does not) or when it is a `.log`/`.txt` text file; a
 * folder is a bundle when it is one a bundle layout recognises by name (a sos report, a Rancher collector folder, a
 * microk8s inspection report), holds binary journal files or a `var/log` copy. Anything else is passed over, each
 * with the reason, and never merged into another bundle. Sorted the way people sort names.
 */
export function discoverBundles(location: string): DiscoveredBundles {
  const stat = statSync(location);
  if (!stat.isDirectory()) return { bundles: manifestEntries(location), passedOver: [] };
  const bundles: string[] = [];
  const passedOver: { path: string; reason: string }[] = [];
  const names = readdirSync(location).sort(naturalCompare);
  for (const name of names) {
    const path = join(location, name);
    if (name.startsWith('.')) continue;
    const why = notABundle(path, name);
    if (why === undefined) bundles.push(path);
    else passedOver.push({ path, reason: why });
  }
  return { bundles, passedOver };
}

/** The paths a manifest lists, in its order, duplicates once. */
export function manifestEntries(manifest: string): string[] {
  const base = dirname(manifest);
  const seen = new Set<string>();
  const paths: string[] = [];
  for (const raw of readFileSync(manifest, 'utf8').split(/\r?\n/)) {
    const line = raw.replace(/^\uFEFF/, '').trim();
    if (line === '' || line.startsWith('#')) continue;
    const path = isAbsolute(line) ? line : join(base, line);
    const key = resolve(path);
    if (seen.has(key)) continue;
    seen.add(key);
    paths.push(path);
  }
  return paths;
}

function notABundle(path: string, name: string): string | undefined {
  let stat;
  try {
    stat = statSync(path);
  } catch (error) {
    return `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  if (stat.isDirectory()) return bundleFolder(path, name) ? undefined : 'a folder no bundle layout recognises (name it in a manifest to analyse it as one bundle)';
  if (!stat.isFile()) return 'not a regular file';
  if (stat.size === 0) return 'empty';
  if (sniffContainer(head(path)) !== 'data') return undefined;
  return TEXT_BUNDLE.test(name) ? undefined : 'neither an archive nor a .log/.txt file';
}

function bundleFolder(path: string, name: string): boolean {
  if (bundleLayouts.some((layout) => layout.scope === 'bundle' && layout.recognise(`${name}/x`, undefined) !== undefined)) return true;
  let entries: string[];
  try {
    entries = readdirSync(path);
  } catch {
    return false;
  }
  if (entries.some((entry) => /\.journal~?$/.test(entry))) return true;
  try {
    return statSync(join(path, 'var', 'log')).isDirectory();
  } catch {
    return false;
  }
}

function head(path: string): Uint8Array {
  const buffer = Buffer.alloc(512);
  const fd = openSync(path, 'r');
  try {
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}
