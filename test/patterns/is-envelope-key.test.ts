import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isEnvelopeKey } from '../../src/patterns/is-envelope-key.js';

const obvious = (key: string): boolean => key.startsWith('_') || /^[A-Z][A-Z0-9_]*$/.test(key);

describe('isEnvelopeKey', () => {
  it('treats journal fields as envelope and payload fields as content', () => {
    expect(['_PID', 'SYSLOG_IDENTIFIER', 'MESSAGE', '_SYSTEMD_UNIT', 'X'].map(isEnvelopeKey)).toEqual([true, true, true, true, true]);
    expect(['error', 'pod', 'podUID', 'Error', 'K8S-X', ''].map(isEnvelopeKey)).toEqual([false, false, false, false, false, false]);
  });

  it('agrees with the regex it replaces on random keys', () => {
    const unit = fc.constantFrom('A', 'Z', 'a', '_', '0', '9', '-', ' ', 'É');
    fc.assert(fc.property(fc.string({ unit, maxLength: 6 }), (key) => { expect(isEnvelopeKey(key)).toBe(obvious(key)); }), { numRuns: 1000 });
  });
});
