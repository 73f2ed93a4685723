import { LayoutTracker, type MemberLayout } from '../../../src/ingest/index.js';

/** Feeds member paths in tar order through one tracker, as readBundle does, and returns what each maps to. */
export function mapPaths(archiveName: string | undefined, paths: readonly string[]): Record<string, MemberLayout> {
  const tracker = new LayoutTracker(archiveName);
  const out: Record<string, MemberLayout> = {};
  for (const path of paths) out[path] = tracker.describe(path);
  return out;
}
