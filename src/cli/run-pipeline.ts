import type { Diagnostic } from '../model/diagnostic.js';
import type { MemberStatus } from '../model/coverage.js';
import type { LogEvent } from '../model/log-event.js';
import type { MemberInfo } from '../model/log-line.js';
import { displayPath, readBundle, type IngestOptions } from '../ingest/index.js';
import { unknownHostKey } from '../correlate/index.js';
import {
  formats, payloadFormats, parseEventBatches, newMemberParseStats, isoTimestamp, type MemberParseStats, type Zone, parseZone, formatOffsetName,
} from '../formats/index.js';

export interface PipelineOptions {
  readonly inputs: readonly string[];
  readonly ingest: IngestOptions;
  /** `--tz`: overrides every zone the bundle reveals. */
  readonly timeZone?: Zone;
  /** Called with every event in member order (not time order). */
  readonly onEvent: (event: LogEvent) => void;
  readonly onProgress?: (progress: { bytesRead: number; members: number }) => void;
  readonly onMember?: (status: MemberStatus) => void;
}

export interface PipelineResult {
  /** Every file of every input, with its status. */
  readonly files: MemberStatus[];
  readonly warnings: Diagnostic[];
  /** One sentence per assumption (inferred years, assumed zones). */
  readonly assumptions: string[];
  /** Lines and unparsed lines per host (for coverage). */
  readonly linesByHost: Map<string, { lines: number; unparsed: number }>;
  /** Members whose lines were read. */
  readonly membersRead: number;
  /**
   * Read path → the path it is reported under. Of byte-identical copies, ingest reads whichever the archive lists
   * first; the report names the first by path instead, so it does not depend on archive order.
   */
  readonly renamed: ReadonlyMap<string, string>;
}

/** Lines may run a little past the collection time (the collector's own clock, flushes); two days is a clock problem. */
const FUTURE_SLACK_MS = 2 * 24 * 3600_000;
const LIMIT_CODES = new Set(['ingest.ratio-limit', 'ingest.total-bytes-limit']);
const MEMBER_CODES = new Set(['ingest.member-damaged', 'ingest.member-error']);

