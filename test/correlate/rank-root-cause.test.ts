import { describe, expect, it } from 'vitest';
import type { Incident } from '../../src/model/incident.js';
import { rankRootCause } from '../../src/correlate/rank-root-cause.js';

function incident(id: string, extra: Partial<Incident>): Incident {
  return {
    id, signature: id.split('@')[0]!, title: `Title of ${id}`, severity: 'error', role: 'cause', host: 'node-a',
    count: 1, fields: {}, evidence: [], ...extra,
  };
}

const at = (minute: number) => Date.UTC(2025, 2, 14, 10, minute);

describe('rankRootCause weighs evidence, not only severity', () => {
  // The shape of the real case in the issue: one write to a read-only snap loop device (critical, one line) linked to
  // a restart loop, against an error repeated before each of 16 restarts that explains the API server's loop.
  const stray = incident('kernel-filesystem-readonly@node-a#1', { severity: 'critical', count: 1, firstSeen: at(0), lastSeen: at(0) });
  const strayEffect = incident('systemd-unit-failed@node-a#1', { role: 'symptom', causedBy: stray.id, firstSeen: at(20), count: 2 });
  const repeated = incident('apiserver-cert-unreadable@node-a#1', { severity: 'error', count: 16, firstSeen: at(5), lastSeen: at(10) });
  const loop = incident('service-restart-loop@node-a#1', { role: 'symptom', causedBy: repeated.id, firstSeen: at(5), lastSeen: at(10), count: 32 });

  it('lets a repeated, explained failure beat one stray critical line that explains as much', () => {
    const root = rankRootCause([stray, strayEffect, repeated, loop], () => undefined);
    expect(root?.incident).toBe(repeated.id);
  });

  it('shows every ranking factor in the explanation', () => {
    const root = rankRootCause([stray, strayEffect, repeated, loop], () => undefined)!;
    expect(root.explanation).toContain('Ranked on: recurrence 16 lines; explains 1 other incident; starts with its first effect; severity error.');
    const alone = rankRootCause([stray, strayEffect], () => undefined)!;
    expect(alone.explanation).toContain('recurrence 1 line (a single line: weak evidence); explains 1 other incident; starts 20m before its first effect; severity critical');
  });
});
