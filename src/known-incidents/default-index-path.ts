import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/**
 * Where the index lives when `--index` is not given: `$XDG_DATA_HOME/logsift/known-incidents.sqlite`, else
 * `~/.local/share/logsift/known-incidents.sqlite` (XDG Base Directory: a relative XDG_DATA_HOME is ignored).
 */
export function defaultIndexPath(env: Readonly<Record<string, string | undefined>>): string {
  const xdg = env['XDG_DATA_HOME'];
  const dataHome = xdg && isAbsolute(xdg) ? xdg : join(env['HOME'] || homedir(), '.local', 'share');
  return join(dataHome, 'logsift', 'known-incidents.sqlite');
}
