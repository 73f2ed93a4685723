import { componentFromPath } from '../component-from-path.js';
import type { BundleLayout } from './bundle-layout.js';

/**
 * A plain `journalctl [-u unit] > file` saved by hand: recognised by the name (`journal.log`,
 * `journalctl-k3s.txt`, `k3s-journal.log`, `journalctl_--no-pager…`). journalctl's default output is
 * the `short` format, which is the hint; detection still sniffs the lines.
 */
export const journalDump: BundleLayout = {
  id: 'journal-dump',
  scope: 'member',
  recognise(path) {
    const base = path.slice(path.lastIndexOf('/') + 1);
    return /journal/i.test(base) && !/\.(json|journal~?|export)$/i.test(base) ? { layout: 'journal-dump', root: '' } : undefined;
  },
  describe(relativePath) {
    const slash = relativePath.lastIndexOf('/');
    const base = relativePath.slice(slash + 1).replace(/[-_.]?journal(ctl)?[-_.]?/i, '.').replace(/^\.+/, '');
    const component = componentFromPath(`${relativePath.slice(0, slash + 1)}${base}`);
    return component ? { component, formatHint: 'journal-short' } : { formatHint: 'journal-short' };
  },
};
