// The file itself, not the ingest index: worker threads load this without the archive readers.
import { displayPath } from '../ingest/display-path.js';
import type { ContextEvent } from '../model/incident.js';
import type { LifecycleRules } from '../model/lifecycle.js';
import type { LogEvent } from '../model/log-event.js';
import type { LightLine } from '../formats/skim.js';
import { ProcessFirstSeen, type ProcessSighting } from './process-first-seen.js';
import { ownString } from './own-strings.js';

/** Per host and kind, context events kept for the report (boots and failures matter most; routine starts are capped). */
const MAX_PER_HOST_KIND = 200;
/** Two boot signals closer than this on one host are the same boot (kernel banner + boot id change). */
const SAME_BOOT_MS = 5 * 60_000;

export interface BootSignal {
  readonly host: string;
  readonly at: number;
  readonly text: string;
  readonly file: string;
  readonly line: number;
  readonly outputHost?: string;
}

/** What one collector gathered, as plain data: a worker thread sends it, the main thread's collector absorbs it. */
export interface ContextPart {
  readonly events: readonly ContextEvent[];
  readonly counts: readonly (readonly [string, number])[];
  readonly boots: readonly BootSignal[];
  readonly firstSeenBootId: readonly (readonly [string, BootSignal])[];
  readonly shutdowns: readonly (readonly [string, readonly number[]])[];
  readonly firstSystemdAt: readonly (readonly [string, number])[];
  readonly processFirstSeen: readonly ProcessSighting[];
}

/**
 * What the logs show of how long a host and a process had been up at an instant: what rule conditions
 * (`boot_phase`) are judged by. Hosts as the report names them.
 */
export interface UptimeClock {
  /** The latest boot of `host` at or before `at`, when the logs show one. */
  bootBefore(host: string | undefined, at: number): number | undefined;
  /** The earliest line the logs hold of the process that wrote `event` (same host, component, unit and pid). */
  processFirstSeen(event: LogEvent): number | undefined;
}

/**
 * Watches every event for lifecycle facts the logs state themselves: boots (boot id changes, kernel banners),
 * unclean shutdowns (a boot with no shutdown sequence before it), and systemd service lifecycle.
 * Files arrive one after another, not in time order, so boot facts are gathered first and judged in `result()`.
 * Cheap per event: most events are rejected on component before any regex.
 */
export class ContextCollector {
  private readonly kept = new Map<string, ContextEvent[]>();
  private readonly counts = new Map<string, number>();
  private readonly boots: BootSignal[] = [];
  private readonly firstSeenBootId = new Map<string, BootSignal>();
  private readonly shutdowns = new Map<string, number[]>();
  /** Earliest systemd event per host: evidence that a shutdown sequence would have been logged. */
  private readonly firstSystemdAt = new Map<string, number>();
  /** The boot id of the last line that named one, its host and its earliest sighting then (see `noteBootId`). */
  private lastBoot: { readonly bootId: string; readonly outputHost: string | undefined; readonly at: number } | undefined;
  /** Earliest line per process: how long a process is known to have run. */
  private readonly processFirstSeen = new ProcessFirstSeen();

  /** @param lifecycle what boots, shutdowns and service events look like (`patterns/context/lifecycle.yaml`). */
  constructor(private readonly lifecycle: LifecycleRules) {}

  observe(event: LogEvent): void {
    this.settled = undefined;
    const host = event.host ?? '';
    const at = event.timestamp;
    const component = event.component;
    const systemdLike = component === 'systemd' || event.unit === 'systemd' || event.unit === 'init';
    const kernel = component === 'kernel';
    if (at === undefined) return;
    this.processFirstSeen.noteEvent(event, at);
    if (event.bootId) this.noteBootId(event.host, event.bootId, at, event.origin.bundle, event.origin.member, event.origin.line);
    if (kernel && this.lifecycle.boot.some((pattern) => pattern.test(event.message))) {
      this.boots.push({ host, outputHost: event.host, at, text: ownString(event.message), file: fileOf(event), line: event.origin.line });
    }
    if (systemdLike) {
      const first = this.firstSystemdAt.get(host);
      if (first === undefined || at < first) this.firstSystemdAt.set(host, at);
    }
    if (systemdLike || kernel || component === undefined) {
      for (const pattern of this.lifecycle.shutdown) {
        if (pattern.test(event.message)) {
          let list = this.shutdowns.get(host);
          if (!list) this.shutdowns.set(host, (list = []));
          list.push(at);
          break;
        }
      }
    }
    if (systemdLike) {
      for (const { kind, regex } of this.lifecycle.services) {
        const m = regex.exec(event.message);
        if (m) {
          // Kept for the report: strings of its own, not slices keeping the input pieces of their lines alive.
          const unit = m.groups?.['unit'];
          this.add({ kind, host: event.host, timestamp: at, unit: unit === undefined ? undefined : ownString(unit), text: ownString(event.message), file: fileOf(event), line: event.origin.line });
          break;
        }
      }
    }
  }

