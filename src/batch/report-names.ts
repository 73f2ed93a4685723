import { basename } from 'node:path';

/** Extensions a bundle's name drops to become its reports' name (longest first: `.tar.gz` before `.gz`). */
const BUNDLE_EXTENSION = /(\.tar\.(gz|xz|zst|bz2)|\.(tgz|txz|tzst|tar|zip|gz|xz|zst|log|txt|journal~?))$/i;

/** What a report file's name may hold: no separators, no controls, nothing a shell or a URL would trip on. */
function safeStem(bundle: string): string {
  const stem = basename(bundle.replace(/[\\/]+$/, '')).replace(BUNDLE_EXTENSION, '');
  const clean = stem.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[.]+/, '').slice(0, 120);
  return clean || 'bundle';
}

/**
 * Each bundle's report name in OUTDIR: the bundle's own name without its archive extension (`k3s-power-loss.tgz` →
 * `k3s-power-loss`), made safe for a file name. Two bundles of one batch that would share a name (`a/node.tgz`,
 * `b/node.tgz`) both get their content hash's first 12 hex digits appended, so a name never depends on the order the
 * batch met them, and a re-run names them the same.
 */
export function reportNames(bundles: readonly { readonly bundle: string; readonly contentHash: string }[]): Map<string, string> {
  const byStem = new Map<string, number>();
  for (const { bundle } of bundles) {
    const stem = safeStem(bundle).toLowerCase();
    byStem.set(stem, (byStem.get(stem) ?? 0) + 1);
  }
  const names = new Map<string, string>();
  for (const { bundle, contentHash } of bundles) {
    const stem = safeStem(bundle);
    const shared = (byStem.get(stem.toLowerCase()) ?? 0) > 1;
    names.set(bundle, shared ? `${stem}-${contentHash.replace(/^sha256:/, '').slice(0, 12)}` : stem);
  }
  return names;
}

/** The file extension of each report format. */
export const REPORT_EXTENSIONS: Readonly<Record<string, string>> = { json: 'json', md: 'md', html: 'html', text: 'txt' };
