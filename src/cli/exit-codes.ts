/** Exit statuses are a contract (README "Exit status"); defined here once. */
export const EXIT = {
  /** Analysed (incidents or not). */
  ok: 0,
  /** Analysed, and an incident at or above `--fail-on` was found (only when the flag is given). */
  incidentFound: 1,
  /** `logsift diff`: the two analyses differ (diff(1)'s 1). */
  different: 1,
  /** Bad command line. */
  usage: 2,
  /** An input is missing, nothing in the inputs could be read, or what was read holds no logs (for `index add`: the report or bundle). */
  noInput: 3,
  /** The filters matched nothing: a `--host` no input holds, a `--since/--until` window outside the input's span. */
  filteredOut: 4,
  /** `index` commands and `--index`: the index cannot be used (missing, damaged, not an index, newer schema). */
  indexUnusable: 5,
  /** `logsift batch`: the batch finished, and some bundles failed (each a failed row in the summary, with the reason). */
  bundlesFailed: 6,
  /** `--queue`: the queue's Redis cannot be reached (BSD sysexits' EX_UNAVAILABLE). */
  queueUnavailable: 69,
  /** The index is locked by another writer past the busy timeout: worth retrying (BSD sysexits' EX_TEMPFAIL). */
  indexLocked: 75,
  /** A bug in logsift (an internal error), never bad input: BSD sysexits' EX_SOFTWARE. */
  internalError: 70,
} as const;

/** A usage problem: printed as one line, exit status 2. */
export class UsageError extends Error {}