  /**
   * The same for a light line (see formats/skim `LightLine`): its process and boot id. Boots, shutdowns and service
   * events are read from kernel, systemd and component-less lines, which are never light (pipeline/skim-eligibility).
   */
  observeLight(line: LightLine): void {
    this.settled = undefined;
    const at = line.timestamp;
    if (at === undefined) return;
    this.processFirstSeen.note(line.host ?? '', line.component ?? '', line.unit ?? '', line.pid ?? 0, at);
    if (line.bootId) this.noteBootId(line.host, line.bootId, at, line.bundle, line.member, line.line);
  }

  /** A boot id's earliest line per host. */
  private noteBootId(outputHost: string | undefined, bootId: string, at: number, bundle: string, member: string, line: number): void {
    // A journal names the same boot on line after line: no key is built for a line no earlier than the boot's first
    // (a boot's first sighting only ever moves earlier, so the remembered one is never too early).
    const last = this.lastBoot;
    if (last !== undefined && bootId === last.bootId && outputHost === last.outputHost && at >= last.at) return;
    const host = outputHost ?? '';
    const key = `${host}\u0000${bootId}`;
    const seen = this.firstSeenBootId.get(key);
    if (!seen || at < seen.at) {
      this.firstSeenBootId.set(key, { host, outputHost, at, text: `boot ${bootId}`, file: displayPath(bundle, member), line });
      this.lastBoot = { bootId, outputHost, at };
    } else this.lastBoot = { bootId, outputHost, at: seen.at };
  }

  /** Everything gathered so far, as plain data (for `absorb` in another thread). */
  part(): ContextPart {
    return {
      events: [...this.events],
      counts: [...this.counts],
      boots: [...this.boots],
      firstSeenBootId: [...this.firstSeenBootId],
      shutdowns: [...this.shutdowns],
      firstSystemdAt: [...this.firstSystemdAt],
      processFirstSeen: this.processFirstSeen.part(),
    };
  }

  /**
   * Adds what another collector gathered from later events (the next file): the result is the one this collector
   * would have reached observing those events itself, including which events the per-kind cap keeps.
   */
  absorb(part: ContextPart): void {
    this.settled = undefined;
    for (const event of part.events) this.keep(event);
    for (const [key, count] of part.counts) this.counts.set(key, (this.counts.get(key) ?? 0) + count);
    this.boots.push(...part.boots);
    for (const [key, signal] of part.firstSeenBootId) {
      const seen = this.firstSeenBootId.get(key);
      if (!seen || signal.at < seen.at) this.firstSeenBootId.set(key, signal);
    }
    for (const [host, times] of part.shutdowns) {
      let list = this.shutdowns.get(host);
      if (!list) this.shutdowns.set(host, (list = []));
      list.push(...times);
    }
    for (const [host, at] of part.firstSystemdAt) {
      const first = this.firstSystemdAt.get(host);
      if (first === undefined || at < first) this.firstSystemdAt.set(host, at);
    }
    this.processFirstSeen.absorb(part.processFirstSeen);
  }

  /**
   * How long hosts and processes were up, from the settled boots (renamed hosts applied). A process is known by
   * its host, component, unit and pid: a restart (a new pid) starts a new one.
   */
  uptimeClock(): UptimeClock {
    const bootsByHost = new Map<string, number[]>();
    for (const event of this.result()) {
      if (event.kind !== 'boot' || event.timestamp === undefined) continue;
      const host = event.host ?? '';
      let list = bootsByHost.get(host);
      if (!list) bootsByHost.set(host, (list = []));
      list.push(event.timestamp);
    }
    for (const list of bootsByHost.values()) list.sort((a, b) => a - b);
    const r = (host: string): string => this.renames.get(host) ?? host;
    const processes = this.renames.size > 0 ? this.processFirstSeen.renamed(r) : this.processFirstSeen;
    return {
      bootBefore(host, at) {
        const list = bootsByHost.get(host ?? '');
        let found: number | undefined;
        for (const boot of list ?? []) {
          if (boot > at) break;
          found = boot;
        }
        return found;
      },
      processFirstSeen: (event) => processes.firstSeen(event.host === undefined ? '' : r(event.host), event),
    };
  }

