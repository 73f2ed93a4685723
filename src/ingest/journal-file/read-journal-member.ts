import type { DecodedJournalEntry, LogLine, MemberInfo, MemberLines, SourceRef } from '../../model/index.js';
import type { IngestRun } from '../ingest-run.js';
import type { LineMarking } from '../line-marks.js';
import { displayPath } from '../display-path.js';
import { concatBytes } from '../peek-stream.js';
import { openJournalFile, type OpenJournalFile } from './journal-bytes.js';
import { readJournalFile, type JournalFileEntry } from './read-journal-file.js';

/** journald and journal-remote grow files in 8 MiB steps and rotate long before this; bigger is not a journal we buffer. */
export const MAX_JOURNAL_FILE_BYTES = 256 * 1024 * 1024;

const MIB = 1024 * 1024;

export interface ReadJournalMemberOptions {
  /** The member is this file on disk: it is read at offsets, in bounded memory and whatever its size. */
  readonly localFile?: string;
  /** The most bytes buffered for a journal inside an archive. */
  readonly maxBytes?: number;
  /** The raw-byte prefilter's marker and the member's marks: entries are marked by ordinal (see readJournalFile). */
  readonly marking?: LineMarking;
}

/**
 * Reads a member whose bytes start with the journal signature: at offsets when it is a file on disk, else buffered
 * (the format needs random access), then yields its entries for the journal-json format, decoded (`journalEntry`),
 * their `journalctl -o json` line rendered only for whoever reads `text`. Line numbers are entry ordinals (the n-th entry of the file's entry list), since a binary file has no
 * lines. Damage is reported on the member.
 */
export async function* readJournalMember(
  source: AsyncIterable<Uint8Array>,
  info: MemberInfo,
  topLevel: boolean,
  run: IngestRun,
  options: ReadJournalMemberOptions = {},
): AsyncGenerator<MemberLines, void, undefined> {
  const maxBytes = options.maxBytes ?? MAX_JOURNAL_FILE_BYTES;
  // Globs select members of what was named; a file named on the command line itself is always read.
  const excluded = topLevel ? undefined : run.filter.skipFile(info.source.member);
  if (excluded !== undefined) {
    run.skipped(info, 'skipped', { code: 'excluded', text: excluded });
    return;
  }
  let file: OpenJournalFile | undefined;
  if (options.localFile !== undefined) {
    try {
      file = await openJournalFile(options.localFile, (bytes) => run.countRead(bytes));
    } catch {
      // Read as a stream below, which reports the error the way every other member's is.
      file = undefined;
    }
  }
  const buffered = file === undefined ? await bufferMember(source, info, run, maxBytes) : undefined;
  if (buffered?.tooLarge) return;
  const streamError = buffered?.streamError;
  const marking = options.marking;
  const read = readJournalFile(file ?? buffered!.bytes, marking ? { marking } : {});
  if (!read.ok) {
    await file?.close();
    if (streamError) run.damaged(info, streamError.error, false);
    else run.skipped(info, read.kind === 'unsupported' ? 'skipped' : 'error', { code: read.kind, text: `binary systemd journal: ${read.reason}` });
    return;
  }
  const member: MemberInfo = { ...info, formatHint: 'journal-json' };
  let yielded = 0;
  let started = false;
  const finish = (): void => {
    if (streamError) run.damaged(member, streamError.error, yielded > 0);
    if (read.problems.length > 0) {
      const first = read.problems[0];
      const more = read.problems.length - 1 + read.droppedProblems();
      const summary = `binary systemd journal damaged: ${first.message}${more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'})` : ''}`;
      // Said once: as the member's damage, or, when a cut archive already is that, as its own warning.
      if (!streamError) run.damaged(member, new Error(summary), yielded > 0);
      else {
        const where = displayPath(member.source.bundle, member.source.member);
        run.diagnostic({
          code: 'ingest.journal-damaged',
          severity: 'warning',
          title: `${where}: ${summary}`,
          where: { file: where, ...(first.ordinal !== undefined ? { line: first.ordinal } : {}) },
          help: 'Entries that could be read were kept; `journalctl --file <file> --verify` shows the damage in detail.',
        });
      }
    }
  };
  const batches = async function* (): AsyncGenerator<readonly LogLine[], void, undefined> {
    started = true;
    try {
      for await (const batch of read.batches) {
        yielded += batch.length;
        yield batch.map((entry) => new JournalEntryLine(member.source, entry));
      }
    } finally {
      await file?.close();
    }
    finish();
  };
  // Lines one by one, or (what the parser and the worker hand-over take) many per step.
  const lines = {
    async *[Symbol.asyncIterator](): AsyncGenerator<LogLine, void, undefined> {
      for await (const batch of batches()) yield* batch;
    },
    batches,
  };
  try {
    yield marking ? { member, lines, marks: marking.marks } : { member, lines };
  } finally {
    // A consumer that moved on without reading the entries leaves nothing open.
    if (!started) await file?.close();
  }
}

/** The member's bytes in memory, or tooLarge (reported) past `maxBytes`; a stream that broke keeps what arrived. */
async function bufferMember(
  source: AsyncIterable<Uint8Array>,
  info: MemberInfo,
  run: IngestRun,
  maxBytes: number,
): Promise<{ readonly tooLarge?: true; readonly bytes: Uint8Array; readonly streamError?: { readonly error: unknown } }> {
  const tooLarge = `binary systemd journal larger than ${Math.round(maxBytes / MIB)} MiB, which is the most that is buffered to read one: export it with \`journalctl --file <file> -o export\` and pass the output`;
  if (info.size !== undefined && info.size > maxBytes) {
    run.skipped(info, 'skipped', { code: 'limit', text: tooLarge });
    return { tooLarge: true, bytes: new Uint8Array(0) };
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  let streamError: { readonly error: unknown } | undefined;
  try {
    for await (const chunk of source) {
      total += chunk.length;
      if (total > maxBytes) {
        run.skipped(info, 'skipped', { code: 'limit', text: tooLarge });
        return { tooLarge: true, bytes: new Uint8Array(0) };
      }
      chunks.push(chunk);
    }
  } catch (error) {
    // A cut archive leaves a cut journal: read what arrived, as journalctl reads a torn file.
    streamError = { error };
  }
  // The chunks are dropped once joined: only the one copy is held while the entries are read.
  return { bytes: concatBytes(chunks, total), ...(streamError ? { streamError } : {}) };
}

/**
 * One entry as a line: the decoded fields, and the JSON text only when read. A class (a getter on the prototype): an
 * object literal with an own getter costs V8 microseconds to make. The worker hand-over sends `journalEntry` alone.
 */
class JournalEntryLine implements LogLine {
  readonly lineNumber: number;
  readonly journalEntry: DecodedJournalEntry;
  constructor(
    readonly source: SourceRef,
    private readonly entry: JournalFileEntry,
  ) {
    this.lineNumber = entry.ordinal;
    this.journalEntry = entry.entry;
  }

  get text(): string {
    return this.entry.text;
  }
}
