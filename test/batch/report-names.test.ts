import { describe, expect, it } from 'vitest';
import { reportNames } from '../../src/batch/report-names.js';

describe('reportNames', () => {
  it('names reports after the bundle without its archive extension', () => {
    const names = reportNames([
      { bundle: 'in/k3s-power-loss.tgz', contentHash: 'sha256:aa' },
      { bundle: 'in/inspection-report-20250602_091530.tar.gz', contentHash: 'sha256:bb' },
      { bundle: 'in/journalctl-k3s.txt', contentHash: 'sha256:cc' },
      { bundle: 'in/sosreport-worker-2/', contentHash: 'sha256:dd' },
    ]);
    expect([...names.values()]).toEqual(['k3s-power-loss', 'inspection-report-20250602_091530', 'journalctl-k3s', 'sosreport-worker-2']);
  });

  it('gives two bundles that would share a name (any case) their content hash, whatever their order', () => {
    const a = { bundle: 'customer-a/node.tgz', contentHash: 'sha256:0123456789abcdef' };
    const b = { bundle: 'customer-b/NODE.zip', contentHash: 'sha256:fedcba9876543210' };
    const forward = reportNames([a, b]);
    const backward = reportNames([b, a]);
    expect(forward.get(a.bundle)).toBe('node-0123456789ab');
    expect(forward.get(b.bundle)).toBe('NODE-fedcba987654');
    expect(backward).toEqual(forward);
  });

  it('makes hostile names safe for a file name', () => {
    const names = reportNames([{ bundle: 'in/../$(rm -rf ~) \u202e.tgz', contentHash: 'sha256:aa' }, { bundle: 'in/...', contentHash: 'sha256:bb' }]);
    expect([...names.values()]).toEqual(['_rm_-rf_', 'bundle']);
  });
});