  private add(event: ContextEvent): void {
    const key = kindKey(event);
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.keep(event);
  }

  /**
   * Keeps, per host and kind, the MAX_PER_HOST_KIND earliest events in one total order (time, file, line), so which
   * events survive the cap never depends on the order files arrive in. Trimmed in batches to stay cheap.
   */
  private keep(event: ContextEvent): void {
    const key = kindKey(event);
    let list = this.kept.get(key);
    if (!list) this.kept.set(key, (list = []));
    list.push(event);
    if (list.length >= 2 * MAX_PER_HOST_KIND) this.kept.set(key, list.sort(compareContext).slice(0, MAX_PER_HOST_KIND));
  }

  private get events(): ContextEvent[] {
    return [...this.kept.values()].flatMap((list) => list.sort(compareContext).slice(0, MAX_PER_HOST_KIND));
  }

  private settled: ContextEvent[] | undefined;

  /** Context events sorted by time, host, file and line; boots merged and judged clean or unclean. */
  result(): ContextEvent[] {
    this.settled ??= this.settle();
    return this.settled;
  }

  private renames: ReadonlyMap<string, string> = new Map();

  /**
   * Hosts to report under another name (a sos report's name guessed a host its own `hostname` file contradicts):
   * applied when the context is settled, before boots are judged per host.
   */
  renameHosts(renames: ReadonlyMap<string, string>): void {
    this.renames = renames;
    this.settled = undefined;
  }

  private settle(): ContextEvent[] {
    const r = (host: string): string => this.renames.get(host) ?? host;
    const renaming = this.renames.size > 0;
    const firstSystemdAt = renaming ? new Map<string, number>() : this.firstSystemdAt;
    const shutdowns = renaming ? new Map<string, number[]>() : this.shutdowns;
    if (renaming) {
      for (const [host, at] of this.firstSystemdAt) firstSystemdAt.set(r(host), Math.min(at, firstSystemdAt.get(r(host)) ?? Infinity));
      for (const [host, times] of this.shutdowns) shutdowns.set(r(host), [...(shutdowns.get(r(host)) ?? []), ...times]);
    }
    const renamedSignal = (s: BootSignal): BootSignal => (renaming ? { ...s, host: r(s.host), outputHost: s.outputHost === undefined ? undefined : r(s.outputHost) } : s);
    const signals = [...this.boots, ...this.firstSeenBootId.values()].map(renamedSignal).sort((a, b) => a.host.localeCompare(b.host) || a.at - b.at || a.file.localeCompare(b.file) || a.line - b.line);
    const out: ContextEvent[] = renaming ? this.events.map((e) => (e.host === undefined ? e : { ...e, host: r(e.host) })) : [...this.events];
    let previous: BootSignal | undefined;
    for (const signal of signals) {
      if (previous && previous.host === signal.host && signal.at - previous.at < SAME_BOOT_MS) continue;
      const samehost = previous?.host === signal.host ? previous : undefined;
      out.push({ kind: 'boot', host: signal.outputHost, timestamp: signal.at, text: signal.text, file: signal.file, line: signal.line });
      const firstSystemd = firstSystemdAt.get(signal.host);
      // A boot can only be judged when systemd was logging before it: otherwise the missing shutdown proves nothing.
      if (firstSystemd !== undefined && firstSystemd < signal.at - 60_000) {
        const since = samehost?.at ?? -Infinity;
        const clean = (shutdowns.get(signal.host) ?? []).some((t) => t > since && t <= signal.at);
        if (!clean) {
          out.push({
            kind: 'unclean-shutdown', host: signal.outputHost, timestamp: signal.at,
            text: 'boot with no shutdown sequence logged before it', file: signal.file, line: signal.line,
          });
        }
      }
      previous = signal;
    }
    return out.sort(compareContext);
  }
}

function kindKey(event: ContextEvent): string {
  return `${event.host ?? ''}\u0000${event.kind}`;
}

/** One total order for context events: time, host, kind, file, line, then text. */
function compareContext(a: ContextEvent, b: ContextEvent): number {
  return (a.timestamp ?? Infinity) - (b.timestamp ?? Infinity) || (a.host ?? '').localeCompare(b.host ?? '') ||
    a.kind.localeCompare(b.kind) || a.file.localeCompare(b.file) || a.line - b.line || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0);
}

export function fileOf(event: LogEvent): string {
  return displayPath(event.origin.bundle, event.origin.member);
}
