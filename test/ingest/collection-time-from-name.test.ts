import { describe, expect, it } from 'vitest';
import { collectionTimeFromName } from '../../src/ingest/index.js';

describe('collectionTimeFromName', () => {
  it('reads every bundle naming scheme as UTC', () => {
    expect(collectionTimeFromName('support-bundle-2025-03-14T15_04_05.tar.gz')).toBe(Date.UTC(2025, 2, 14, 15, 4, 5));
    expect(collectionTimeFromName('/tmp/k3s-node-03-2025-03-14_15_04_05.tar.gz')).toBe(Date.UTC(2025, 2, 14, 15, 4, 5));
    expect(collectionTimeFromName('inspection-report-20250314_150405.tar.gz')).toBe(Date.UTC(2025, 2, 14, 15, 4, 5));
    expect(collectionTimeFromName('sosreport-node1-20250314150405.tar.xz')).toBe(Date.UTC(2025, 2, 14, 15, 4, 5));
  });

  it('takes the end of the day for a friendly sos name that only has a date', () => {
    expect(collectionTimeFromName('sosreport-worker-2-2025-03-14-qwertyu.tar.xz')).toBe(Date.UTC(2025, 2, 15) - 1);
  });

  it('returns undefined for names without a stamp or with an impossible date', () => {
    expect(collectionTimeFromName('bundle.tgz')).toBeUndefined();
    expect(collectionTimeFromName('inspection-report-20250231_120000.tar.gz')).toBeUndefined();
    expect(collectionTimeFromName('node-2025-13-01_00_00_00.tar.gz')).toBeUndefined();
  });
});
