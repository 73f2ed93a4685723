import { describe, expect, it } from 'vitest';
import { FileAccounting, type ReadCounts } from '../../src/coverage/file-accounting.js';
import type { MemberStatus } from '../../src/model/coverage.js';
import type { MemberInfo } from '../../src/model/log-line.js';
import { newMemberParseStats } from '../../src/formats/index.js';

const bundle = 'node1.tgz';
const info = (member: string, extra: Partial<MemberInfo> = {}): MemberInfo => ({ source: { bundle, member }, host: 'node1', component: 'kubelet', ...extra });
const counts = (extra: Partial<ReadCounts>): ReadCounts => ({ ...newMemberParseStats(), ...extra });

describe('FileAccounting', () => {
  it('accounts for every file: read, skipped with a reason code, damaged part way, and lines per host', () => {
    const seen: MemberStatus[] = [];
    const accounting = new FileAccounting((status) => seen.push(status));
    accounting.skipped('node1.tgz/var/log/wtmp', info('var/log/wtmp'), 'skipped', { code: 'not-a-log', text: 'binary data' });
    accounting.damaged('node1.tgz/var/log/syslog', { code: 'damaged', text: 'the archive ends inside this file' });
    accounting.read('node1.tgz/var/log/syslog', info('var/log/syslog'), 'node1', 'node1', counts({ lines: 120, parsed: 118, unparsed: 2, events: 118, formats: { syslog: 118 }, firstTimestamp: 1000, lastTimestamp: 2000 }));
    accounting.read('node1.tgz/var/log/kubelet.log', info('var/log/kubelet.log'), 'node1', 'node1', counts({ lines: 30, parsed: 30, events: 30, formats: { klog: 30 } }));
    accounting.read('node1.tgz/var/log/empty.log', info('var/log/empty.log'), 'node1', 'node1', counts({}));

    const settled = accounting.settle();
    expect(seen).toHaveLength(4);
    expect(settled.files.map((f) => [f.path, f.status, f.reasonCode])).toEqual([
      ['node1.tgz/var/log/empty.log', 'skipped', 'empty'],
      ['node1.tgz/var/log/kubelet.log', 'parsed', undefined],
      ['node1.tgz/var/log/syslog', 'parsed', 'damaged'],
      ['node1.tgz/var/log/wtmp', 'skipped', 'not-a-log'],
    ]);
    expect(settled.files.find((f) => f.path.endsWith('syslog'))?.reason).toBe('damaged: the archive ends inside this file');
    expect(settled.files.find((f) => f.path.endsWith('syslog'))?.format).toBe('syslog');
    expect(settled.linesByHost.get('node1')).toEqual({ lines: 150, unparsed: 2 });
    expect(settled.membersRead).toBe(3);
    expect(settled.warnings.map((w) => w.code)).toEqual(['ingest.member-damaged']);
  });

  it('warns about cut lines, bad UTF-8 and time going backwards, naming the file', () => {
    const accounting = new FileAccounting();
    accounting.read('b/x.log', info('x.log'), 'node1', 'node1', counts({ lines: 5, parsed: 5, events: 5, truncatedLines: 1, invalidUtf8Lines: 2, backwardsJumps: 3 }));
    const { warnings, files } = accounting.settle();
    expect(warnings.map((w) => [w.code, w.where?.file])).toEqual([
      ['ingest.line-truncated', 'b/x.log'], ['ingest.invalid-utf8', 'b/x.log'], ['time.backwards', 'b/x.log'],
    ]);
    expect(warnings[2]?.title).toContain('backwards 3 time(s)');
    expect(files[0]).toMatchObject({ truncatedLines: 1, invalidUtf8Lines: 2 });
  });

  it('drops the generic error of a member a limit already names, keeps the limit', () => {
    const accounting = new FileAccounting();
    const path = 'node1.tgz/bomb.gz';
    accounting.warn({ code: 'ingest.ratio-limit', severity: 'error', title: `${path}: expands more than 1000×`, where: { file: path } });
    accounting.skipped(path, info('bomb.gz'), 'error', { code: 'limit', text: 'stopped at the expansion limit' });
    accounting.skipped('node1.tgz/other.gz', info('other.gz'), 'error', { code: 'unsupported', text: 'permission denied' });
    const { warnings } = accounting.settle();
    expect(warnings.map((w) => [w.code, w.where?.file])).toEqual([
      ['ingest.ratio-limit', path], ['ingest.member-error', 'node1.tgz/other.gz'],
    ]);
  });

  it('settles byte-identical copies on the first path, whatever order they were read in', () => {
    const accounting = new FileAccounting();
    accounting.read('b/z-copy.log', info('z-copy.log'), 'node1', 'node1', counts({ lines: 4, parsed: 4, events: 4 }));
    accounting.skipped('b/a-original.log', info('a-original.log'), 'skipped', { code: 'duplicate', text: 'same bytes as b/z-copy.log', duplicateOf: 'b/z-copy.log' });
    const { files, renamed } = accounting.settle();
    expect(files.find((f) => f.path === 'b/a-original.log')?.status).toBe('parsed');
    expect(renamed.get('b/z-copy.log')).toBe('b/a-original.log');
  });

  it('says each assumption once, sorted, and tells when no line carried a time', () => {
    const accounting = new FileAccounting();
    accounting.assume('b/y.log: read as UTC');
    accounting.assume('b/x.log: read as UTC');
    accounting.assume('b/y.log: read as UTC');
    expect(accounting.nothingTimed).toBe(false);
    accounting.read('b/x.log', info('x.log'), undefined, 'unknown', counts({ lines: 2, parsed: 2, events: 2, untimed: 2 }));
    expect(accounting.nothingTimed).toBe(true);
    expect(accounting.settle().assumptions).toEqual(['b/x.log: read as UTC', 'b/y.log: read as UTC']);
  });
});
