import type { IndexEntry, IndexedItem } from '../../src/known-incidents/incident-index.js';

/** Real-shaped filings for the index tests: the k3s power-loss sample's root cause and an OOM kill. */
export const SANDBOX_FP = 'fp1:containerd-sandbox-recovery-failed:57641900e54d';
export const OOM_FP = 'fp1:kernel-oom-kill:3f9c1e0a77b2';

export function item(fingerprint: string, overrides: Partial<IndexedItem> = {}): IndexedItem {
  return {
    fingerprint,
    kind: 'incident',
    signature: 'containerd-sandbox-recovery-failed',
    title: 'containerd cannot recover pod sandboxes after an unclean shutdown',
    severity: 'critical',
    host: 'k3s-node-03',
    firstSeen: Date.parse('2025-03-14T14:25:15.518Z'),
    lastSeen: Date.parse('2025-03-14T14:26:02.000Z'),
    count: 6,
    ...overrides,
  };
}

export function entry(ticket: string, items: readonly IndexedItem[], added = Date.parse('2025-03-02T09:00:00Z')): IndexEntry {
  return {
    ticket,
    note: 'power cut; containerd state wiped',
    added,
    report: {
      start: Date.parse('2025-03-14T06:00:00Z'),
      end: Date.parse('2025-03-14T14:30:00Z'),
      hosts: ['k3s-node-03'],
      versions: { version: ['v1.7.23-k3s2'] },
      toolVersion: '0.1.0',
      inputs: ['k3s-node-03-support.tgz'],
    },
    source: { kind: 'bundle', name: 'k3s-node-03-support.tgz', sha256: 'a'.repeat(64) },
    items,
  };
}
