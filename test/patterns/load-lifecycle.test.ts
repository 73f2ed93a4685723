import { describe, expect, it } from 'vitest';
import { compileLifecycle, loadLibrary, loadLifecycle, LifecycleTableError } from '../../src/patterns/index.js';
import { shippedPatternsDir } from '../../src/cli/shipped-patterns-dir.js';

const lifecycle = loadLifecycle(shippedPatternsDir());
const serviceKind = (message: string) => lifecycle.services.find((rule) => rule.regex.test(message))?.kind;

describe('the lifecycle table (patterns/context/lifecycle.yaml)', () => {
  it('is data beside the signatures, not a signature', async () => {
    const { library, diagnostics } = await loadLibrary([shippedPatternsDir()], { strict: true });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(library.signatures.map((s) => s.file).some((file) => file.includes('context'))).toBe(false);
    expect(lifecycle.boot.length).toBeGreaterThan(0);
    expect(lifecycle.shutdown.length).toBeGreaterThan(0);
  });

  it('reads every restart line the restart-loop signature reads, with the same unit names', async () => {
    const { library } = await loadLibrary([shippedPatternsDir()]);
    const loop = library.byId('service-restart-loop')!;
    // systemd escapes "-" in path-derived unit names as \x2d (systemd-escape(1)).
    const lines = ['systemd-fsck@dev-disk-by\\x2duuid-0b1c.service: Scheduled restart job, restart counter is at 2.', 'k3s.service: Scheduled restart job, restart counter is at 3.'];
    for (const line of lines) {
      const signatureUnit = loop.rules.map((rule) => rule.regex.exec(line)?.groups?.['unit']).find(Boolean);
      const rule = lifecycle.services.find((r) => r.regex.test(line));
      expect(rule?.kind, line).toBe('service-restart');
      expect(rule!.regex.exec(line)?.groups?.['unit']).toBe(signatureUnit);
    }
  });

  it('tells service starts, stops and failures apart, and a clean exit is no failure', () => {
    expect(serviceKind('Started k3s.service - Lightweight Kubernetes.')).toBe('service-start');
    expect(serviceKind('Stopped k3s.service - Lightweight Kubernetes.')).toBe('service-stop');
    expect(serviceKind('k3s.service: Main process exited, code=exited, status=1/FAILURE')).toBe('service-failed');
    expect(serviceKind('k3s.service: Failed with result \'exit-code\'.')).toBe('service-failed');
    expect(serviceKind('apt-daily.service: Main process exited, code=exited, status=0/SUCCESS')).toBeUndefined();
  });

  it('names the file and the entry when the table is broken', () => {
    expect(() => compileLifecycle({ boot: [], shutdown: [], services: [{ kind: 'service-start', regex: '^Started (.+)$' }] }, 'x.yaml'))
      .toThrow(new LifecycleTableError('x.yaml: services[0].regex: needs a group named unit'));
    expect(() => compileLifecycle({ boot: [{ regex: '(' }], shutdown: [], services: [] }, 'x.yaml')).toThrow(/^x\.yaml: boot\[0\]\.regex: /);
    expect(() => compileLifecycle({ boot: [], services: [] }, 'x.yaml')).toThrow('x.yaml: shutdown: expected a list');
  });
});
