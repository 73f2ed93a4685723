import type { Diagnostic, MemberInfo, MemberReason } from '../model/index.js';
import type { RawLineMarker } from './line-marks.js';
import type { LearnedLayoutFacts } from './layout-tracker.js';

export interface IngestOptions {
  /** Globs matched against member paths (and directory-relative paths); default all. */
  include?: readonly string[];
  exclude?: readonly string[];
  /** Nested-archive depth, default 4. */
  maxDepth?: number;
  /** Default 1 MiB: longer lines are cut there and flagged `truncated`; the rest of the line is skipped without buffering it. */
  maxLineBytes?: number;
  /** Total decompressed bytes, default 64 GiB. */
  maxTotalBytes?: number;
  /** Compression ratio per compressed stream, default 1000 (bomb guard, checked while streaming). */
  maxRatio?: number;
  /** Default 200_000. */
  maxMembers?: number;
  /** Lines read from one input (a bundle named on the command line), default 100 million: bounds the time a run takes. */
  maxLines?: number;
  /** Decompressed bytes of one input, default 16 GiB: a stream under the ratio limit still ends in bounded time. */
  maxInputBytes?: number;
  /** Hosts the layouts of one input name, default 10 000: files of further hosts are listed as skipped. */
  maxHosts?: number;
  /** Files read per host of one input, default 50 000: further files of that host are listed as skipped. */
  maxFilesPerHost?: number;
  /**
   * Non-log files whose text the run wants (os-release, uname, meminfo: `patterns/context/system-facts.yaml`), by
   * member path; their first bytes go to `IngestObserver.factFile` before the member is read or skipped as usual.
   */
  factFile?: (memberPath: string) => boolean;
  /**
   * Marks each text member's lines that may hold a signature literal, from the bytes (`MemberLines.marks`); without
   * it members carry no marks and every line reaches the matcher.
   */
  lineMarker?: RawLineMarker;
  /**
   * What a whole earlier read of the same inputs learned per bundle (`MemberInfo.layoutBundle`) from its metadata
   * files: every member then carries it from the start, whatever the order the archive lists them in.
   */
  settledLayouts?: ReadonlyMap<string, LearnedLayoutFacts>;
}

export interface IngestObserver {
  /** A member that yields no lines: kind 'skipped' (binary, empty, duplicate, unsupported, excluded) or 'error'. */
  memberSkipped(member: MemberInfo, kind: 'skipped' | 'error', reason: MemberReason): void;
  /** A member whose lines ended early (truncated gzip/xz, corrupt tar): lines read so far were yielded. */
  memberDamaged(member: MemberInfo, reason: MemberReason): void;
  /** Input-level problems (an input path that does not exist, an archive that is really a zip, limits hit). */
  diagnostic(d: Diagnostic): void;
  progress?(p: { bytesRead: number; members: number }): void;
  /** The first bytes of a member `factFile` asked for, decoded; the member is then accounted for as usual. */
  factFile?(member: MemberInfo, path: string, text: string): void;
  /** A bundle's metadata file taught its layout something better (a host, a collection time, a zone). */
  layoutLearned?(bundleKey: string, facts: LearnedLayoutFacts): void;
}

export interface ResolvedIngestOptions {
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly maxDepth: number;
  readonly maxLineBytes: number;
  readonly maxTotalBytes: number;
  readonly maxRatio: number;
  readonly maxMembers: number;
  readonly maxLines: number;
  readonly maxInputBytes: number;
  readonly maxHosts: number;
  readonly maxFilesPerHost: number;
  readonly factFile?: (memberPath: string) => boolean;
  readonly lineMarker?: RawLineMarker;
  readonly settledLayouts?: ReadonlyMap<string, LearnedLayoutFacts>;
}

export const DEFAULT_INGEST_OPTIONS: ResolvedIngestOptions = {
  include: [],
  exclude: [],
  maxDepth: 4,
  maxLineBytes: 1024 * 1024,
  maxTotalBytes: 64 * 1024 ** 3,
  maxRatio: 1000,
  maxMembers: 200_000,
  maxLines: 100_000_000,
  maxInputBytes: 16 * 1024 ** 3,
  maxHosts: 10_000,
  maxFilesPerHost: 50_000,
};

/** Fills defaults; a missing, non-finite or non-positive limit falls back to its default. */
export function resolveIngestOptions(options: IngestOptions | undefined): ResolvedIngestOptions {
  const pick = (value: number | undefined, fallback: number): number =>
    typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
  const d = DEFAULT_INGEST_OPTIONS;
  return {
    include: options?.include ?? d.include,
    exclude: options?.exclude ?? d.exclude,
    maxDepth: typeof options?.maxDepth === 'number' && options.maxDepth >= 0 ? options.maxDepth : d.maxDepth,
    maxLineBytes: pick(options?.maxLineBytes, d.maxLineBytes),
    maxTotalBytes: pick(options?.maxTotalBytes, d.maxTotalBytes),
    maxRatio: pick(options?.maxRatio, d.maxRatio),
    maxMembers: pick(options?.maxMembers, d.maxMembers),
    maxLines: pick(options?.maxLines, d.maxLines),
    maxInputBytes: pick(options?.maxInputBytes, d.maxInputBytes),
    maxHosts: pick(options?.maxHosts, d.maxHosts),
    maxFilesPerHost: pick(options?.maxFilesPerHost, d.maxFilesPerHost),
    ...(options?.factFile ? { factFile: options.factFile } : {}),
    ...(options?.lineMarker ? { lineMarker: options.lineMarker } : {}),
    ...(options?.settledLayouts ? { settledLayouts: options.settledLayouts } : {}),
  };
}
