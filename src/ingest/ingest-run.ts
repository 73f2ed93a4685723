import type { Diagnostic, MemberInfo, MemberReason } from '../model/index.js';
import { type ByteBudget, IngestLimitError } from './archives/decompression-guard.js';
import type { IngestObserver, ResolvedIngestOptions } from './ingest-options.js';
import { createMemberFilter, type MemberFilter } from './member-filter.js';
import { displayPath } from './display-path.js';
import type { LayoutFactsLink } from './layout-tracker.js';

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

  constructor(
    readonly options: ResolvedIngestOptions,
    readonly observer: IngestObserver,
  ) {
    this.maxTotalBytes = options.maxTotalBytes;
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
      // A spent line budget stops only its own input: linesSpent() skips the input's later members.
      this.diagnostic({
        code: limit.code,
        severity: 'error',
        title: `${formatWhere(member)}: ${limit.message}`,
        where: { file: formatWhere(member) },
        help: limit.code === 'ingest.ratio-limit' ? 'Raise the ratio limit only for a bundle you trust.'
          : limit.code === 'ingest.line-limit' ? 'Narrow the input with --include/--exclude/--since or raise --max-lines.'
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
      ...(observer.layoutLearned ? { onLearned: (key: string, facts: Parameters<NonNullable<IngestObserver['layoutLearned']>>[1]) => observer.layoutLearned?.(key, facts) } : {}),
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
