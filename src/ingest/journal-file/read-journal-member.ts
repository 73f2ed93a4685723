import type { LogLine, MemberInfo, MemberLines } from '../../model/index.js';
import type { IngestRun } from '../ingest-run.js';
import { displayPath } from '../display-path.js';
import { concatBytes } from '../peek-stream.js';
import { readJournalFile } from './read-journal-file.js';

/** journald and journal-remote grow files in 8 MiB steps and rotate long before this; bigger is not a journal we buffer. */
export const MAX_JOURNAL_FILE_BYTES = 256 * 1024 * 1024;

const MIB = 1024 * 1024;

/**
 * Reads a member whose bytes start with the journal signature: buffers it (the format needs random access), then
 * yields its entries as `journalctl -o json` lines for the journal-json format. Line numbers are entry ordinals
 * (the n-th entry of the file's entry list), since a binary file has no lines. Damage is reported on the member.
 */
export async function* readJournalMember(
  source: AsyncIterable<Uint8Array>,
  info: MemberInfo,
  topLevel: boolean,
  run: IngestRun,
  maxBytes: number = MAX_JOURNAL_FILE_BYTES,
): AsyncGenerator<MemberLines, void, undefined> {
  // Globs select members of what was named; a file named on the command line itself is always read.
  const excluded = topLevel ? undefined : run.filter.skipFile(info.source.member);
  if (excluded !== undefined) {
    run.skipped(info, 'skipped', { code: 'excluded', text: excluded });
    return;
  }
  const tooLarge = `binary systemd journal larger than ${Math.round(maxBytes / MIB)} MiB, which is the most that is buffered to read one: export it with \`journalctl --file <file> -o export\` and pass the output`;
  if (info.size !== undefined && info.size > maxBytes) {
    run.skipped(info, 'skipped', { code: 'limit', text: tooLarge });
    return;
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  let streamError: { readonly error: unknown } | undefined;
  try {
    for await (const chunk of source) {
      total += chunk.length;
      if (total > maxBytes) {
        run.skipped(info, 'skipped', { code: 'limit', text: tooLarge });
        return;
      }
      chunks.push(chunk);
    }
  } catch (error) {
    // A cut archive leaves a cut journal: read what arrived, as journalctl reads a torn file.
    streamError = { error };
  }
  const read = readJournalFile(concatBytes(chunks, total));
  if (!read.ok) {
    if (streamError) run.damaged(info, streamError.error, false);
    else run.skipped(info, read.kind === 'unsupported' ? 'skipped' : 'error', { code: read.kind, text: `binary systemd journal: ${read.reason}` });
    return;
  }
  const member: MemberInfo = { ...info, formatHint: 'journal-json' };
  let yielded = 0;
  const lines = {
    async *[Symbol.asyncIterator](): AsyncGenerator<LogLine, void, undefined> {
      for await (const entry of read.lines) {
        yielded++;
        yield { source: member.source, lineNumber: entry.ordinal, text: entry.text };
      }
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
    },
  };
  yield { member, lines };
}
