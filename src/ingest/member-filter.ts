import { compileGlob } from './compile-glob.js';

/** Decides from --include/--exclude whether a member is read; the answer carries the reason shown in coverage. */
export interface MemberFilter {
  /** Reason to skip a member (a text file), or undefined to read it. */
  skipFile(path: string): string | undefined;
  /** Reason to skip a nested archive; include globs name files, so only excludes apply to archives. */
  skipArchive(path: string): string | undefined;
}

export function createMemberFilter(include: readonly string[] | undefined, exclude: readonly string[] | undefined): MemberFilter {
  const includes = (include ?? []).map((glob) => ({ glob, test: compileGlob(glob) }));
  const excludes = (exclude ?? []).map((glob) => ({ glob, test: compileGlob(glob) }));
  const excluded = (paths: readonly string[]): string | undefined => {
    for (const { glob, test } of excludes) if (paths.some(test)) return `excluded by ${glob}`;
    return undefined;
  };
  return {
    skipFile(path) {
      const paths = candidatePaths(path);
      const reason = excluded(paths);
      if (reason) return reason;
      if (includes.length > 0 && !includes.some(({ test }) => paths.some(test))) return 'excluded: not matched by any include glob';
      return undefined;
    },
    skipArchive(path) {
      return excluded(candidatePaths(path));
    },
  };
}

/** A nested member `a.tgz!/x/y.log` is matched as written and as `x/y.log` inside its archive. */
function candidatePaths(path: string): string[] {
  const bang = path.lastIndexOf('!/');
  return bang === -1 ? [path] : [path, path.slice(bang + 2)];
}
