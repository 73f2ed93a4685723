import type { LogEvent, Severity } from '../model/log-event.js';
import { fileOf } from './collect-context.js';
import { readableRaw } from './to-evidence.js';
import { ownString, withOwnStrings } from './own-strings.js';
import { WILDCARD, templateTokens } from '../patterns/mask-variables.js';

/** Templates kept per run; lines of further new shapes are only counted (memory stays bounded on any input). */
export const MAX_TEMPLATES = 2000;
/** Distinct seconds kept per template and host (for proximity and restarts); later ones are only counted. */
const MAX_SECONDS_PER_HOST = 2000;
const MAX_NAMES = 20;
/** Templates per (length, first token) group: a bound on the work one new line costs. */
const MAX_PER_LEAF = 200;
/** Share of a template's fixed tokens a line must repeat to join it (Drain's similarity threshold). */
const SIMILARITY = 0.5;

/** Where one template was first seen (its earliest line, so the choice never depends on file order). */
export interface TemplateExample {
  readonly file: string;
  readonly line: number;
  readonly timestamp?: number;
  readonly text: string;
}

/** One mined template, as plain data (a worker thread sends it; the main thread merges it). */
export interface MinedTemplate {
  readonly tokens: readonly string[];
  readonly count: number;
  /** Lines at error level or above (critical, panics); the rest were warnings. */
  readonly errors: number;
  readonly critical: number;
  readonly hosts: readonly string[];
  readonly components: readonly string[];
  readonly firstSeen?: number;
  readonly lastSeen?: number;
  readonly example: TemplateExample;
  /** The latest line of this shape. */
  readonly latest: TemplateExample;
  /** Per host: [second, lines in it] for the first MAX_SECONDS_PER_HOST distinct seconds. */
  readonly seconds: readonly (readonly [string, readonly (readonly [number, number])[]])[];
}

export interface MinerPart {
  readonly templates: readonly MinedTemplate[];
  readonly dropped: number;
}

interface Cluster {
  tokens: string[];
  count: number;
  errors: number;
  critical: number;
  hosts: Set<string>;
  components: Set<string>;
  firstSeen?: number;
  lastSeen?: number;
  example: TemplateExample;
  latest: TemplateExample;
  seconds: Map<string, Map<number, number>>;
}

