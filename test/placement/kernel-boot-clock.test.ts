import { describe, expect, it } from 'vitest';
import { KernelBootClock } from '../../src/placement/kernel-boot-clock.js';
import type { LogEvent } from '../../src/model/log-event.js';

function kernelLine(file: string, wall: string, mono: string, message: string): LogEvent {
  return {
    timestamp: Date.parse(wall), timeQuality: 'year-inferred', host: 'node', component: 'kernel', message,
    fields: { kernelMonotonic: mono }, format: 'journal-short', origin: { bundle: 'b.tgz', member: file, line: 1, lineCount: 1 },
  };
}

// Issue 11: a sos report's kern.log logs the boot banner late (rsyslog starts after the kernel) and a live OOM line on time.
describe('KernelBootClock', () => {
  it('takes the least delayed line of the latest boot', () => {
    const clock = new KernelBootClock();
    // An older boot in the rotated file, then the latest one, with the buffered banner 3.8 s late.
    clock.observe(kernelLine('var/log/kern.log.1', '2022-02-10T08:00:05Z', '0.000000', 'Linux version 5.4.0-97-generic'));
    clock.observe(kernelLine('var/log/kern.log.1', '2022-02-10T09:00:00Z', '3595.000000', 'x'));
    clock.observe(kernelLine('var/log/kern.log', '2022-02-11T18:58:10Z', '0.000000', 'Linux version 5.4.0-97-generic'));
    clock.observe(kernelLine('var/log/kern.log', '2022-02-11T19:23:37Z', '1530.811848', 'Memory cgroup out of memory: Kill process 4142 (python3) score 68 or sacrifice child'));
    const boot = clock.latestBoots().get('node');
    expect(boot?.at).toBe(Date.parse('2022-02-11T18:58:06.188Z') + 0.152);
    expect(boot?.files).toEqual(['b.tgz:var/log/kern.log']);
  });

  it('starts a new boot when the monotonic clock goes back within one file', () => {
    const clock = new KernelBootClock();
    clock.observe(kernelLine('kern.log', '2022-02-11T10:00:00Z', '100.000000', 'a'));
    clock.observe(kernelLine('kern.log', '2022-02-11T12:00:10Z', '10.000000', 'b'));
    expect(clock.latestBoots().get('node')?.at).toBe(Date.parse('2022-02-11T12:00:00Z'));
    const other = new KernelBootClock();
    other.absorb(clock.part());
    expect(other.latestBoots().get('node')?.at).toBe(Date.parse('2022-02-11T12:00:00Z'));
  });
});