/** Reads every input and parses every member into events; accounts for every file and every line. */
export async function runPipeline(options: PipelineOptions): Promise<PipelineResult> {
  const files: MemberStatus[] = [];
  const warnings: Diagnostic[] = [];
  const assumptions: string[] = [];
  const linesByHost = new Map<string, { lines: number; unparsed: number }>();
  const damaged = new Map<string, string>();
  let latestYear: number | undefined;
  // A zone one file of an input reveals (a journal header, nested offsets) is the best guess for its siblings.
  const zonesByBundle = new Map<string, Zone>();
  let membersRead = 0;

  const pathOf = (member: MemberInfo) => displayPath(member.source.bundle, member.source.member);
  const record = (status: MemberStatus) => {
    files.push(status);
    options.onMember?.(status);
  };
  const observer = {
    memberSkipped(member: MemberInfo, kind: 'skipped' | 'error', reason: string) {
      record({ path: pathOf(member), bundle: member.source.bundle, host: member.host, component: member.component, status: kind, reason, lines: 0, parsed: 0, unparsed: 0, events: 0 });
      if (kind === 'error') {
        warnings.push({ code: 'ingest.member-error', severity: 'warning', title: `${pathOf(member)}: ${reason}`, where: { file: pathOf(member) } });
      }
    },
    memberDamaged(member: MemberInfo, reason: string) {
      damaged.set(pathOf(member), reason);
      warnings.push({ code: 'ingest.member-damaged', severity: 'warning', title: `${pathOf(member)}: ${reason}; lines before the damage were read`, where: { file: pathOf(member) } });
    },
    diagnostic(d: Diagnostic) {
      warnings.push(d);
    },
    progress: options.onProgress,
  };

  for await (const member of readBundle(options.inputs, options.ingest, observer)) {
    const info = member.member;
    const stats: MemberParseStats = newMemberParseStats();
    const bundleZone = info.timeZone ? parseZone(info.timeZone) : undefined;
    const zone = options.timeZone ?? bundleZone;
    const latest = info.collectedAt ?? info.mtime;
    const siblingZone = zonesByBundle.get(info.source.bundle);
    const hosts = new Map<string, number>();
    const batches = parseEventBatches(member, {
      formats,
      payloadFormats,
      anchors: {
        zone,
        zoneSource: options.timeZone ? 'option' : bundleZone ? 'bundle' : undefined,
        fallbackZone: () => siblingZone,
        latest,
        latestSource: info.collectedAt !== undefined ? 'the bundle collection time' : info.mtime !== undefined ? 'the file modification time' : undefined,
      },
      fallbackYear: () => latestYear,
      onYearSeen: (year) => { latestYear = year; },
    }, stats);
    for await (const events of batches) {
      for (let i = 0; i < events.length; i++) {
        const event = events[i]!;
        if (event.host) hosts.set(event.host, (hosts.get(event.host) ?? 0) + 1);
        options.onEvent(event);
      }
    }
    membersRead++;
    if (stats.zone && !zonesByBundle.has(info.source.bundle)) zonesByBundle.set(info.source.bundle, stats.zone);
    const path = pathOf(info);
    const host = info.host ?? mostCommon(hosts);
    const hostKey = host ?? unknownHostKey(info.source.bundle);
    const hostLines = linesByHost.get(hostKey) ?? { lines: 0, unparsed: 0 };
    hostLines.lines += stats.lines;
    hostLines.unparsed += stats.unparsed;
    linesByHost.set(hostKey, hostLines);
    const damage = damaged.get(path);
    const mainFormat = Object.entries(stats.formats).sort(([, a], [, b]) => b - a)[0]?.[0] ?? stats.primaryFormat;
    record({
      path, bundle: info.source.bundle, host, component: info.component, format: mainFormat,
      status: stats.lines === 0 && !damage ? 'skipped' : 'parsed',
      reason: damage ? `damaged: ${damage}` : stats.lines === 0 ? 'empty' : undefined,
      lines: stats.lines, parsed: stats.parsed, unparsed: stats.unparsed, events: stats.events,
      firstTimestamp: stats.firstTimestamp, lastTimestamp: stats.lastTimestamp,
      truncatedLines: stats.truncatedLines || undefined, invalidUtf8Lines: stats.invalidUtf8Lines || undefined,
      formats: stats.formats,
    });
    const clock = stats.clock;
    if (clock?.yearInferred) {
      const year = stats.lastTimestamp !== undefined ? new Date(stats.lastTimestamp).getUTCFullYear() : undefined;
      assumptions.push(`${path}: the year${year ? ` (${year})` : ''} was inferred from ${clock.yearSource ?? 'the bundle'} for ${clock.yearInferred} line(s) that print none.`);
    }
    if (clock?.learnedOffsetMinutes !== undefined && !zone) {
      assumptions.push(`${path}: local times read in zone ${formatOffsetName(clock.learnedOffsetMinutes)}, named by the file itself (its journal header zone, or offsets printed by the nested logs).`);
    } else if (clock?.zoneFromSibling && siblingZone) {
      assumptions.push(`${path}: ${clock.zoneFromSibling} local time(s) read in zone ${siblingZone.name}, learned from another file of the same input.`);
    }
    if (clock?.zoneAssumed) {
      assumptions.push(`${path}: ${clock.zoneAssumed} local time(s) without a zone were read as UTC (pass --tz to change).`);
    }
    if (stats.truncatedLines) {
      warnings.push({ code: 'ingest.line-truncated', severity: 'warning', title: `${path}: ${stats.truncatedLines} line(s) were cut (longer than the line limit, or broken off where the file is damaged)`, where: { file: path } });
    }
    if (stats.invalidUtf8Lines) {
      warnings.push({ code: 'ingest.invalid-utf8', severity: 'info', title: `${path}: ${stats.invalidUtf8Lines} line(s) were not valid UTF-8 (shown with replacement characters)`, where: { file: path } });
    }
    if (latest !== undefined && stats.lastTimestamp !== undefined && stats.lastTimestamp > latest + FUTURE_SLACK_MS) {
      warnings.push({
        code: 'time.future', severity: 'warning', where: { file: path },
        title: `${path}: lines dated up to ${isoTimestamp(stats.lastTimestamp) ?? stats.lastTimestamp}, after the bundle was collected (${isoTimestamp(latest) ?? latest}); a clock was wrong or the zone is`,
      });
    }
    if (stats.backwardsJumps) {
      warnings.push({ code: 'time.backwards', severity: 'info', title: `${path}: timestamps go backwards ${stats.backwardsJumps} time(s) by more than a minute`, where: { file: path } });
    }
  }
  if (membersRead > 0 && files.every((f) => f.firstTimestamp === undefined)) {
    warnings.push({
      code: 'time.none', severity: 'warning',
      title: 'no line of the input carries a time: incidents are listed without times and cause → effect cannot be followed',
    });
  }
  const renamed = settleDuplicates(files);
  files.sort((a, b) => a.path.localeCompare(b.path));
  // A limit (bomb ratio, total bytes) names the member itself; its generic "damaged"/"error" twin says less.
  const limited = new Set(warnings.filter((w) => LIMIT_CODES.has(w.code)).map((w) => w.where?.file));
  const reported = warnings.filter((w) => !(MEMBER_CODES.has(w.code) && limited.has(w.where?.file)));
  return { files, renamed, warnings: reported, assumptions: [...new Set(assumptions)].sort(), linesByHost, membersRead };
}

function mostCommon(counts: ReadonlyMap<string, number>): string | undefined {
  let best: string | undefined;
  let bestCount = 0;
  for (const [key, count] of [...counts.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (count > bestCount) {
      best = key;
      bestCount = count;
    }
  }
  return best;
}

const DUPLICATE_OF = /^duplicate of (.+)$/;

/**
 * Makes the choice among byte-identical copies independent of archive order: the copy first by path is reported as
 * read (with the statistics of the copy that was), the others as its duplicates. Returns the paths to rename.
 */
function settleDuplicates(files: MemberStatus[]): Map<string, string> {
  const copiesOf = new Map<string, MemberStatus[]>();
  for (const file of files) {
    const original = file.status === 'skipped' && file.reason ? DUPLICATE_OF.exec(file.reason)?.[1] : undefined;
    if (!original) continue;
    const list = copiesOf.get(original) ?? [];
    list.push(file);
    copiesOf.set(original, list);
  }
  const renamed = new Map<string, string>();
  for (const [original, copies] of copiesOf) {
    const readIndex = files.findIndex((f) => f.path === original && f.status !== 'skipped');
    if (readIndex < 0) continue;
    const read = files[readIndex]!;
    const canonical = [original, ...copies.map((c) => c.path)].sort()[0]!;
    for (const copy of copies) {
      const index = files.indexOf(copy);
      files[index] = copy.path === canonical
        ? { ...read, path: canonical }
        : { ...copy, reason: `duplicate of ${canonical}` };
    }
    if (canonical !== original) {
      const skippedCopy = copies.find((c) => c.path === canonical)!;
      files[readIndex] = { ...skippedCopy, path: original, reason: `duplicate of ${canonical}` };
      renamed.set(original, canonical);
    }
  }
  return renamed;
}
