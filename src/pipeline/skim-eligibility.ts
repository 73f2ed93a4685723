import type { Severity } from '../model/log-event.js';
import type { SkimPolicy } from '../formats/skim.js';
import type { EventFilter } from './filter-events.js';
import { isLevelless } from '../correlate/mine-templates.js';

/**
 * What a crash headline holds (correlate/recognise-crashes: Go's panic and fatal signal lines, Rust's panic hook,
 * Java's uncaught exception, Python's traceback, systemd-coredump's summary), as message literals for the raw-byte
 * line marker: a line holding none cannot open a crash, so its event may be light (see formats/skim).
 */
export const CRASH_HEADLINE_LITERALS: readonly string[] = [
  'panic: ', 'fatal error: ', 'SIGABRT: abort', 'SIGSEGV: segmentation violation', 'SIGQUIT: quit', 'SIGBUS: bus error',
  'SIGILL: illegal instruction', 'unexpected fault address ', 'panicked at ', 'Exception in thread "',
  'Traceback (most recent call last):', ' dumped core', ' terminated abnormally',
];

/**
 * A crash that stays open after its first line (a Python traceback waits for its exception line, a Rust panic for
 * its message) takes later lines of the same process and file as its own, whatever they say. A marked line that may
 * open one (or holds an escape or a colour code, which parsing removes, that could hide one) ends skimming for the
 * rest of its file.
 */
const MAY_OPEN_LASTING_CRASH = /traceback|panicked|\\[uUx0-7]|\u001b/i;

/**
 * Whether a light event (no message, no fields) serves the analysis as well as the whole one, for a line the
 * prefilter proved holds no signature, system fact or crash headline literal. Every other reader of an event's text
 * is ruled out here:
 * - unrecognised-error mining reads warnings, errors and level-less lines that may say they failed (mine-templates);
 * - lifecycle context (boots, shutdowns, service events) reads kernel, systemd and component-less lines
 *   (correlate/collect-context), and the kernel boot clock kernel lines (placement/kernel-boot-clock).
 * Coverage, process first sightings, boot ids and host placement read only what a skim gives.
 */
export function lightEventSuffices(severity: Severity, component: string | undefined, unit: string | undefined, format: string, nested: boolean): boolean {
  if (severity !== 'info' && severity !== 'debug') return false;
  if (isLevelless(severity, format, nested)) return false;
  if (component === undefined || component === 'kernel' || component === 'systemd') return false;
  return unit !== 'systemd' && unit !== 'init';
}

/** The analysis's skim policy (`ParseEventsOptions.skim`). */
export const ANALYSIS_SKIM_POLICY: SkimPolicy = {
  lightSuffices: lightEventSuffices,
  endsSkimming: (text) => MAY_OPEN_LASTING_CRASH.test(text),
};

/**
 * Whether a run under this filter may skim: a filter that reads the text (`--grep`), or that holds events until
 * placement (host, time window: see filter-events `awaitsPlacement`), which then reach the matcher and the crash
 * recogniser out of file order, needs whole events.
 */
export function skimsUnder(filter: EventFilter): boolean {
  return filter.grep === undefined && filter.hosts === undefined && filter.since === undefined && filter.until === undefined;
}
