import type { Diagnostic, MemberInfo, MemberReason } from '../model/index.js';
import { type ByteBudget, IngestLimitError } from './archives/decompression-guard.js';
import type { IngestObserver, ResolvedIngestOptions } from './ingest-options.js';
import { createMemberFilter, type MemberFilter } from './member-filter.js';
import { displayPath } from './display-path.js';
import type { LayoutFactsLink, LearnedLayoutFacts } from './layout-tracker.js';

/** Raised by a decoder wrapper: the message already names the stream kind and the offset. */
export class StreamDamageError extends Error {
  constructor(
    message: string,
    readonly limit: IngestLimitError | undefined,
  ) {
    super(message);
    this.name = 'StreamDamageError';
  }
}

const PROGRESS_STEP_BYTES = 8 * 1024 * 1024;

/** State shared by everything one `readBundle` call reads: limits, counters, dedupe keys, reporting. */
export class IngestRun implements ByteBudget {
  readonly maxTotalBytes: number;
  totalBytes = 0;
  readonly maxInputBytes: number;
  readonly inputBytes = new Map<string, number>();
  bytesRead = 0;
  members = 0;
  /** Set when a run-wide limit was hit: nothing more is read. */
  stopped = false;
  readonly filter: MemberFilter;
  /** First member seen per (size, head hash), to skip byte-identical copies. */
  readonly seen = new Map<string, string>();
  private readonly reported = new WeakSet<object>();
  private nextProgressAt = PROGRESS_STEP_BYTES;
  /** Lines read per input (bundle named on the command line), for the line budget. */
  private readonly linesByInput = new Map<string, number>();
  /** Hosts the layouts named per input, and files read per input and host, for the host and file budgets. */
  private readonly hostsByInput = new Map<string, Set<string>>();
  private readonly filesByHost = new Map<string, number>();
  private readonly budgetWarned = new Set<string>();
  /** Inputs whose decompressed byte budget stopped a stream: their later members are not read. */
  private readonly bytesSpent = new Set<string>();

  constructor(
    readonly options: ResolvedIngestOptions,
    readonly observer: IngestObserver,
  ) {
    this.maxTotalBytes = options.maxTotalBytes;
    this.maxInputBytes = options.maxInputBytes;
    this.filter = createMemberFilter(options.include, options.exclude);
  }

  /** Counts a member; false (and one diagnostic) once the member limit is passed. */
  admitMember(where: string): boolean {
    if (this.stopped) return false;
    this.members++;
    if (this.members > this.options.maxMembers) {
      this.stopped = true;
      this.observer.diagnostic({
        code: 'ingest.member-limit',
        severity: 'error',
        title: `stopped reading at ${where}: more than ${this.options.maxMembers} members`,
        where: { file: where },
        help: 'Narrow the input with --include/--exclude or raise the member limit.',
      });
      return false;
    }
    this.observer.progress?.({ bytesRead: this.bytesRead, members: this.members });
    return true;
  }

  countRead(bytes: number): void {
    this.bytesRead += bytes;
    if (this.bytesRead >= this.nextProgressAt) {
      this.nextProgressAt = this.bytesRead + PROGRESS_STEP_BYTES;
      this.observer.progress?.({ bytesRead: this.bytesRead, members: this.members });
    }
  }

  /**
   * Counts lines read from one input; throws `IngestLimitError` once the input's line budget is spent, which ends
   * the member (its lines so far are kept) and stops the run from reading more of that input.
   */
  countLines(bundle: string, lines: number): void {
    const total = (this.linesByInput.get(bundle) ?? 0) + lines;
    this.linesByInput.set(bundle, total);
    if (total > this.options.maxLines) {
      throw new IngestLimitError(`stopped reading after ${this.options.maxLines} lines of this input (--max-lines)`, 'ingest.line-limit');
    }
  }

  /** Whether an input's line budget is spent: its remaining members are listed as skipped, not read. */
  linesSpent(bundle: string): boolean {
    return (this.linesByInput.get(bundle) ?? 0) >= this.options.maxLines;
  }

