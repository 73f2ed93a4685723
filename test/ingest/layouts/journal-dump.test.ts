import { describe, expect, it } from 'vitest';
import { mapPaths } from './layout-harness.js';

describe('journal-dump layout', () => {
  it('recognises hand-saved journalctl output by name and takes the unit from it', () => {
    const m = mapPaths(undefined, ['k3s-journal.log', 'journalctl-kubelet.txt', 'journal.log', 'system.journal']);
    expect(m['k3s-journal.log']).toEqual({ layout: 'journal-dump', component: 'k3s', formatHint: 'journal-short' });
    expect(m['journalctl-kubelet.txt']).toEqual({ layout: 'journal-dump', component: 'kubelet', formatHint: 'journal-short' });
    expect(m['journal.log']).toEqual({ layout: 'journal-dump', formatHint: 'journal-short' });
    // a binary journal file is not a text dump (ingest skips it by its magic bytes)
    expect(m['system.journal'].layout).toBeUndefined();
  });
});
