import type { Evidence, Incident } from '../model/incident.js';
import type { LogEvent } from '../model/log-event.js';
import { fileOf } from './collect-context.js';
import { readableRaw } from './to-evidence.js';
import { INCIDENT_GAP_MS } from './group-incidents.js';
import { templateTokens } from '../patterns/mask-variables.js';
import type { MinedTemplate } from './mine-templates.js';

/** The signature id of crash incidents (recognised by shape, not by a library file). */
export const CRASH_SIGNATURE = 'process-crash';
/** Crashes kept per run; a crash loop beyond this is still counted by the restart-loop signature. */
const MAX_CRASHES = 1000;
/** Lines of a crash kept as evidence (headline and the first frames). */
const EVIDENCE_LINES = 4;
/** A traceback whose exception line has not come after this many lines is dropped. */
const MAX_TRACEBACK_LINES = 300;

export type CrashKind = 'go-panic' | 'rust-panic' | 'java-exception' | 'python-traceback' | 'core-dump';

/** One process death, as plain data (a worker thread sends it). */
export interface Crash {
  readonly kind: CrashKind;
  readonly host?: string;
  readonly component?: string;
  readonly headline: string;
  readonly timestamp?: number;
  readonly evidence: readonly Evidence[];
}

// What runtimes print first when a process dies. Go: runtime/panic.go and the signal handler; Rust: std's panic
// hook (`thread 'main' panicked at src/main.rs:1:13:` with the message on the next line since 1.73, inside quotes
// before); Java: the default uncaught-exception handler; systemd-coredump's summary line.
const GO_START = /^(?:panic: |fatal error: |(?:SIGABRT: abort|SIGSEGV: segmentation violation|SIGQUIT: quit|SIGBUS: bus error|SIGILL: illegal instruction)\b|unexpected fault address )/;
const RUST_START = /^thread '[^']*'(?: \(\d+\))? panicked at (.*)$/;
const JAVA_START = /^Exception in thread "[^"]*" ((?:[\w$]+\.)*[\w$]*(?:Exception|Error)\b.*)$/;
const PYTHON_START = /^Traceback \(most recent call last\):\s*$/;
const PYTHON_EXCEPTION = /^(?:[A-Za-z_][\w]*\.)*[A-Za-z_]\w*(?:Error|Exception|Exit|Interrupt|Warning)\b(?::.*)?$/;
const CORE_DUMP = /^Process \d+ \(([^)]+)\) of user \d+ (?:dumped core|terminated abnormally)/;

interface Pending {
  readonly kind: CrashKind;
  readonly host?: string;
  readonly component?: string;
  headline?: string;
  readonly timestamp?: number;
  readonly evidence: Evidence[];
  lines: number;
}

/**
 * Recognises process deaths by the shape the runtime prints — Go panics and fatal signals (as one multi-line
 * go-panic event or line by line in a journal), Rust panics, uncaught Java exceptions, Python tracebacks — and
 * systemd-coredump's "dumped core" summary. Lines of one process are followed per file and pid (or unit), so a
 * traceback's exception line, printed last, gives the headline. Returns, per event, whether it belongs to a crash.
 */
export class CrashRecogniser {
  private readonly crashes: Crash[] = [];
  private readonly pending = new Map<string, Pending>();

  /**
   * True while no crash of this file waits for more lines of its process: an event of the file with no message then
   * neither joins nor starts one. (A traceback left open in a file read before never ends this.)
   */
  idleIn(bundle: string, member: string): boolean {
    if (this.pending.size === 0) return true;
    const prefix = `${bundle}\u0000${member}\u0000`;
    for (const key of this.pending.keys()) if (key.startsWith(prefix)) return false;
    return true;
  }

  observe(event: LogEvent): boolean {
    const message = event.message;
    const newline = message.indexOf('\n');
    const text = (newline < 0 ? message : message.slice(0, newline)).trim();
    // Nearly every event is no crash and follows none: the per-process key is built only when one is open.
    let key = this.pending.size > 0 ? crashKeyOf(event) : undefined;
    const open = key === undefined ? undefined : this.pending.get(key);
    if (open) {
      open.lines++;
      if (open.headline === undefined) {
        // Rust's message line, or a traceback's exception line, ends the wait for the headline.
        const headline = open.kind === 'rust-panic' ? text : PYTHON_EXCEPTION.test(text) ? text : undefined;
        if (headline !== undefined) open.headline = headline;
        if (open.evidence.length < EVIDENCE_LINES) open.evidence.push(evidenceOf(event));
        if (headline !== undefined) this.finish(key!, open);
        else if (open.lines > MAX_TRACEBACK_LINES) this.pending.delete(key!);
        return true;
      }
    }
    const started = this.start(event, text);
    if (!started) return false;
    key ??= crashKeyOf(event);
    if (started.headline !== undefined) this.finish(key, started);
    else this.pending.set(key, started);
    return true;
  }