  /**
   * Why a member about to be read must be skipped by an input's budgets — lines, decompressed bytes, hosts, files
   * per host — or undefined to read it. The first member a host or file budget turns away brings one warning naming
   * the limit and its flag; every one is listed as skipped with the reason.
   */
  budgetSkip(member: MemberInfo): string | undefined {
    const { bundle } = member.source;
    const { maxHosts, maxFilesPerHost } = this.options;
    const spent = this.inputSpent(bundle);
    if (spent !== undefined) return spent;
    const host = member.host ?? '';
    if (member.host !== undefined) {
      let hosts = this.hostsByInput.get(bundle);
      if (!hosts) this.hostsByInput.set(bundle, (hosts = new Set()));
      if (!hosts.has(host)) {
        if (hosts.size >= maxHosts) {
          this.warnBudget(`hosts\u0000${bundle}`, 'ingest.host-limit', `${bundle}: files of more than ${maxHosts} hosts; those of further hosts were not read (--max-hosts)`, bundle, 'Narrow the input with --include/--exclude or raise --max-hosts.');
          return `not read: the input names more than ${maxHosts} hosts (--max-hosts ${maxHosts})`;
        }
        hosts.add(host);
      }
    }
    const key = `${bundle}\u0000${host}`;
    const files = (this.filesByHost.get(key) ?? 0) + 1;
    if (files > maxFilesPerHost) {
      const who = member.host === undefined ? 'files without a host' : `host ${member.host}`;
      this.warnBudget(`files\u0000${key}`, 'ingest.files-per-host-limit', `${bundle}: more than ${maxFilesPerHost} files of ${who}; the rest were not read (--max-files-per-host)`, bundle, 'Narrow the input with --include/--exclude or raise --max-files-per-host.');
      return `not read: more than ${maxFilesPerHost} files of this host in the input (--max-files-per-host ${maxFilesPerHost})`;
    }
    this.filesByHost.set(key, files);
    return undefined;
  }

  /** Why nothing more of an input is read (its line or decompressed byte budget is spent), or undefined. */
  inputSpent(bundle: string): string | undefined {
    if (this.linesSpent(bundle)) return `not read: the input's line budget is spent (--max-lines ${this.options.maxLines})`;
    if (this.bytesSpent.has(bundle)) return `not read: the input's decompressed byte budget is spent (--max-input-bytes ${this.options.maxInputBytes})`;
    return undefined;
  }

  private warnBudget(once: string, code: string, title: string, file: string, help: string): void {
    if (this.budgetWarned.has(once)) return;
    this.budgetWarned.add(once);
    this.diagnostic({ code, severity: 'error', title, where: { file }, help });
  }

  skipped(member: MemberInfo, kind: 'skipped' | 'error', reason: MemberReason): void {
    this.observer.memberSkipped(member, kind, reason);
  }

  /** Reports why a member's lines ended early, once per error (an archive error also ends its open member). */
  damaged(member: MemberInfo, error: unknown, linesYielded: boolean): void {
    if (typeof error === 'object' && error !== null) {
      if (this.reported.has(error)) return;
      this.reported.add(error);
    }
    const limit = error instanceof StreamDamageError ? error.limit : error instanceof IngestLimitError ? error : undefined;
    const reason: MemberReason = { code: limit ? 'limit' : 'damaged', text: describeError(error) };
    if (linesYielded) this.observer.memberDamaged(member, reason);
    else this.observer.memberSkipped(member, 'error', reason);
    if (limit) {
      if (limit.code === 'ingest.total-bytes-limit') this.stopped = true;
      if (limit.code === 'ingest.input-bytes-limit') this.bytesSpent.add(member.source.bundle);
      // A spent line or byte budget stops only its own input: budgetSkip() skips the input's later members.
      this.diagnostic({
        code: limit.code,
        severity: 'error',
        title: `${formatWhere(member)}: ${limit.message}`,
        where: { file: formatWhere(member) },
        help: limit.code === 'ingest.ratio-limit' ? 'Raise the ratio limit only for a bundle you trust.'
          : limit.code === 'ingest.line-limit' ? 'Narrow the input with --include/--exclude/--since or raise --max-lines.'
            : limit.code === 'ingest.input-bytes-limit' ? 'Narrow the input with --include/--exclude or raise --max-input-bytes.'
              : 'Narrow the input or raise the total-bytes limit.',
      });
    }
  }

  diagnostic(d: Diagnostic): void {
    this.observer.diagnostic(d);
  }

  /** How a layout tracker following `scope` (an archive or directory) shares what its bundles' metadata files say. */
  layoutFactsLink(scope: string): LayoutFactsLink {
    const settled = this.options.settledLayouts;
    const observer = this.observer;
    return {
      scope,
      ...(settled ? { settled: (key: string) => settled.get(key) } : {}),
      ...(observer.layoutLearned ? { onLearned: (key: string, facts: LearnedLayoutFacts) => observer.layoutLearned?.(key, facts) } : {}),
    };
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** `bundle.tgz:member/path`, how evidence names a file. */
export function formatWhere(member: MemberInfo): string {
  return displayPath(member.source.bundle, member.source.member);
}
