/** The exit statuses as help and the man page list them (the README's "Exit status" says the same). */
export const EXIT_STATUSES: readonly (readonly [number, string])[] = [
  [0, 'analysed (incidents or not)'],
  [1, 'an incident at or above --fail-on was found (only with --fail-on); patterns: a test or lint failed; diff: the two sides differ; index search: nothing matched'],
  [2, 'usage error: unknown option or command, bad value'],
  [3, 'an input is missing, nothing in the inputs could be read, or they hold no logs'],
  [4, 'the filters matched nothing: a --host no input holds, a --since/--until window outside the logs'],
  [5, 'the known-incident index (--index, index commands) cannot be used: not SQLite, damaged, from a newer logsift, or its PostgreSQL server unreachable, refusing the login or without that database'],
  [70, 'internal error (a bug in logsift)'],
  [75, 'the known-incident index is locked by another writer: try again'],
];

export const EXIT_STATUS_HELP = `Exit status:\n${EXIT_STATUSES.map(([code, text]) => `  ${String(code).padEnd(4)}${text}`).join('\n')}\n`;
