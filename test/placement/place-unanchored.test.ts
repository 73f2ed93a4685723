import { describe, expect, it } from 'vitest';
import { archiveChain, chainOfArchive, innermostArchive, onlyHostOf } from '../../src/placement/archive-chain.js';
import { UnanchoredMatches } from '../../src/placement/place-unanchored.js';
import type { LogEvent } from '../../src/model/log-event.js';
import type { Match } from '../../src/model/match.js';

function event(member: string, host: string | undefined, extra: Partial<LogEvent> = {}): LogEvent {
  return {
    timestamp: Date.parse('2025-03-14T14:25:00Z'), timeQuality: 'exact', host, severity: 'error', message: 'm', fields: {}, format: 'dmesg',
    origin: { bundle: 'bundle.tgz', member, line: 1, lineCount: 1 }, ...extra,
  };
}

const matchOf = (e: LogEvent): Match => ({ signature: 'kernel-oom-kill', event: e, captures: {} });

describe('archiveChain', () => {
  it('lists the archives a member sits in, innermost first, then the input', () => {
    expect(archiveChain('bundle.tgz', 'a.tgz!/b.tar.gz!/x/dmesg')).toEqual(['bundle.tgz\u0000a.tgz!/b.tar.gz', 'bundle.tgz\u0000a.tgz', 'bundle.tgz\u0000']);
    expect(archiveChain('bundle.tgz', 'x/dmesg')).toEqual(['bundle.tgz\u0000']);
    expect(archiveChain('-', '!/odd')).toEqual(['-\u0000']);
  });

  it('names the innermost archive of a member, and walks back out from it', () => {
    expect(innermostArchive('bundle.tgz', 'a.tgz!/b.tar.gz!/x/dmesg')).toBe('bundle.tgz\u0000a.tgz!/b.tar.gz');
    expect(innermostArchive('bundle.tgz', 'x/dmesg')).toBe('bundle.tgz\u0000');
    expect(chainOfArchive('bundle.tgz\u0000a.tgz!/b.tar.gz')).toEqual(archiveChain('bundle.tgz', 'a.tgz!/b.tar.gz!/x/dmesg'));
    expect(chainOfArchive('bundle.tgz\u0000')).toEqual(['bundle.tgz\u0000']);
  });

  it('gives the only host of the innermost archive that has one, none when it has several', () => {
    const hosts = new Map([['b\u0000n1.tgz', new Set(['node-1'])], ['b\u0000', new Set(['node-1', 'node-2'])]]);
    expect(onlyHostOf(archiveChain('b', 'n1.tgz!/apparmor/dmesg'), hosts)).toBe('node-1');
    expect(onlyHostOf(archiveChain('b', 'n2.tgz!/apparmor/dmesg'), hosts)).toBeUndefined();
    expect(onlyHostOf(archiveChain('b', 'top/dmesg'), hosts)).toBeUndefined();
  });
});

describe('UnanchoredMatches', () => {
  it('places a host-less line of a node report inside a multi-node bundle on that report\'s host', () => {
    const placed = new UnanchoredMatches();
    placed.observe(event('node-a.tgz!/journal.log', 'node-a'));
    placed.observe(event('node-b.tgz!/journal.log', 'node-b'));
    placed.hold(matchOf(event('node-b.tgz!/apparmor/dmesg', undefined)));
    placed.hold(matchOf(event('loose/dmesg', undefined)));
    const [inReport, loose] = placed.place([]);
    expect(inReport!.event.host).toBe('node-b');
    expect(loose!.event.host).toBeUndefined();
  });

  it('still places a host-less file of a single-node bundle on its node, nested or not', () => {
    const placed = new UnanchoredMatches();
    placed.observe(event('k3s-node-03/journald/k3s', 'k3s-node-03'));
    placed.hold(matchOf(event('extra.tgz!/dmesg', undefined)));
    placed.hold(matchOf(event('k3s-node-03/systeminfo/dmesg', undefined)));
    expect(placed.place([]).map((m) => m.event.host)).toEqual(['k3s-node-03', 'k3s-node-03']);
  });

  it('learns the same hosts from another collector\'s part (a worker thread)', () => {
    const worker = new UnanchoredMatches();
    worker.observe(event('node-a.tgz!/journal.log', 'node-a'));
    const main = new UnanchoredMatches();
    main.absorbHosts(worker.hostsPart());
    main.hold(matchOf(event('node-a.tgz!/dmesg', undefined)));
    expect(main.place([])[0]!.event.host).toBe('node-a');
  });
});
