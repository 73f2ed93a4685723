import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { LogLine, MemberInfo, MemberLines } from '../model/index.js';
import { DecompressionGuard, IngestLimitError } from './archives/decompression-guard.js';
import { gunzipChunks } from './archives/gunzip-chunks.js';
import { tarEntriesResyncing, type TarResync } from './archives/tar-resync.js';
import { unxzChunks, xzDecoderBusy } from './archives/unxz-chunks.js';
import { unzstdChunks } from './archives/unzstd-chunks.js';
import { type ZipMember, zipMembers } from './archives/zip-entries.js';
import { formatWhere, type IngestRun, StreamDamageError } from './ingest-run.js';
import { readJournalMember } from './journal-file/read-journal-member.js';
import { LayoutTracker } from './layout-tracker.js';
import { NOT_A_LOG } from './layouts/index.js';
import { BINARY_SNIFF_BYTES, looksBinary } from './looks-binary.js';
import { PeekStream } from './peek-stream.js';
import { paxSparse, withoutSparseMap } from './archives/pax-sparse.js';
import { sanitizeMemberPath } from './sanitize-member-path.js';
import { sniffContainer } from './sniff-container.js';
import { splitLineBatches, splitLines, type SplitLinesOptions } from './split-lines.js';
import { displayPath } from './display-path.js';
import { LineMarks, type LineMarking, type RawLineMarker } from './line-marks.js';

/**
 * What ingest offers besides lines: the member's decoded bytes, for a consumer that splits them itself (a worker
 * thread, with `LineSplitter` and `splitOptions`), which gives the very same lines.
 */
export interface MemberByteSource {
  readonly splitOptions: SplitLinesOptions;
  /** The bytes. A damaged member ends early (its damage already reported) and `cut` is then true. */
  byteChunks(): AsyncIterable<Uint8Array>;
  readonly cut: boolean;
}

/** System fact files (os-release, uname, meminfo) are small; a package list is read this far. */
const FACT_FILE_BYTES = 64 * 1024;

/** `hostname` and `date` files are one line; more than this is not one of them. */
const METADATA_BYTES = 4096;

/** gzip of gzip of … is legal but never real; more layers than this in one member is treated as hostile. */
const MAX_COMPRESSION_LAYERS = 4;

/** Where a byte stream sits: which input, which member, how deep, and the layout it belongs to. */
export interface StreamSite {
  readonly bundle: string;
  /** Member path shown to the user (`x/kubelet.log.1.gz`, `a.tgz!/y/messages`). */
  readonly member: string;
  /** The path the layout tracker sees (relative to the archive or directory holding it). */
  readonly layoutPath: string;
  readonly tracker: LayoutTracker;
  /** Archives this stream is nested in; top-level inputs are 0. */
  readonly depth: number;
  readonly compressionLayers: number;
  /** A top-level file: the members of a tar in it are named without a prefix. */
  readonly topLevel: boolean;
  readonly size?: number;
  readonly mtime?: number;
  /** The file on disk the stream reads (with no decompression in between, when `compressionLayers` is 0). */
  readonly localFile?: string;
}

export function memberInfo(site: StreamSite): MemberInfo {
  const layout = site.tracker.describe(site.layoutPath);
  return {
    source: { bundle: site.bundle, member: site.member },
    ...(site.size !== undefined && site.compressionLayers === 0 ? { size: site.size } : {}),
    ...(site.mtime !== undefined ? { mtime: site.mtime } : {}),
    ...(layout.layout !== undefined ? { layout: layout.layout } : {}),
    ...(layout.layoutBundle !== undefined ? { layoutBundle: layout.layoutBundle } : {}),
    ...(layout.host !== undefined ? { host: layout.host } : {}),
    ...(layout.hostProvisional ? { hostProvisional: true } : {}),
    ...(layout.component !== undefined ? { component: layout.component } : {}),
    ...(layout.formatHint !== undefined ? { formatHint: layout.formatHint } : {}),
    ...(layout.fields !== undefined ? { fields: layout.fields } : {}),
    ...(layout.collectedAt !== undefined ? { collectedAt: layout.collectedAt } : {}),
    ...(layout.collectedAtSource !== undefined ? { collectedAtSource: layout.collectedAtSource } : {}),
    ...(layout.timeZone !== undefined ? { timeZone: layout.timeZone } : {}),
  };
}

