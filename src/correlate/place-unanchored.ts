import type { ContextEvent } from '../model/incident.js';
import type { LogEvent } from '../model/log-event.js';
import type { Match } from '../model/match.js';

/**
 * Holds matches whose event could not be placed while streaming — no host (raw dmesg in a single-node bundle) or
 * only seconds since boot — and places them once the whole input is read: the host is the input's only host, and
 * monotonic seconds count from that host's latest boot (a raw dmesg buffer only ever holds the current boot).
 */
export class UnanchoredMatches {
  private readonly held: Match[] = [];
  private readonly hostsByBundle = new Map<string, Set<string>>();

  /** Every event passes here so the hosts of each input are known. */
  observe(event: LogEvent): void {
    if (!event.host) return;
    let hosts = this.hostsByBundle.get(event.origin.bundle);
    if (!hosts) this.hostsByBundle.set(event.origin.bundle, (hosts = new Set()));
    hosts.add(event.host);
  }

  /** The hosts of each input seen so far, as plain data (for `absorbHosts` in another thread). */
  hostsPart(): [string, string[]][] {
    return [...this.hostsByBundle].map(([bundle, hosts]) => [bundle, [...hosts]]);
  }

  absorbHosts(part: readonly (readonly [string, readonly string[]])[]): void {
    for (const [bundle, hosts] of part) {
      let known = this.hostsByBundle.get(bundle);
      if (!known) this.hostsByBundle.set(bundle, (known = new Set()));
      for (const host of hosts) known.add(host);
    }
  }

  needsPlacing(match: Match): boolean {
    return match.event.host === undefined || (match.event.timestamp === undefined && match.event.monotonic !== undefined);
  }

  hold(match: Match): void {
    this.held.push(match);
  }

  /** The held matches, placed where the input allows (unplaceable ones are returned unchanged, never dropped). */
  place(context: readonly ContextEvent[]): Match[] {
    const placer = this.placer(context);
    return this.held.map((match) => {
      const event = placer(match.event);
      return event === match.event ? match : { ...match, event };
    });
  }

  /** A function that places one event (the same rules as `place`), for callers that hold events, not matches. */
  placer(context: readonly ContextEvent[]): (event: LogEvent) => LogEvent {
    const latestBoot = new Map<string, number>();
    for (const item of context) {
      if (item.kind !== 'boot' || item.timestamp === undefined || !item.host) continue;
      if ((latestBoot.get(item.host) ?? -Infinity) < item.timestamp) latestBoot.set(item.host, item.timestamp);
    }
    return (original) => {
      let event = original;
      if (!event.host) {
        const hosts = this.hostsByBundle.get(event.origin.bundle);
        if (hosts?.size === 1) event = { ...event, host: [...hosts][0] };
      }
      if (event.timestamp === undefined && event.monotonic !== undefined && event.host) {
        const boot = latestBoot.get(event.host);
        if (boot !== undefined) event = { ...event, timestamp: boot + event.monotonic * 1000, timeQuality: 'relative-to-boot' };
      }
      return event;
    };
  }
}
