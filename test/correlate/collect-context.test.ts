import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ContextCollector } from '../../src/correlate/index.js';
import type { LogEvent } from '../../src/model/log-event.js';
import type { LightLine } from '../../src/formats/skim.js';
import { loadLifecycle } from '../../src/patterns/index.js';
import { shippedPatternsDir } from '../../src/cli/shipped-patterns-dir.js';

const lifecycle = loadLifecycle(shippedPatternsDir());

let n = 0;
const ev = (iso: string, component: string, message: string, bootId?: string): LogEvent => ({
  timestamp: Date.parse(iso), timeQuality: 'exact', host: 'k3s-node-03', component, unit: component === 'systemd' ? 'systemd' : component,
  severity: 'info', message, fields: {}, format: 'journal-short', bootId, origin: { bundle: 'b', member: 'journal', line: ++n, lineCount: 1 },
});

describe('ContextCollector', () => {
  it('finds a boot with no shutdown sequence before it (power loss) and service restarts', () => {
    const context = new ContextCollector(lifecycle);
    for (const event of [
      ev('2025-03-14T06:12:03Z', 'kernel', 'Linux version 6.1.0-31-amd64 (debian-kernel@lists.debian.org)', 'b1'),
      ev('2025-03-14T06:12:05Z', 'systemd', 'Started k3s.service - Lightweight Kubernetes.', 'b1'),
      ev('2025-03-14T13:43:51Z', 'kubelet', 'watch error', 'b1'),
      ev('2025-03-14T14:25:11Z', 'kernel', 'Linux version 6.1.0-31-amd64 (debian-kernel@lists.debian.org)', 'b2'),
      ev('2025-03-14T14:25:16Z', 'systemd', 'k3s.service: Main process exited, code=exited, status=1/FAILURE', 'b2'),
      ev('2025-03-14T14:25:21Z', 'systemd', 'k3s.service: Scheduled restart job, restart counter is at 1.', 'b2'),
    ]) context.observe(event);
    const kinds = context.result().map((c) => `${c.kind}@${c.timestamp ? new Date(c.timestamp).toISOString().slice(11, 19) : '-'}`);
    expect(kinds).toEqual(['boot@06:12:03', 'service-start@06:12:05', 'boot@14:25:11', 'unclean-shutdown@14:25:11', 'service-failed@14:25:16', 'service-restart@14:25:21']);
  });

  it('does not call a boot unclean when the previous boot logged its shutdown', () => {
    const context = new ContextCollector(lifecycle);
    for (const event of [
      ev('2025-03-14T06:12:03Z', 'kernel', 'Linux version 6.1.0', 'b1'),
      ev('2025-03-14T06:12:05Z', 'systemd', 'Started k3s.service - Lightweight Kubernetes.', 'b1'),
      ev('2025-03-14T13:00:00Z', 'systemd', 'Reached target System Reboot.', 'b1'),
      ev('2025-03-14T13:01:00Z', 'kernel', 'Linux version 6.1.0', 'b2'),
    ]) context.observe(event);
    expect(context.result().some((c) => c.kind === 'unclean-shutdown')).toBe(false);
  });

  it('keeps each boot id\'s earliest line, from events and light lines alike, whatever order they come in', () => {
    const sighting = fc.record({ bootId: fc.constantFrom('b1', 'b2'), host: fc.constantFrom('h', undefined), at: fc.integer({ min: 0, max: 9 }), light: fc.boolean() });
    fc.assert(fc.property(fc.array(sighting, { maxLength: 40 }), (sightings) => {
      const context = new ContextCollector(lifecycle);
      const earliest = new Map<string, { at: number; line: number }>();
      sightings.forEach(({ bootId, host, at, light }, i) => {
        const line = i + 1;
        if (light) {
          const read: LightLine = { timestamp: at, host, hostProvisional: false, component: 'kubelet', unit: 'k3s', pid: 7, severity: 'info', bootId, bundle: 'b', member: 'journal', line };
          context.observeLight(read);
        } else {
          context.observe({ timestamp: at, timeQuality: 'exact', host, component: 'kubelet', unit: 'k3s', pid: 7, severity: 'info', message: 'm', fields: {}, format: 'journal-json', bootId, origin: { bundle: 'b', member: 'journal', line, lineCount: 1 } });
        }
        const key = `${host ?? ''}/${bootId}`;
        const seen = earliest.get(key);
        if (!seen || at < seen.at) earliest.set(key, { at, line });
      });
      const found = new Map(context.part().firstSeenBootId.map(([, signal]) => [`${signal.host}/${signal.text.slice('boot '.length)}`, { at: signal.at, line: signal.line }]));
      expect(found).toEqual(earliest);
    }), { numRuns: 300 });
  });
});
