// The file itself, not the ingest index: worker threads load this without the archive readers.
import { compileGlob } from '../ingest/compile-glob.js';
import type { LogEvent } from '../model/log-event.js';
import type { SystemFactRule, SystemFactRules, SystemFactSighting, SystemSummary } from '../model/system-facts.js';
import { matchTextOf } from '../patterns/match-text-of.js';
import { fileOf } from './collect-context.js';

/** Non-log files are read this far: os-release, uname and meminfo are a few hundred bytes; package lists are cut. */
export const FACT_FILE_BYTES = 64 * 1024;

const UNIT_BYTES: Readonly<Record<string, number>> = { bytes: 1, kB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };

/** What one collector saw, as plain data: a worker thread sends it, the main thread's collector absorbs it. */
export interface SystemFactsPart {
  readonly sightings: readonly SystemFactSighting[];
}

function keyOf(s: Pick<SystemFactSighting, 'host' | 'fact' | 'product'>): string {
  return `${s.host}\u0000${s.fact}\u0000${s.product ?? ''}`;
}

/**
 * A file (the system at collection time) beats a log line; of two files the first by path, and within one file the
 * later line (`ctr version` prints the client, then the server); of two lines the later in time (an upgrade is
 * followed by a newer start line), a timed one before an untimed one, then the first by path and line. Never the
 * order files were read in, so archive order and worker threads do not change the report.
 */
function better(candidate: SystemFactSighting, kept: SystemFactSighting): boolean {
  const fileA = candidate.fromFile === true;
  const fileB = kept.fromFile === true;
  if (fileA !== fileB) return fileA;
  if (fileA) return candidate.file === kept.file ? candidate.line > kept.line : candidate.file < kept.file;
  if (candidate.timestamp !== kept.timestamp) {
    if (candidate.timestamp === undefined) return false;
    return kept.timestamp === undefined || candidate.timestamp > kept.timestamp;
  }
  return candidate.file === kept.file ? candidate.line < kept.line : candidate.file < kept.file;
}

function capture(rule: SystemFactRule, text: string): string | undefined {
  const value = rule.regex.exec(text)?.groups?.['value']?.trim().replace(/\s+/g, ' ');
  if (!value) return undefined;
  // A snap listing gives `v1.32.3 7964`: the version, then the snap revision.
  return rule.fact === 'version' && /^\S+ \d+$/.test(value) ? value.replace(' ', ' rev ') : value;
}

/** The text each line rule needs in an event's message before it runs (every line rule names one). */
export function factLiterals(rules: SystemFactRules | undefined): string[] {
  return (rules?.lines ?? []).map((rule) => rule.literal).filter((literal): literal is string => literal !== undefined);
}

/**
 * Watches events and reads non-log files for facts about each host's system (`patterns/context/system-facts.yaml`):
 * kernel banners, k3s/containerd/kubelet start lines, os-release, uname, meminfo, uptime, package lists.
 * Keeps one sighting per host, fact and product; `result()` makes a summary per host.
 */
export class SystemFactCollector {
  private readonly kept = new Map<string, SystemFactSighting>();
  private readonly files: readonly { readonly matches: (path: string) => boolean; readonly rules: readonly SystemFactRule[] }[];

  constructor(private readonly rules: SystemFactRules) {
    this.files = rules.files.map((f) => ({ matches: compileGlob(f.path), rules: f.rules }));
  }

  /** Whether a member is one of the fact files (its text should reach `readFile`). */
  isFactFile(path: string): boolean {
    return this.files.some((f) => f.matches(path));
  }

  /** Only an event whose message holds one of `factLiterals(rules)` can give a fact (the raw prefilter counts on it). */
  observe(event: LogEvent): void {
    const message = event.message;
    for (const rule of this.rules.lines) {
      if (rule.literal !== undefined && !message.includes(rule.literal)) continue;
      if (rule.component !== undefined && event.component !== rule.component) continue;
      const value = capture(rule, matchTextOf(event));
      if (value === undefined) continue;
      this.add({
        host: event.host ?? '', fact: rule.fact, ...(rule.product ? { product: rule.product } : {}),
        value, file: fileOf(event), line: event.origin.line, ...(event.timestamp === undefined ? {} : { timestamp: event.timestamp }),
      });
    }
  }

