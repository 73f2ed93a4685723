import type { SourceRef } from './log-line.js';

/** Normalised severity, most severe first. */
export const SEVERITIES = ['critical', 'error', 'warning', 'info', 'debug'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Severity rank: 0 = critical … 4 = debug; an event without one counts as info. */
export function severityRank(severity: Severity | undefined): number {
  return SEVERITIES.indexOf(severity ?? 'info');
}

/**
 * How much the timestamp can be trusted.
 * exact: date, time and zone were all on the line; year-inferred: the line had no year;
 * zone-assumed: local time with a zone that was assumed, not read; relative-to-boot: monotonic
 * seconds anchored to a boot time; approximate: a kubectl age (`5m`) counted back from the collection time;
 * none: no timestamp at all.
 */
export const TIME_QUALITIES = ['exact', 'year-inferred', 'zone-assumed', 'relative-to-boot', 'approximate', 'none'] as const;
export type TimeQuality = (typeof TIME_QUALITIES)[number];

/** The layer of a nested line (journal/syslog/CRI envelope, or the logrus/klog/JSON payload inside it). */
export interface EventLayer {
  readonly format: string;
  /** Epoch ms UTC. */
  readonly timestamp?: number;
  readonly severity?: Severity;
  readonly component?: string;
}

/** One normalised record; may span several physical lines (continuations, stack traces, export entries). */
export interface LogEvent {
  /** Epoch ms UTC (may carry a fraction for µs precision); undefined when the line has none. */
  readonly timestamp?: number;
  readonly timeQuality: TimeQuality;
  readonly host?: string;
  /**
   * True when `host` is the bundle name's guess, given before the bundle's own host file was read: placement settles
   * it once the whole input is read (the host the bundle's other files name, else this one).
   */
  readonly hostProvisional?: boolean;
  /** containerd, kubelet, k3s, kubelite, apiserver, etcd, kernel, systemd, … */
  readonly component?: string;
  /** systemd unit or syslog identifier. */
  readonly unit?: string;
  readonly pid?: number;
  readonly severity?: Severity;
  /** The message without the envelope(s) and without the payload's own timestamp/level prefix. */
  readonly message: string;
  /** Parsed key/values (logrus fields, klog structured values, journal fields, captured names). */
  readonly fields: Readonly<Record<string, string>>;
  /** Id of the innermost format that parsed this event (`logrus`, `klog`, `journal-short`, …). */
  readonly format: string;
  readonly bootId?: string;
  /**
   * Boots seen earlier in the same member (boot markers, wall-clock resets of more than a minute); absent for the
   * first. Keeps boots apart where the input names no boot id: a machine without an RTC starts every boot at one time.
   */
  readonly bootSegment?: number;
  /** Seconds since boot when the line printed only that (raw dmesg) and no boot time was known to place it. */
  readonly monotonic?: number;
  readonly origin: EventOrigin;
  /** The first physical line as read (evidence shows what the engineer can grep for); absent for very long records. */
  readonly raw?: string;
  /** The outer layer when the event was nested (a journal line carrying a logrus payload). */
  readonly envelope?: EventLayer;
  /** The inner layer when the event was nested. */
  readonly payload?: EventLayer;
}

export interface EventOrigin extends SourceRef {
  /** 1-based first line of the event in its member. */
  readonly line: number;
  /** Physical lines the event spans (1 for a single line). */
  readonly lineCount: number;
}
