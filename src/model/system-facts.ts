/**
 * What a host's bundle says about the system (OS, kernel, Kubernetes distribution and component versions, uptime,
 * memory), read from log lines and from the non-log files collectors carry (`patterns/context/system-facts.yaml`).
 */

/** A fact a rule can yield: the fixed ones, or `version` of a named product (k3s, containerd, runc, kubelet…). */
export type SystemFactName = 'os' | 'kernel' | 'uptime' | 'memory' | 'version';

/** One compiled rule: a regex whose `value` group gives the fact. */
export interface SystemFactRule {
  readonly fact: SystemFactName;
  /** For `version`: the product (`k3s`, `containerd`). */
  readonly product?: string;
  readonly regex: RegExp;
  /** For `memory`: the unit the captured number is in (`kB`, `MiB`, `bytes`…). */
  readonly unit?: string;
  /** For log lines: text every matching message contains, tested before the regex. */
  readonly literal?: string;
  /** For log lines: only events of this component (`kernel`, `containerd`); any when absent. */
  readonly component?: string;
}

/** The compiled table: plain data and regexes, so it crosses to worker threads. */
export interface SystemFactRules {
  /** Rules tried on every event's message. */
  readonly lines: readonly SystemFactRule[];
  /** Non-log files by glob (matched against the member path): the rules tried on each line of their text. */
  readonly files: readonly { readonly path: string; readonly rules: readonly SystemFactRule[] }[];
  /** Products that name the Kubernetes distribution, in precedence order (`k3s` before `kubelet`). */
  readonly distributions: readonly string[];
}

/** One fact as read, with where it was read. */
export interface SystemFactSighting {
  readonly host: string;
  readonly fact: SystemFactName;
  readonly product?: string;
  readonly value: string;
  /** `bundle.tgz:member/path`. */
  readonly file: string;
  readonly line: number;
  /** Epoch ms of the line, when it has one. */
  readonly timestamp?: number;
  /** Read from a non-log file (os-release, uname): the system at collection time. */
  readonly fromFile?: boolean;
}

/** The report's summary of one host's system. */
export interface SystemSummary {
  readonly host: string;
  readonly os?: string;
  readonly kernel?: string;
  /** `k3s`, `rke2`, `microk8s`, `kubernetes` (kubeadm and others: kubelet only). */
  readonly distribution?: string;
  /** Product → version (`k3s: v1.32.1+k3s1`, `containerd: v2.0.2-k3s2`). */
  readonly versions: Readonly<Record<string, string>>;
  readonly uptime?: string;
  readonly memoryBytes?: number;
  /** The zone the host's logs print local times in (`Europe/Berlin`, `-05:00`), when the bundle gave or revealed it. */
  readonly timeZone?: string;
  /** Set when that zone has one offset all year (`CEST` read from a journal header, `-05:00`): minutes east of UTC. */
  readonly utcOffsetMinutes?: number;
  /** `file:line` of every fact shown, so each can be checked. */
  readonly sources: readonly string[];
}

/** A version found in the bundle checked against what the root cause's signature declares. */
export interface VersionCheck {
  readonly host: string;
  readonly product: string;
  readonly version: string;
  /** `affected`: inside a declared affected range; `fixed`: at or past a fixed release; `unknown`: neither can be said. */
  readonly verdict: 'affected' | 'fixed' | 'unknown';
  /** The signature's declared ranges, as written. */
  readonly affected?: string;
  readonly fixedIn?: string;
}
