import { describe, expect, it } from 'vitest';
import { matchTextOf } from '../../src/patterns/index.js';
import { plainEvent } from './plain-event.js';

describe('matchTextOf', () => {
  it('renders payload fields as ` key=value` after the message, unquoted', () => {
    const event = plainEvent('Failed to run CRI service', { fields: { error: 'failed to recover state: failed to get metadata for stored sandbox "c8ba6e5a0c3f": not found' } });
    expect(matchTextOf(event)).toBe('Failed to run CRI service error=failed to recover state: failed to get metadata for stored sandbox "c8ba6e5a0c3f": not found');
  });

  it('leaves out journal and environment fields', () => {
    const event = plainEvent('Started kubelet', { fields: { _PID: '1', SYSLOG_IDENTIFIER: 'systemd', _SYSTEMD_UNIT: 'init.scope', pod: 'kube-system/coredns', podUID: 'fc22' } });
    expect(matchTextOf(event)).toBe('Started kubelet pod=kube-system/coredns podUID=fc22');
  });
});
