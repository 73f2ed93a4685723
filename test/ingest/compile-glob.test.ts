import { describe, expect, it } from 'vitest';
import { compileGlob } from '../../src/ingest/compile-glob.js';

describe('compileGlob', () => {
  it('matches a slash-less glob against the base name at any depth', () => {
    const g = compileGlob('*.log');
    expect(g('kubelet.log')).toBe(true);
    expect(g('var/log/pods/a_b_c/x/0.log')).toBe(true);
    expect(g('var/log/syslog')).toBe(false);
  });

  it('anchors a glob with a slash to the whole path; ** spans directories, * does not', () => {
    expect(compileGlob('var/log/*.log')('var/log/kern.log')).toBe(true);
    expect(compileGlob('var/log/*.log')('var/log/pods/x.log')).toBe(false);
    expect(compileGlob('var/log/**/*.log')('var/log/pods/a/b/0.log')).toBe(true);
    expect(compileGlob('**/journald/*')('host-2025-03-14_15_04_05/journald/k3s')).toBe(true);
    expect(compileGlob('pods/**')('pods/default_web_u/web/0.log')).toBe(true);
  });

  it('supports braces, classes and ?, and treats regex characters literally', () => {
    expect(compileGlob('{kern,sys}log*')('syslog.1')).toBe(true);
    expect(compileGlob('kern.log.[0-9]')('kern.log.3')).toBe(true);
    expect(compileGlob('kern.log.[!0-9]')('kern.log.3')).toBe(false);
    expect(compileGlob('dmesg.?')('dmesg.0')).toBe(true);
    expect(compileGlob('a+b.log')('a+b.log')).toBe(true);
    expect(compileGlob('a+b.log')('aab.log')).toBe(false);
  });
});
