import { describe, expect, it } from 'vitest';
import { parseSosReportName } from '../../../src/ingest/layouts/sos-report-name.js';

// Name patterns of sosreport/sos sos/policies/__init__.py get_archive_name (its docstring's own examples first).
describe('parseSosReportName', () => {
  it('reads the docstring examples of both patterns', () => {
    expect(parseSosReportName('sosreport-tux.123456-20171224185433')).toEqual({ host: 'tux', caseId: '123456', collectedAt: Date.UTC(2017, 11, 24, 18, 54, 33) });
    expect(parseSosReportName('sosreport-tux-mylabel-123456-2017-12-24-ezcfcop.tar.xz')).toEqual({
      host: 'tux-mylabel', caseId: '123456', collectedAt: Date.UTC(2017, 11, 25) - 1,
    });
  });

  it('accepts a random tail of any length, or none', () => {
    for (const tail of ['', '-a', '-ezcf', '-ezcfcop', '-ezcfcopqrstu', '-a1b2']) {
      expect(parseSosReportName(`sosreport-k8s-cp-1-2022-02-11${tail}`), tail).toEqual({ host: 'k8s-cp-1', collectedAt: Date.UTC(2022, 1, 12) - 1 });
    }
    expect(parseSosReportName('sosreport-localhost.localdomain-20130909153527-d5c8.tar.xz')).toMatchObject({ host: 'localhost', collectedAt: Date.UTC(2013, 8, 9, 15, 35, 27) });
  });

  it('keeps a short numeric host suffix (worker-2) and ignores names that are not sos reports', () => {
    expect(parseSosReportName('sosreport-worker-2-2025-03-14-qwertyu')?.host).toBe('worker-2');
    expect(parseSosReportName('support-bundle-2025-03-14T15_04_05')).toBeUndefined();
    expect(parseSosReportName('sosreport-node9')).toEqual({ host: 'node9' });
  });
});
