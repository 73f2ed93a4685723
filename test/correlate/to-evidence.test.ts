import { describe, expect, it } from 'vitest';
import { toEvidence } from '../../src/correlate/to-evidence.js';
import type { LogEvent } from '../../src/model/log-event.js';

// The shape of a binary journal entry as ingest serialises it (systemd docs/JOURNAL_EXPORT_FORMATS.md json form).
const RECORD = '{"__CURSOR":"s=0b3e2c4c9d7a4bf3a2b1c0d9e8f7a6b5;i=1a2;b=7c1f0e5e6a3b4c2d9e8f7a6b5c4d3e2f;m=5f5e100;t=5d7a1e3b2c4d5;x=9a8b7c6d5e4f3a2b","__REALTIME_TIMESTAMP":"1741962315518500","_BOOT_ID":"7c1f0e5e6a3b4c2d9e8f7a6b5c4d3e2f","PRIORITY":"3","_SYSTEMD_UNIT":"k3s.service","MESSAGE":"Failed to run CRI service"}';

function event(format: string, raw: string, envelope?: LogEvent['envelope']): LogEvent {
  return {
    timestamp: 1741962315518.5, timeQuality: 'exact', host: 'n', component: 'k3s', message: 'Failed to run CRI service', fields: {}, format, raw,
    origin: { bundle: 'b.tgz', member: 'var/log/journal/m/system.journal', line: 418, lineCount: 1 }, ...(envelope ? { envelope } : {}),
  };
}

describe('toEvidence', () => {
  it('shows a journal record by its message, not its serialised entry', () => {
    expect(toEvidence({ signature: 's', captures: {}, event: event('journal-json', RECORD) }).text).toBe('Failed to run CRI service');
    const nested = event('logrus', RECORD, { format: 'journal-json' });
    expect(toEvidence({ signature: 's', captures: {}, event: nested }).text).not.toMatch(/__CURSOR/);
  });

  it('keeps the line as read for text formats', () => {
    const line = 'Mar 14 14:25:15 n k3s[812]: Failed to run CRI service';
    expect(toEvidence({ signature: 's', captures: {}, event: event('journal-short', line) }).text).toBe(line);
  });
});
