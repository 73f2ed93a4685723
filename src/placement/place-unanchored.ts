import type { ContextEvent } from '../model/incident.js';
import type { LogEvent } from '../model/log-event.js';
import type { LightLine } from '../formats/skim.js';
import type { Match } from '../model/match.js';
import { ArchiveHosts } from './archive-chain.js';
import { KernelBootClock, type KernelClockPart } from './kernel-boot-clock.js';

/**
 * Holds matches whose event could not be placed while streaming — no host (raw dmesg in a single-node bundle) or
 * only seconds since boot — and places them once the whole input is read: the host is the only host of the
 * innermost archive holding the file that has any (a node's own report inside a multi-node bundle), and
 * monotonic seconds count from that host's latest boot (a raw dmesg buffer only ever holds the current boot): the
 * one live kernel lines carrying both clocks give, else the latest boot the context saw (a kernel banner's time is
 * that of the buffered boot messages, often seconds late).
 */
export class UnanchoredMatches {
  private readonly held: Match[] = [];
  /** Which hosts each archive holds, from every event: coverage settles its host-less lines with the same. */
  readonly archiveHosts = new ArchiveHosts();
  // Consecutive events come from the same file and host: the chain is walked once per run of them.
  private lastMember: string | undefined;
  private lastBundle: string | undefined;
  private lastHost: string | undefined;
  private readonly kernelClock = new KernelBootClock();
  private readonly anchoredHosts = new Map<string, { at: number; files: string[] }>();

  /** Every event passes here so the hosts of each input and of each archive in it are known. */
  observe(event: LogEvent): void {
    this.kernelClock.observe(event);
    const host = event.host;
    if (host) this.noteHost(event.origin.bundle, event.origin.member, host, event.hostProvisional === true);
  }

  /**
   * The same for a light line (see formats/skim `LightLine`): only its host counts, as the kernel boot clock reads
   * kernel lines, which are never light (pipeline/skim-eligibility).
   */
  observeLight(line: LightLine): void {
    const host = line.host;
    if (host) this.noteHost(line.bundle, line.member, host, line.hostProvisional);
  }

  private noteHost(bundle: string, member: string, host: string, provisional: boolean): void {
    if (member === this.lastMember && bundle === this.lastBundle && host === this.lastHost) return;
    this.lastMember = member;
    this.lastBundle = bundle;
    this.lastHost = host;
    if (provisional) this.archiveHosts.addProvisional(bundle, member, host);
    else this.archiveHosts.add(bundle, member, host);
  }

  /** The hosts of each archive seen so far, as plain data (for `absorbHosts` in another thread). */
  hostsPart(): [string, string[]][] {
    return this.archiveHosts.part();
  }

  absorbHosts(part: readonly (readonly [string, readonly string[]])[]): void {
    this.archiveHosts.absorb(part);
  }

  /** The boots kernel lines revealed so far, as plain data (for `absorbKernelClock` in another thread). */
  kernelClockPart(): KernelClockPart {
    return this.kernelClock.part();
  }

  absorbKernelClock(part: KernelClockPart): void {
    this.kernelClock.absorb(part);
  }

  /** One sentence per host whose raw dmesg seconds were placed from kernel lines carrying both clocks. */
  assumptions(): string[] {
    return [...this.anchoredHosts].sort(([a], [b]) => a.localeCompare(b)).map(([host, boot]) => KernelBootClock.describe(host, boot));
  }

  needsPlacing(match: Match): boolean {
    return match.event.host === undefined || match.event.hostProvisional === true || (match.event.timestamp === undefined && match.event.monotonic !== undefined);
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
    const kernelBoots = this.kernelClock.latestBoots();
    return (original) => {
      let event = original;
      if (event.hostProvisional) {
        // The bundle name's guess gives way to the host the bundle's files name (its `hostname` file, read later).
        const { hostProvisional: _settled, ...rest } = event;
        event = { ...rest, host: this.archiveHosts.hostOfMember(event.origin.bundle, event.origin.member) ?? event.host };
      } else if (!event.host) {
        const host = this.archiveHosts.hostOfMember(event.origin.bundle, event.origin.member);
        if (host !== undefined) event = { ...event, host };
      }
      if (event.timestamp === undefined && event.monotonic !== undefined && event.host) {
        const kernelBoot = kernelBoots.get(event.host);
        if (kernelBoot) this.anchoredHosts.set(event.host, kernelBoot);
        const boot = kernelBoot?.at ?? latestBoot.get(event.host);
        if (boot !== undefined) event = { ...event, timestamp: boot + event.monotonic * 1000, timeQuality: 'relative-to-boot' };
      }
      return event;
    };
  }
}
