import type { Diagnostic, MemberInfo, MemberReason } from '../model/index.js';
import { type ByteBudget, IngestLimitError } from './archives/decompression-guard.js';
import type { IngestObserver, ResolvedIngestOptions } from './ingest-options.js';
import { createMemberFilter, type MemberFilter } from './member-filter.js';
import { displayPath } from './display-path.js';

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
      this.diagnostic({
        code: limit.code,
        severity: 'error',
        title: `${formatWhere(member)}: ${limit.message}`,
        where: { file: formatWhere(member) },
        help: limit.code === 'ingest.ratio-limit' ? 'Raise the ratio limit only for a bundle you trust.' : 'Narrow the input or raise the total-bytes limit.',
      });
    }
  }

  diagnostic(d: Diagnostic): void {
    this.observer.diagnostic(d);
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
