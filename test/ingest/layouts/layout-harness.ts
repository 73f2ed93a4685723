import { LayoutTracker, type MemberLayout } from '../../../src/ingest/index.js';

/**
 * Feeds member paths in tar order through one tracker, as readBundle does, and returns what each maps to (without
 * `layoutBundle`, the tracker's own key for the bundle: test/ingest/layout-tracker.test.ts checks it).
 */
export function mapPaths(archiveName: string | undefined, paths: readonly string[]): Record<string, Omit<MemberLayout, 'layoutBundle'>> {
  const tracker = new LayoutTracker(archiveName);
  const out: Record<string, Omit<MemberLayout, 'layoutBundle'>> = {};
  for (const path of paths) {
    const { layoutBundle: _key, ...mapping } = tracker.describe(path);
    out[path] = mapping;
  }
  return out;
}