  private start(event: LogEvent, text: string): Pending | undefined {
    // Built only once a start shape matched: most events are none.
    const base = (): Omit<Pending, 'kind'> => ({ host: event.host, component: event.component ?? event.unit, timestamp: event.timestamp, evidence: [evidenceOf(event)], lines: 1 });
    if (event.format === 'go-panic' || GO_START.test(text)) {
      // A dump's first line may be a goroutine header (a stack logged on its own): the runtime's headline is in its fields.
      const headline = event.fields['panic'] !== undefined ? `panic: ${event.fields['panic']}`
        : event.fields['fatalError'] !== undefined ? `fatal error: ${event.fields['fatalError']}`
        : text;
      if (!GO_START.test(headline)) return undefined;
      return { kind: 'go-panic', ...base(), headline };
    }
    const rust = RUST_START.exec(text);
    if (rust) {
      const quoted = /^'(.*)', \S+$/.exec(rust[1]!);
      return { kind: 'rust-panic', ...base(), headline: quoted ? `panicked at '${quoted[1]}'` : undefined };
    }
    const java = JAVA_START.exec(text);
    if (java) return { kind: 'java-exception', ...base(), headline: java[1]! };
    if (PYTHON_START.test(text)) return { kind: 'python-traceback', ...base() };
    const core = CORE_DUMP.exec(text);
    if (core) return { kind: 'core-dump', ...base(), component: core[1]!, headline: text };
    return undefined;
  }

  private finish(key: string, pending: Pending): void {
    this.pending.delete(key);
    if (this.crashes.length >= MAX_CRASHES) return;
    this.crashes.push({
      kind: pending.kind, host: pending.host, component: pending.component, headline: pending.headline ?? '',
      timestamp: pending.timestamp, evidence: pending.evidence,
    });
  }

  /** The crashes so far, as plain data. */
  part(): readonly Crash[] {
    return [...this.crashes];
  }

  /** Adds another file's crashes (in the order files were read). */
  absorb(crashes: readonly Crash[]): void {
    for (const crash of crashes) if (this.crashes.length < MAX_CRASHES) this.crashes.push(crash);
  }

  result(): readonly Crash[] {
    return this.crashes;
  }
}

/** The lines of one process: per file, and per pid (or unit). */
function crashKeyOf(event: LogEvent): string {
  return `${event.origin.bundle}\u0000${event.origin.member}\u0000${event.pid ?? event.unit ?? ''}`;
}

function evidenceOf(event: LogEvent): Evidence {
  const text = (readableRaw(event) ?? event.message).split('\n', 1)[0]!;
  return event.timestamp === undefined
    ? { file: fileOf(event), line: event.origin.line, text }
    : { file: fileOf(event), line: event.origin.line, timestamp: event.timestamp, text };
}

/** A crash incident and the crash times the restart-loop explanation weighs, as a template-like candidate. */
export interface CrashIncident {
  readonly incident: Incident;
  readonly candidate: MinedTemplate;
}

/**
 * One incident per run of crashes of one process with the same headline on one host (a crash loop is one incident
 * with its count), in time order; ids `process-crash@host#n`. They are context until they explain something.
 */
export function crashIncidents(crashes: readonly Crash[]): CrashIncident[] {
  const groups = new Map<string, Crash[]>();
  const ordered = [...crashes].sort((a, b) => (a.timestamp ?? Infinity) - (b.timestamp ?? Infinity));
  for (const crash of ordered) {
    const key = `${crash.host ?? ''}\u0000${crash.component ?? ''}\u0000${crash.kind}\u0000${templateTokens(crash.headline).join(' ')}`;
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(crash);
  }
  const runs: Crash[][] = [];
  for (const list of groups.values()) {
    let run: Crash[] = [];
    for (const crash of list) {
      const last = run[run.length - 1];
      if (last && crash.timestamp !== undefined && last.timestamp !== undefined && crash.timestamp - last.timestamp > INCIDENT_GAP_MS) {
        runs.push(run);
        run = [];
      }
      run.push(crash);
    }
    if (run.length) runs.push(run);
  }
  runs.sort((a, b) => (a[0]!.timestamp ?? Infinity) - (b[0]!.timestamp ?? Infinity) || a[0]!.headline.localeCompare(b[0]!.headline));
  const serial = new Map<string, number>();
  return runs.map((run) => {
    const first = run[0]!;
    const last = run[run.length - 1]!;
    const base = `${CRASH_SIGNATURE}@${first.host ?? 'unknown-host'}`;
    const n = (serial.get(base) ?? 0) + 1;
    serial.set(base, n);
    const times = run.map((c) => c.timestamp).filter((t): t is number => t !== undefined);
    const who = first.component ?? 'a process';
    const incident: Incident = {
      id: `${base}#${n}`,
      signature: CRASH_SIGNATURE,
      title: `${who} crashed (${KIND_NAMES[first.kind]}): ${first.headline.slice(0, 160)}`,
      severity: 'critical',
      role: 'context',
      host: first.host,
      firstSeen: times.length ? times[0] : undefined,
      lastSeen: times.length ? times[times.length - 1] : undefined,
      count: run.length,
      fields: { component: first.component ? [first.component] : [], headline: [first.headline], kind: [first.kind] },
      evidence: run.length > 1 ? [...first.evidence, last.evidence[0]!] : [...first.evidence],
    };
    const seconds = new Map<number, number>();
    for (const t of times) seconds.set(Math.floor(t / 1000), (seconds.get(Math.floor(t / 1000)) ?? 0) + 1);
    const candidate: MinedTemplate = {
      tokens: [incident.id],
      count: run.length,
      errors: run.length,
      critical: run.length,
      hosts: first.host ? [first.host] : [],
      components: first.component ? [first.component] : [],
      firstSeen: incident.firstSeen,
      lastSeen: incident.lastSeen,
      example: first.evidence[0]!,
      latest: last.evidence[0]!,
      seconds: [[first.host ?? '', [...seconds]]],
    };
    return { incident, candidate };
  });
}

const KIND_NAMES: Record<CrashKind, string> = {
  'go-panic': 'Go panic',
  'rust-panic': 'Rust panic',
  'java-exception': 'uncaught Java exception',
  'python-traceback': 'Python traceback',
  'core-dump': 'core dump',
};
