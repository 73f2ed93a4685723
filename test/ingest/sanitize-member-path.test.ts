import { describe, expect, it } from 'vitest';
import { sanitizeMemberPath } from '../../src/ingest/index.js';

describe('sanitizeMemberPath', () => {
  it("strips Rancher's leading ./ and empty or . segments", () => {
    expect(sanitizeMemberPath('./node-2025-03-14_15_04_05/journald/k3s')).toBe('node-2025-03-14_15_04_05/journald/k3s');
    expect(sanitizeMemberPath('a//./b/')).toBe('a/b');
  });

  it('neutralises traversal, absolute paths, backslashes and terminal escapes', () => {
    expect(sanitizeMemberPath('../../etc/passwd')).toBe('__/__/etc/passwd');
    expect(sanitizeMemberPath('/var/log/syslog')).toBe('var/log/syslog');
    expect(sanitizeMemberPath('..\\win\\x.log')).toBe('__/win/x.log');
    expect(sanitizeMemberPath('evil\x1b[2Jname.log')).toBe('evil?[2Jname.log');
  });
});