  /** A fact file's text (its first FACT_FILE_BYTES): `path` is the member path the globs see, `shown` how the report names it. */
  readFile(path: string, shown: string, host: string | undefined, text: string): void {
    const rules = this.files.filter((f) => f.matches(path)).flatMap((f) => f.rules);
    if (rules.length === 0) return;
    const lines = text.split('\n');
    for (const rule of rules) {
      for (let i = 0; i < lines.length; i++) {
        const value = capture(rule, lines[i]!.replace(/\r$/, ''));
        if (value === undefined) continue;
        this.add({ host: host ?? '', fact: rule.fact, ...(rule.product ? { product: rule.product } : {}), value, file: shown, line: i + 1, fromFile: true }, rule.unit);
      }
    }
  }

  private add(sighting: SystemFactSighting, unit?: string): void {
    const stated = unit === undefined ? sighting : { ...sighting, value: String(Number(sighting.value) * (UNIT_BYTES[unit] ?? 1)) };
    const key = keyOf(stated);
    const kept = this.kept.get(key);
    if (!kept || better(stated, kept)) this.kept.set(key, stated);
  }

  part(): SystemFactsPart {
    return { sightings: [...this.kept.values()] };
  }

  /** Adds what a worker's collector saw. */
  absorb(part: SystemFactsPart): void {
    for (const s of part.sightings) {
      const kept = this.kept.get(keyOf(s));
      if (!kept || better(s, kept)) this.kept.set(keyOf(s), s);
    }
  }

  /**
   * One summary per host that states any fact, in host order. Facts read without a host (a file of a bundle whose
   * layout names none) belong to the report's only host when there is exactly one; otherwise they are not shown.
   */
  result(reportHosts: readonly string[]): SystemSummary[] {
    const byHost = new Map<string, SystemFactSighting[]>();
    const only = reportHosts.length === 1 ? reportHosts[0] : undefined;
    const sightings = [...this.kept.values()];
    // A hosted sighting beats the same fact read without a host.
    const hosted = new Set(sightings.filter((s) => s.host !== '').map(keyOf));
    for (const s of sightings) {
      const host = s.host !== '' ? s.host : only;
      if (host === undefined || (s.host === '' && hosted.has(keyOf({ ...s, host })))) continue;
      let list = byHost.get(host);
      if (!list) byHost.set(host, (list = []));
      list.push({ ...s, host });
    }
    return [...byHost.keys()].sort().map((host) => this.summarise(host, byHost.get(host)!));
  }

  private summarise(host: string, sightings: readonly SystemFactSighting[]): SystemSummary {
    const one = (fact: string) => sightings.find((s) => s.fact === fact);
    const versions: Record<string, string> = {};
    for (const s of [...sightings].filter((x) => x.fact === 'version').sort((a, b) => (a.product! < b.product! ? -1 : 1))) versions[s.product!] = s.value;
    const distribution = this.rules.distributions.find((d) => versions[d] !== undefined);
    const memory = one('memory');
    const shown = sightings.filter((s) => s.fact !== 'version' || versions[s.product!] === s.value);
    const sources = [...new Set(shown.map((s) => `${s.file}:${s.line}`))].sort();
    return {
      host,
      ...(one('os') ? { os: one('os')!.value } : {}),
      ...(one('kernel') ? { kernel: one('kernel')!.value } : {}),
      ...(distribution ? { distribution } : {}),
      versions,
      ...(one('uptime') ? { uptime: one('uptime')!.value } : {}),
      ...(memory && Number.isFinite(Number(memory.value)) ? { memoryBytes: Number(memory.value) } : {}),
      sources,
    };
  }
}