/**
 * Decides what one byte stream is (by magic bytes) and reads it as a container or as text lines,
 * recursing into compressed and tar layers. Every member ends up yielded or reported to the observer.
 */
export async function* readStream(stream: AsyncIterable<Uint8Array>, site: StreamSite, run: IngestRun): AsyncGenerator<MemberLines, void, undefined> {
  const reader = new PeekStream(stream);
  try {
    // --exclude keeps a file's facts out too: what the user left out of the analysis says nothing in the report.
    if (site.compressionLayers === 0 && !site.topLevel && run.options.factFile?.(site.layoutPath) && run.observer.factFile && run.filter.skipFile(site.member) === undefined) {
      // Peeked, not consumed: the member is then read, or skipped as not a log, and accounted for like any other.
      const head = await reader.peek(FACT_FILE_BYTES);
      if (!looksBinary(head.subarray(0, BINARY_SNIFF_BYTES))) run.observer.factFile(memberInfo(site), site.layoutPath, new TextDecoder().decode(head));
    }
    if (site.compressionLayers === 0 && !site.topLevel && site.tracker.isMetadata(site.layoutPath)) {
      // Read before describing it, so this member (and every later one) already carries what it says.
      const text = new TextDecoder().decode(await reader.peek(site.tracker.metadataBytes(site.layoutPath) ?? METADATA_BYTES));
      site.tracker.learn(site.layoutPath, text);
      run.skipped(memberInfo(site), 'skipped', { code: 'not-a-log', text: `${NOT_A_LOG}: read for the bundle's host name, collection time or zone` });
      return;
    }
    // A file named on the command line is read whatever its name says.
    const notALog = site.compressionLayers === 0 && !site.topLevel ? site.tracker.describe(site.layoutPath).notALog : undefined;
    if (notALog !== undefined) {
      run.skipped(memberInfo(site), 'skipped', { code: 'not-a-log', text: notALog === NOT_A_LOG ? NOT_A_LOG : `${NOT_A_LOG}: ${notALog}` });
      return;
    }
    // A spent budget is judged before the first byte is decompressed: decompressing is what it bounds.
    const spent = site.topLevel || site.compressionLayers > 0 ? undefined : run.inputSpent(site.bundle);
    if (spent !== undefined) {
      run.skipped(memberInfo(site), 'skipped', { code: 'limit', text: spent });
      return;
    }
    const head = await reader.peek(BINARY_SNIFF_BYTES);
    const kind = sniffContainer(head);
    if (kind === 'gzip' || kind === 'xz' || kind === 'zstd') {
      if (site.depth > run.options.maxDepth || site.compressionLayers >= MAX_COMPRESSION_LAYERS) {
        run.skipped(memberInfo(site), 'skipped', { code: 'limit', text: `nested archive deeper than ${run.options.maxDepth} levels` });
        return;
      }
      if (kind === 'xz' && xzDecoderBusy()) {
        run.skipped(memberInfo(site), 'skipped', { code: 'unsupported', text: 'xz-compressed file inside an xz archive: not read (one xz stream is decoded at a time; unpack the outer archive to read it)' });
        return;
      }
      const guard = new DecompressionGuard(kind, run.options.maxRatio, run, site.bundle);
      const decoded = kind === 'gzip' ? gunzipChunks(reader, guard) : kind === 'xz' ? unxzChunks(reader, guard) : unzstdChunks(reader, guard);
      yield* readStream(describedFailures(decoded, guard), { ...site, compressionLayers: site.compressionLayers + 1 }, run);
      return;
    }
    if (kind === 'tar') {
      yield* readTar(reader, site, run);
      return;
    }
    if (kind === 'zip') {
      yield* readZip(site, run);
      return;
    }
    if (kind === 'systemd-journal') {
      const info = memberInfo(site);
      const overBudget = run.budgetSkip(info);
      if (overBudget !== undefined) {
        run.skipped(info, 'skipped', { code: 'limit', text: overBudget });
        return;
      }
      // A journal on disk is read at offsets rather than buffered whole.
      const onDisk = site.compressionLayers === 0 ? site.localFile : undefined;
      const marking = lineMarkingFor(run.options.lineMarker, info);
      yield* readJournalMember(reader, info, site.topLevel, run, { ...(onDisk !== undefined ? { localFile: onDisk } : {}), ...(marking ? { marking } : {}) });
      return;
    }
    if (head.length === 0) {
      if (reader.error !== undefined) run.damaged(memberInfo(site), reader.error, false);
      else run.skipped(memberInfo(site), 'skipped', { code: 'empty', text: 'empty' });
      return;
    }
    if (head.every((b) => b === 0)) {
      // tar ends with zero blocks, so a tar with no members is nothing else; a file zeroed by a crash looks the same.
      if (reader.error !== undefined) run.damaged(memberInfo(site), reader.error, false);
      else run.skipped(memberInfo(site), 'skipped', { code: 'zeroed', text: 'only NUL bytes (an empty tar archive, or a file zeroed by a crash)' });
      return;
    }
    if (looksBinary(head)) {
      // A stream that broke within its first bytes may be a cut archive rather than binary data.
      if (reader.error !== undefined) run.damaged(memberInfo(site), reader.error, false);
      else run.skipped(memberInfo(site), 'skipped', { code: 'binary', text: 'binary' });
      return;
    }
    // Globs select members of what was named; a file named on the command line itself is always read.
    const excluded = site.topLevel ? undefined : run.filter.skipFile(site.member);
    if (excluded !== undefined) {
      run.skipped(memberInfo(site), 'skipped', { code: 'excluded', text: excluded });
      return;
    }
    const info = memberInfo(site);
    const overBudget = run.budgetSkip(info);
    if (overBudget !== undefined) {
      run.skipped(info, 'skipped', { code: 'limit', text: overBudget });
      return;
    }
    if (site.size !== undefined) {
      // Same bundle and host only: an identical file from another node still belongs to that node's story.
      const key = `${site.bundle}\u0000${info.host ?? ''}\u0000${site.size}:${site.compressionLayers}:${createHash('sha1').update(head).digest('hex')}`;
      const first = run.seen.get(key);
      if (first !== undefined) {
        run.skipped(info, 'skipped', { code: 'duplicate', text: `duplicate of ${first}`, duplicateOf: first });
        return;
      }
      run.seen.set(key, displayPath(site.bundle, site.member));
    }
    let yielded = 0;
    let cut = false;
    const marking = lineMarkingFor(run.options.lineMarker, info);
    const splitOptions = { source: info.source, maxLineBytes: run.options.maxLineBytes, ...(marking ? { marking } : {}) };
    const lines: AsyncIterable<LogLine> & MemberByteSource & { batches(): AsyncIterable<LogLine[]> } = {
      async *[Symbol.asyncIterator]() {
        try {
          for await (const line of splitLines(reader, splitOptions)) {
            run.countLines(site.bundle, 1);
            yielded++;
            yield line;
          }
        } catch (error) {
          run.damaged(info, error, yielded > 0);
        }
      },
      // The same lines a chunk at a time, for consumers that can take many per `await` (see splitLineBatches).
      async *batches() {
        try {
          for await (const batch of splitLineBatches(reader, splitOptions)) {
            run.countLines(site.bundle, batch.length);
            yielded += batch.length;
            yield batch;
          }
        } catch (error) {
          run.damaged(info, error, yielded > 0);
        }
      },
      splitOptions,
      async *byteChunks() {
        try {
          for await (const chunk of reader) {
            // Split into lines in a worker thread: the budget counts line ends here.
            run.countLines(site.bundle, countLineEnds(chunk));
            yielded += chunk.length;
            yield chunk;
          }
        } catch (error) {
          cut = true;
          run.damaged(info, error, yielded > 0);
        }
      },
      get cut() {
        return cut;
      },
    };
    yield marking ? { member: info, lines, marks: marking.marks } : { member: info, lines };
  } finally {
    // Whatever the consumer left unread is released here; a tar entry is drained by tarEntries itself.
    await reader.cancel();
  }
}

