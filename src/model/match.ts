import type { LogEvent } from './log-event.js';

/** A signature that matched one event. */
export interface Match {
  readonly signature: string;
  readonly event: LogEvent;
  /** Named regex captures (sandboxId, pod, container, version, …). */
  readonly captures: Readonly<Record<string, string>>;
}
