import type { ContextEvent } from './incident.js';

/** The service kinds of context events a lifecycle rule can yield. */
export type ServiceEventKind = Extract<ContextEvent['kind'], 'service-start' | 'service-stop' | 'service-failed' | 'service-restart'>;

/** Lifecycle knowledge as compiled data (`patterns/context/lifecycle.yaml`); plain data and regexes, so it crosses to worker threads. */
export interface LifecycleRules {
  /** A kernel line that opens a boot. */
  readonly boot: readonly RegExp[];
  /** Lines of a clean shutdown sequence. */
  readonly shutdown: readonly RegExp[];
  /** systemd's lines about a unit (a `unit` group names it); the first rule that matches decides the kind. */
  readonly services: readonly { readonly kind: ServiceEventKind; readonly regex: RegExp }[];
}
