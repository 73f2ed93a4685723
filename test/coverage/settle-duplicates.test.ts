import { describe, expect, it } from 'vitest';
import { settleDuplicates } from '../../src/coverage/settle-duplicates.js';
import type { MemberStatus } from '../../src/model/coverage.js';

const read = (path: string, component: string): MemberStatus => ({ path, bundle: 'n.tgz', component, status: 'parsed', format: 'syslog', lines: 3, parsed: 3, unparsed: 0, events: 3 });
const copyOf = (path: string, original: string, component: string): MemberStatus => ({
  path, bundle: 'n.tgz', component, status: 'skipped', reason: `duplicate of ${original}`, reasonCode: 'duplicate', duplicateOf: original, lines: 0, parsed: 0, unparsed: 0, events: 0,
});

describe('settleDuplicates', () => {
  it('reports the copy first by path as read, with the statistics of the copy that was, each keeping its component', () => {
    const files = [read('n.tgz:var/log/kern.log', 'kernel'), copyOf('n.tgz:var/log/daemon.log', 'n.tgz:var/log/kern.log', 'systemd')];
    const renamed = settleDuplicates(files);
    expect(renamed).toEqual(new Map([['n.tgz:var/log/kern.log', 'n.tgz:var/log/daemon.log']]));
    expect(files).toEqual([
      { ...copyOf('n.tgz:var/log/kern.log', 'n.tgz:var/log/daemon.log', 'kernel') },
      { ...read('n.tgz:var/log/daemon.log', 'systemd') },
    ]);
  });

  it('goes by the reason code, never by the reason text', () => {
    // A link whose target happens to read like a duplicate sentence is still a link.
    const link: MemberStatus = { path: 'n.tgz:a/syslog', bundle: 'n.tgz', status: 'skipped', reason: 'duplicate of n.tgz:b/syslog', reasonCode: 'link', lines: 0, parsed: 0, unparsed: 0, events: 0 };
    const files = [read('n.tgz:b/syslog', 'syslog'), link];
    expect(settleDuplicates(files)).toEqual(new Map());
    expect(files).toEqual([read('n.tgz:b/syslog', 'syslog'), link]);
  });
});
