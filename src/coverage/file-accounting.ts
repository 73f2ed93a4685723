import type { Diagnostic } from '../model/diagnostic.js';
import type { MemberReason, MemberStatus } from '../model/coverage.js';
import type { MemberInfo } from '../model/log-line.js';
import type { MemberParseStats } from '../formats/index.js';
import { settleDuplicates } from './settle-duplicates.js';

/** What a read member's parse counted (the clock-only parts stay with the pipeline). */
export type ReadCounts = Omit<MemberParseStats, 'zone' | 'newestOwnExact' | 'clock'>;

/** The accounting of a run once every member is in: every file with its status, warnings, assumptions, lines per host. */
export interface SettledAccounting {
  /** Every file of every input, by path. */
  readonly files: MemberStatus[];
  /** Read path → the path it is reported under (byte-identical copies settle on the first by path). */
  readonly renamed: Map<string, string>;
  readonly warnings: Diagnostic[];
  /** One sentence per assumption, sorted, each once. */
  readonly assumptions: string[];
  readonly linesByHost: Map<string, { lines: number; unparsed: number }>;
  /** Members whose lines were read. */
  readonly membersRead: number;
}

/** A limit (bomb ratio, total bytes) names the member itself; its generic "damaged"/"error" twin says less. */
const LIMIT_CODES = new Set(['ingest.ratio-limit', 'ingest.total-bytes-limit', 'ingest.line-limit', 'ingest.input-bytes-limit']);
const MEMBER_CODES = new Set(['ingest.member-damaged', 'ingest.member-error']);

/**
 * Every file of a run and what became of it, in one vocabulary: a status, a reason as a code plus its text, lines
 * counted per host, and the warnings and assumptions about the file. The report's coverage section is built from
 * what `settle()` returns, so no file and no line goes unaccounted for.
 */
export class FileAccounting {
  private readonly files: MemberStatus[] = [];
  private readonly warnings: Diagnostic[] = [];
  private readonly assumptions: string[] = [];
  private readonly linesByHost = new Map<string, { lines: number; unparsed: number }>();
  private readonly damage = new Map<string, MemberReason>();
  private membersRead = 0;

  constructor(private readonly onMember?: (status: MemberStatus) => void) {}

  /** A member ingest did not read (not a log, a duplicate, over a limit, unreadable), with why. */
  skipped(path: string, member: MemberInfo, kind: 'skipped' | 'error', reason: MemberReason): void {
    this.record({
      path, bundle: member.source.bundle, host: member.hostProvisional ? undefined : member.host, component: member.component, status: kind,
      reason: reason.text, reasonCode: reason.code, ...(reason.duplicateOf === undefined ? {} : { duplicateOf: reason.duplicateOf }),
      lines: 0, parsed: 0, unparsed: 0, events: 0,
    });
    if (kind === 'error') this.warn({ code: 'ingest.member-error', severity: 'warning', title: `${path}: ${reason.text}`, where: { file: path } });
  }

  /** A member broken off part way: the lines before the damage are read and counted, the file says why it ends. */
  damaged(path: string, reason: MemberReason): void {
    this.damage.set(path, reason);
    this.warn({ code: 'ingest.member-damaged', severity: 'warning', title: `${path}: ${reason.text}; lines before the damage were read`, where: { file: path } });
  }

  /** A member whose lines were read, counted under `hostKey` (its host, or the unknown-host key of its file). */
  read(path: string, info: MemberInfo, host: string | undefined, hostKey: string, counts: ReadCounts): void {
    this.membersRead++;
    const hostLines = this.linesByHost.get(hostKey) ?? { lines: 0, unparsed: 0 };
    hostLines.lines += counts.lines;
    hostLines.unparsed += counts.unparsed;
    this.linesByHost.set(hostKey, hostLines);
    const damage = this.damage.get(path);
    const mainFormat = Object.entries(counts.formats).sort(([, a], [, b]) => b - a)[0]?.[0] ?? counts.primaryFormat;
    this.record({
      path, bundle: info.source.bundle, host, component: info.component, format: mainFormat,
      status: counts.lines === 0 && !damage ? 'skipped' : 'parsed',
      ...(damage ? { reason: `damaged: ${damage.text}`, reasonCode: damage.code } : counts.lines === 0 ? { reason: 'empty', reasonCode: 'empty' as const } : {}),
      lines: counts.lines, parsed: counts.parsed, unparsed: counts.unparsed, untimed: counts.untimed, events: counts.events,
      firstTimestamp: counts.firstTimestamp, lastTimestamp: counts.lastTimestamp,
      truncatedLines: counts.truncatedLines || undefined, invalidUtf8Lines: counts.invalidUtf8Lines || undefined,
      formats: counts.formats,
    });
    if (counts.truncatedLines) {
      this.warn({ code: 'ingest.line-truncated', severity: 'warning', title: `${path}: ${counts.truncatedLines} line(s) were cut (longer than the line limit, or broken off where the file is damaged)`, where: { file: path } });
    }
    if (counts.invalidUtf8Lines) {
      this.warn({ code: 'ingest.invalid-utf8', severity: 'info', title: `${path}: ${counts.invalidUtf8Lines} line(s) were not valid UTF-8 (shown with replacement characters)`, where: { file: path } });
    }
    if (counts.backwardsJumps) {
      this.warn({ code: 'time.backwards', severity: 'info', title: `${path}: timestamps go backwards ${counts.backwardsJumps} time(s) by more than a minute`, where: { file: path } });
    }
  }

  warn(diagnostic: Diagnostic): void {
    this.warnings.push(diagnostic);
  }

  /** One sentence saying what the run assumed (a zone, a year); said once however often it is assumed. */
  assume(sentence: string): void {
    this.assumptions.push(sentence);
  }

  /** True when members were read and not one of their lines carried a time. */
  get nothingTimed(): boolean {
    return this.membersRead > 0 && this.files.every((file) => file.firstTimestamp === undefined);
  }

  /** The accounting once every member is in; files sorted by path, copies settled, warnings a limit explains dropped. */
  settle(): SettledAccounting {
    const { files, warnings } = this;
    const renamed = settleDuplicates(files);
    files.sort((a, b) => a.path.localeCompare(b.path));
    const limited = new Set(warnings.filter((w) => LIMIT_CODES.has(w.code)).map((w) => w.where?.file));
    const reported = warnings.filter((w) => !(MEMBER_CODES.has(w.code) && limited.has(w.where?.file)));
    return { files, renamed, warnings: reported, assumptions: [...new Set(this.assumptions)].sort(), linesByHost: this.linesByHost, membersRead: this.membersRead };
  }

  private record(status: MemberStatus): void {
    this.files.push(status);
    this.onMember?.(status);
  }
}