// A line without a level (plain syslog, a program's own stderr) counts as an error when it says one of these words.
// Text syslog and journal lines carry no priority: their formats call every line info, so info says nothing there.
const LEVELLESS_FORMATS = new Set(['journal-short', 'plain-text']);
const ERROR_WORDS = /\b(?:error|errors|failed|failure|fatal|panic|unable|cannot|can't|denied|refused|exception|traceback)\b/i;

/**
 * True when a line's level says nothing (see LEVELLESS_FORMATS), so whether it is mined depends on its message; `nested`:
 * the event has a payload layer (whose level is real).
 */
export function isLevelless(severity: Severity | undefined, format: string, nested: boolean): boolean {
  return severity === undefined || (severity === 'info' && !nested && LEVELLESS_FORMATS.has(format));
}

/** The level a line is mined at: its own, or error for a level-less line that says it failed; undefined when not mined. */
export function minedSeverity(event: LogEvent): 'critical' | 'error' | 'warning' | undefined {
  const severity = event.severity;
  if (severity === 'error' || severity === 'critical' || severity === 'warning') return severity;
  if (isLevelless(severity, event.format, event.payload !== undefined) && ERROR_WORDS.test(event.message.slice(0, 500))) return 'error';
  return undefined;
}

/** Lines worth mining: error level and above, and warnings (kept apart; only their bursts are reported). */
export function isMinable(event: LogEvent): boolean {
  return minedSeverity(event) !== undefined;
}

/**
 * Drain-style template miner for the lines no signature matched. Lines are split into tokens, variables masked
 * (`mask-variables.ts`), and grouped by token count and first token; within a group a line joins the most similar
 * template (at least half its fixed tokens equal), whose differing positions become wildcards. A variable first
 * token goes to the wildcard group, and a line that finds no template in its group is tried against templates of
 * the same length that differ only in the first token (a component or object name that carries no digit).
 *
 * Deterministic whatever the thread layout: lines are mined file by file (`observe` buffers the current file) and
 * each file's templates are merged into the run's in file order, which is what a worker's part does too.
 */
export class TemplateMiner {
  private readonly leaves = new Map<string, Cluster[]>();
  /** By length and second token: where a line whose first token is a name looks for its siblings. */
  private readonly bySecond = new Map<string, Cluster[]>();
  private readonly clusters: Cluster[] = [];
  private dropped = 0;
  private current: TemplateMiner | undefined;
  private currentFile: string | undefined;

  /** Mines one unmatched event of the file being read; a new file first merges the previous file's templates. */
  observe(event: LogEvent): void {
    const file = `${event.origin.bundle}\u0000${event.origin.member}`;
    if (file !== this.currentFile) {
      this.flushFile();
      this.currentFile = file;
      this.current = new TemplateMiner();
    }
    this.current!.add(event);
  }

  /** Everything mined so far, as plain data. */
  part(): MinerPart {
    this.flushFile();
    return { templates: this.clusters.map(toPlain), dropped: this.dropped };
  }

  /** Merges another file's templates (in the order files were read). */
  absorb(part: MinerPart): void {
    this.flushFile();
    this.dropped += part.dropped;
    for (const template of part.templates) this.merge(template);
  }

  /** The run's templates, in the order they were first mined. */
  templates(): MinedTemplate[] {
    this.flushFile();
    return this.clusters.map(toPlain);
  }

  /** Lines whose new shape found no room once MAX_TEMPLATES were kept. */
  get droppedLines(): number {
    this.flushFile();
    return this.dropped;
  }

  private flushFile(): void {
    if (!this.current) return;
    const done = this.current;
    this.current = undefined;
    this.currentFile = undefined;
    this.absorb(done.part());
  }

  private add(event: LogEvent): void {
    const tokens = templateTokens(event.message);
    if (tokens.length === 0) return;
    const severity = minedSeverity(event);
    const second = event.timestamp === undefined ? undefined : Math.floor(event.timestamp / 1000);
    const host = event.host ?? '';
    const example = { file: fileOf(event), line: event.origin.line, timestamp: event.timestamp, text: (readableRaw(event) ?? event.message).split('\n', 1)[0]! };
    const one: MinedTemplate = {
      tokens,
      count: 1,
      errors: severity === 'error' || severity === 'critical' ? 1 : 0,
      critical: severity === 'critical' ? 1 : 0,
      hosts: event.host ? [event.host] : [],
      components: event.component ?? event.unit ? [(event.component ?? event.unit)!] : [],
      firstSeen: event.timestamp,
      lastSeen: event.timestamp,
      example,
      latest: example,
      seconds: second === undefined ? [] : [[host, [[second, 1]]]],
    };
    this.merge(one);
  }

  private merge(template: MinedTemplate): void {
    const cluster = this.find(template.tokens);
    if (!cluster) {
      if (this.clusters.length >= MAX_TEMPLATES || (this.leaves.get(leafKey(template.tokens))?.length ?? 0) >= MAX_PER_LEAF) {
        this.dropped += template.count;
        return;
      }
      this.create(template);
      return;
    }
    generalise(cluster, template.tokens);
    cluster.count += template.count;
    cluster.errors += template.errors;
    cluster.critical += template.critical;
    addCapped(cluster.hosts, template.hosts);
    addCapped(cluster.components, template.components);
    if (template.firstSeen !== undefined) cluster.firstSeen = Math.min(cluster.firstSeen ?? template.firstSeen, template.firstSeen);
    if (template.lastSeen !== undefined) cluster.lastSeen = Math.max(cluster.lastSeen ?? template.lastSeen, template.lastSeen);
    if (earlier(template.example, cluster.example)) cluster.example = withOwnStrings(template.example);
    if (earlier(cluster.latest, template.latest)) cluster.latest = withOwnStrings(template.latest);
    for (const [host, seconds] of template.seconds) {
      let kept = cluster.seconds.get(host);
      if (!kept) cluster.seconds.set(host, (kept = new Map()));
      for (const [second, lines] of seconds) {
        const before = kept.get(second);
        if (before !== undefined) kept.set(second, before + lines);
        else if (kept.size < MAX_SECONDS_PER_HOST) kept.set(second, lines);
      }
    }
  }

  private create(template: MinedTemplate): void {
    // Held for the whole run: strings of its own, not slices keeping the input pieces of their lines alive.
    const example = withOwnStrings(template.example);
    const cluster: Cluster = {
      tokens: template.tokens.map(ownString),
      count: template.count,
      errors: template.errors,
      critical: template.critical,
      hosts: new Set(template.hosts),
      components: new Set(template.components),
      firstSeen: template.firstSeen,
      lastSeen: template.lastSeen,
      example,
      latest: template.latest === template.example ? example : withOwnStrings(template.latest),
      seconds: new Map(template.seconds.map(([host, seconds]) => [host, new Map(seconds.slice(0, MAX_SECONDS_PER_HOST))])),
    };
    this.clusters.push(cluster);
    const key = leafKey(cluster.tokens);
    let leaf = this.leaves.get(key);
    if (!leaf) this.leaves.set(key, (leaf = []));
    leaf.push(cluster);
    if (cluster.tokens.length >= 3) {
      const second = secondKey(cluster.tokens);
      let siblings = this.bySecond.get(second);
      if (!siblings) this.bySecond.set(second, (siblings = []));
      siblings.push(cluster);
    }
  }

  private find(tokens: readonly string[]): Cluster | undefined {
    const own = best(this.leaves.get(leafKey(tokens)) ?? [], tokens, SIMILARITY);
    if (own) return own;
    // A variable first token without digits (a name) puts a line in another group: the rest must then agree closely.
    if (tokens.length < 3) return undefined;
    const candidates = (this.bySecond.get(secondKey(tokens)) ?? []).filter((c) => c.tokens[0] !== tokens[0]);
    return best(candidates, tokens, 0.8, 1);
  }
}

function secondKey(tokens: readonly string[]): string {
  return `${tokens.length}\u0000${tokens[1]}`;
}

function leafKey(tokens: readonly string[]): string {
  return `${tokens.length}\u0000${tokens[0]}`;
}

/** The most similar cluster at or above `threshold` (the first one on a tie, so the result follows input order). */
function best(clusters: readonly Cluster[], tokens: readonly string[], threshold: number, from = 0): Cluster | undefined {
  let found: Cluster | undefined;
  let bestScore = -1;
  for (const cluster of clusters) {
    const score = similarity(cluster.tokens, tokens, from);
    if (score >= threshold && score > bestScore) {
      found = cluster;
      bestScore = score;
    }
  }
  return found;
}

/** Share of positions (from `from` on) where the template's fixed token equals the line's; short lines must nearly agree. */
function similarity(template: readonly string[], tokens: readonly string[], from: number): number {
  if (template.length !== tokens.length) return 0;
  let same = 0;
  let fixed = 0;
  for (let i = from; i < template.length; i++) {
    if (template[i] === WILDCARD) continue;
    fixed++;
    if (template[i] === tokens[i]) same++;
  }
  if (fixed === 0) return 1;
  // Of three fixed tokens or fewer, at most one may differ ("failed X" must not swallow "failed Y" and "lost Z").
  if (fixed <= 3 && fixed - same > 1) return 0;
  if (fixed <= 2 && same === 0) return 0;
  return same / fixed;
}

function generalise(cluster: Cluster, tokens: readonly string[]): void {
  for (let i = 0; i < cluster.tokens.length; i++) if (cluster.tokens[i] !== tokens[i]) cluster.tokens[i] = WILDCARD;
}

function addCapped(set: Set<string>, values: readonly string[]): void {
  for (const value of values) if (set.size < MAX_NAMES) set.add(value);
}

function earlier(a: TemplateExample, b: TemplateExample): boolean {
  const ta = a.timestamp ?? Infinity;
  const tb = b.timestamp ?? Infinity;
  if (ta !== tb) return ta < tb;
  if (a.file !== b.file) return a.file < b.file;
  return a.line < b.line;
}

function toPlain(cluster: Cluster): MinedTemplate {
  return {
    tokens: [...cluster.tokens],
    count: cluster.count,
    errors: cluster.errors,
    critical: cluster.critical,
    hosts: [...cluster.hosts].sort(),
    components: [...cluster.components].sort(),
    firstSeen: cluster.firstSeen,
    lastSeen: cluster.lastSeen,
    example: cluster.example,
    latest: cluster.latest,
    seconds: [...cluster.seconds].map(([host, seconds]) => [host, [...seconds]] as const),
  };
}
