import type { MemberStatus } from '../model/coverage.js';

/**
 * Makes the choice among byte-identical copies independent of archive order: the copy first by path is reported as
 * read (with the statistics of the copy that was), the others as its duplicates. Returns the paths to rename.
 */
export function settleDuplicates(files: MemberStatus[]): Map<string, string> {
  const copiesOf = new Map<string, MemberStatus[]>();
  for (const file of files) {
    const original = file.status === 'skipped' && file.reasonCode === 'duplicate' ? file.duplicateOf : undefined;
    if (!original) continue;
    const list = copiesOf.get(original) ?? [];
    list.push(file);
    copiesOf.set(original, list);
  }
  const renamed = new Map<string, string>();
  for (const [original, copies] of copiesOf) {
    const readIndex = files.findIndex((f) => f.path === original && f.status !== 'skipped');
    if (readIndex < 0) continue;
    const read = files[readIndex]!;
    const canonical = [original, ...copies.map((c) => c.path)].sort()[0]!;
    for (const copy of copies) {
      const index = files.indexOf(copy);
      // Each path keeps its own component label: only the read statistics move to the canonical path.
      files[index] = copy.path === canonical
        ? { ...read, path: canonical, component: copy.component }
        : { ...copy, ...duplicateReason(canonical) };
    }
    if (canonical !== original) {
      const skippedCopy = copies.find((c) => c.path === canonical)!;
      files[readIndex] = { ...skippedCopy, path: original, component: read.component, ...duplicateReason(canonical) };
      renamed.set(original, canonical);
    }
  }
  return renamed;
}

function duplicateReason(original: string): Pick<MemberStatus, 'reason' | 'reasonCode' | 'duplicateOf'> {
  return { reason: `duplicate of ${original}`, reasonCode: 'duplicate', duplicateOf: original };
}
