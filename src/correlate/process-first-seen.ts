import type { LogEvent } from '../model/log-event.js';

/** Processes remembered; a run with more (pids churning) stops learning new ones (their `after` conditions fail). */
const MAX_PROCESSES = 50_000;

/** One process's earliest line, as plain data: [host, component, unit, pid, epoch ms]. */
export type ProcessSighting = readonly [string, string, string, number, number];

type ByPid = Map<number, number>;
type ByUnit = Map<string, ByPid>;
type ByComponent = Map<string, ByUnit>;

/**
 * The earliest line of every process the logs show, a process being its host, component, unit and pid (0 when the
 * line names none): a restart is a new pid, so a new process. Called for every timed event, so it allocates nothing
 * per event: nested maps keyed by the event's own strings, not a joined key.
 */
export class ProcessFirstSeen {
  private readonly hosts = new Map<string, ByComponent>();
  private size = 0;

  // Consecutive lines nearly always come from the same process: its map and earliest time are remembered, so the
  // common case is a few string compares, not four map probes.
  private lastHost: string | undefined;
  private lastComponent: string | undefined;
  private lastUnit: string | undefined;
  private lastByPid: ByPid | undefined;
  private lastPid = NaN;
  /** What `lastByPid` holds for `lastPid` (NaN: nothing known). */
  private lastAt = NaN;

  note(host: string, component: string, unit: string, pid: number, at: number): void {
    let byPid = this.lastByPid;
    if (byPid === undefined || host !== this.lastHost || component !== this.lastComponent || unit !== this.lastUnit) {
      byPid = this.byPidOf(host, component, unit);
      this.lastHost = host;
      this.lastComponent = component;
      this.lastUnit = unit;
      this.lastByPid = byPid;
      this.lastPid = NaN;
    } else if (pid === this.lastPid && at >= this.lastAt) return;
    const seen = byPid.get(pid);
    if (seen === undefined) {
      if (this.size >= MAX_PROCESSES) {
        this.lastPid = NaN;
        return;
      }
      this.size++;
      byPid.set(pid, at);
      this.lastAt = at;
    } else if (at < seen) {
      byPid.set(pid, at);
      this.lastAt = at;
    } else this.lastAt = seen;
    this.lastPid = pid;
  }

  private byPidOf(host: string, component: string, unit: string): ByPid {
    let byComponent = this.hosts.get(host);
    if (!byComponent) this.hosts.set(host, (byComponent = new Map()));
    let byUnit = byComponent.get(component);
    if (!byUnit) byComponent.set(component, (byUnit = new Map()));
    let byPid = byUnit.get(unit);
    if (!byPid) byUnit.set(unit, (byPid = new Map()));
    return byPid;
  }

  noteEvent(event: LogEvent, at: number): void {
    this.note(event.host ?? '', event.component ?? '', event.unit ?? '', event.pid ?? 0, at);
  }

  /** The earliest line of the process that wrote `event`, its host read as `host`. */
  firstSeen(host: string, event: LogEvent): number | undefined {
    return this.hosts.get(host)?.get(event.component ?? '')?.get(event.unit ?? '')?.get(event.pid ?? 0);
  }

  part(): ProcessSighting[] {
    const out: ProcessSighting[] = [];
    for (const [host, byComponent] of this.hosts) {
      for (const [component, byUnit] of byComponent) {
        for (const [unit, byPid] of byUnit) for (const [pid, at] of byPid) out.push([host, component, unit, pid, at]);
      }
    }
    return out;
  }

  absorb(part: readonly ProcessSighting[]): void {
    for (const [host, component, unit, pid, at] of part) this.note(host, component, unit, pid, at);
  }

  /** The same sightings with hosts renamed (a sos report's guessed host settled), the earliest kept where two merge. */
  renamed(rename: (host: string) => string): ProcessFirstSeen {
    const out = new ProcessFirstSeen();
    for (const [host, component, unit, pid, at] of this.part()) out.note(rename(host), component, unit, pid, at);
    return out;
  }
}