/**
 * A zip is read from its central directory at the end of the file, so only a file named on the command line can be
 * read (yauzl opens it by path); a zip on stdin or inside another archive is refused with a one-line reason.
 * Its members pass the same checks as a tar's: member count, ratio and total bytes while decompressing, sanitised names.
 */
async function* readZip(site: StreamSite, run: IngestRun): AsyncGenerator<MemberLines, void, undefined> {
  const onDisk = site.topLevel && site.depth === 0 && site.compressionLayers === 0 && site.bundle !== '-';
  if (!onDisk) {
    const where = site.bundle === '-' ? 'from stdin' : 'inside another archive';
    run.skipped(memberInfo(site), 'skipped', { code: 'unsupported', text: `a zip archive cannot be read ${where} (its index is at its end): pass the .zip file by name` });
    return;
  }
  const tracker = new LayoutTracker(basename(site.member), undefined, undefined, run.layoutFactsLink(displayPath(site.bundle, site.member)));
  let opened: MemberInfo | undefined;
  try {
    for await (const entry of zipMembers(site.bundle)) {
      if (run.stopped) return;
      const name = sanitizeMemberPath(entry.name);
      if (name === '') continue;
      if (entry.kind === 'directory') {
        tracker.observe(`${name.replace(/\/+$/, '')}/`);
        continue;
      }
      const child: StreamSite = {
        bundle: site.bundle, member: name, layoutPath: name, tracker, depth: site.depth + 1, compressionLayers: 0, topLevel: false,
        size: entry.uncompressedSize, ...(entry.mtime !== undefined ? { mtime: entry.mtime } : {}),
      };
      if (!run.admitMember(site.bundle)) return;
      if (entry.kind === 'symlink') {
        run.skipped(memberInfo(child), 'skipped', { code: 'link', text: 'link (zip symlink member)' });
        continue;
      }
      const guard = new DecompressionGuard('zip member', run.options.maxRatio, run, site.bundle);
      guard.compressedBytes = entry.compressedSize;
      opened = memberInfo(child);
      yield* readStream(guardedZipBytes(entry, guard), child, run);
      opened = undefined;
    }
  } catch (error) {
    if (opened) run.damaged(opened, error, true);
    else {
      run.skipped(memberInfo(site), 'error', { code: 'damaged', text: `zip archive cannot be read: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
}

/** A zip member's bytes, counted against the run's limits (declared sizes are checked by yauzl; a bomb still stops). */
async function* guardedZipBytes(entry: ZipMember, guard: DecompressionGuard): AsyncGenerator<Uint8Array, void, undefined> {
  let stream: AsyncIterable<Uint8Array>;
  try {
    stream = await entry.open();
    for await (const chunk of stream) {
      const { kept, error } = guard.admit(chunk);
      if (kept.length > 0) yield kept;
      if (error) throw new StreamDamageError(error.message, error);
    }
  } catch (error) {
    if (error instanceof StreamDamageError) throw error;
    throw new StreamDamageError(guard.describeFailure(error), undefined);
  }
}

async function* describedFailures(decoded: AsyncIterable<Uint8Array>, guard: DecompressionGuard): AsyncGenerator<Uint8Array, void, undefined> {
  try {
    yield* decoded;
  } catch (error) {
    if (error instanceof StreamDamageError) throw error;
    throw new StreamDamageError(guard.describeFailure(error), error instanceof IngestLimitError ? error : undefined);
  }
}

async function* readTar(reader: PeekStream, site: StreamSite, run: IngestRun): AsyncGenerator<MemberLines, void, undefined> {
  const archiveInfo = (): MemberInfo => memberInfo(site);
  if (!site.topLevel) {
    if (site.depth >= run.options.maxDepth) {
      run.skipped(archiveInfo(), 'skipped', { code: 'limit', text: `nested archive deeper than ${run.options.maxDepth} levels` });
      return;
    }
    const excluded = run.filter.skipArchive(site.member);
    if (excluded !== undefined) {
      run.skipped(archiveInfo(), 'skipped', { code: 'excluded', text: excluded });
      return;
    }
  }
  const prefix = site.topLevel ? '' : `${site.member}!/`;
  const tracker = new LayoutTracker(basename(site.member), undefined, undefined, run.layoutFactsLink(displayPath(site.bundle, site.member)));
  let opened: MemberInfo | undefined;
  try {
    const onResync = (resync: TarResync): void => {
      const where = formatWhere(archiveInfo());
      run.diagnostic({
        code: 'ingest.tar-resync',
        severity: 'warning',
        title: `${where}: corrupt tar data after byte ${resync.from}; skipped to the next valid header at byte ${resync.to} (${resync.to - resync.from} bytes not read)`,
        where: { file: where },
        reason: resync.reason,
      });
    };
    for await (const entry of tarEntriesResyncing(reader, onResync)) {
      if (run.stopped) return;
      const header = entry.header;
      const sparse = paxSparse(header);
      const name = sanitizeMemberPath(sparse?.name ?? header.name ?? '');
      if (name === '') continue;
      const type = header.type ?? 'file';
      if (type === 'directory') {
        tracker.observe(`${name}/`);
        continue;
      }
      const child: StreamSite = {
        bundle: site.bundle,
        member: `${prefix}${name}`,
        layoutPath: name,
        tracker,
        depth: site.depth + 1,
        compressionLayers: 0,
        topLevel: false,
        ...(typeof header.size === 'number' ? { size: header.size } : {}),
        ...(header.mtime instanceof Date && !Number.isNaN(header.mtime.getTime()) ? { mtime: header.mtime.getTime() } : {}),
      };
      if (type === 'symlink' || type === 'link') {
        if (!run.admitMember(site.bundle)) return;
        run.skipped(memberInfo(child), 'skipped', { code: 'link', text: `link to ${header.linkname ?? '?'}` });
        continue;
      }
      if (!run.admitMember(site.bundle)) return;
      if (type !== 'file' && type !== 'contiguous-file') {
        // Device nodes and fifos show up when a collector tars /dev or /run; listed so every member is accounted for.
        run.skipped(memberInfo(child), 'skipped', { code: 'special-file', text: `not a regular file (${type})` });
        continue;
      }
      opened = memberInfo(child);
      yield* readStream(sparse?.mapInData ? withoutSparseMap(entry.body) : entry.body, child, run);
      opened = undefined;
    }
  } catch (error) {
    // Reported on the member being read when the archive broke inside it, else on the archive itself.
    run.damaged(opened ?? archiveInfo(), error, true);
  }
}

function countLineEnds(chunk: Uint8Array): number {
  let count = 0;
  for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, at + 1)) count++;
  return count;
}

/**
 * Marks for a member's lines, unless the member's layout fields (which every event of it carries into its match
 * text: a pod log's namespace, pod and container) already hold a literal: then every line may match.
 */
export function lineMarkingFor(marker: RawLineMarker | undefined, info: MemberInfo): LineMarking | undefined {
  if (marker === undefined) return undefined;
  if (info.fields !== undefined && marker.holdsLiteral(Object.entries(info.fields).flat().join('\n'))) return undefined;
  return { marker, marks: new LineMarks() };
}
