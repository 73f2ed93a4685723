import { describe, expect, it } from 'vitest';
import { createMemberFilter } from '../../src/ingest/member-filter.js';

describe('createMemberFilter', () => {
  it('reads everything without globs', () => {
    const f = createMemberFilter(undefined, undefined);
    expect(f.skipFile('any/thing')).toBeUndefined();
    expect(f.skipArchive('x.tgz')).toBeUndefined();
  });

  it('names the exclude glob that skipped a member, and lets excludes win over includes', () => {
    const f = createMemberFilter(['*.log'], ['**/pods/**']);
    expect(f.skipFile('var/log/pods/a/b/0.log')).toBe('excluded by **/pods/**');
    expect(f.skipFile('var/log/syslog')).toBe('excluded: not matched by any include glob');
    expect(f.skipFile('var/log/kern.log')).toBeUndefined();
  });

  it('matches nested members inside their archive too, and applies only excludes to archives', () => {
    const f = createMemberFilter(['var/log/*'], ['*.tar.xz']);
    expect(f.skipFile('outer/inner.tgz!/var/log/messages')).toBeUndefined();
    expect(f.skipArchive('outer/inner.tgz')).toBeUndefined();
    expect(f.skipArchive('outer/sosreport-x.tar.xz')).toBe('excluded by *.tar.xz');
  });
});
