import { open } from 'node:fs/promises';
import { JOURNAL_SIGNATURE } from './parse-journal-header.js';

/**
 * True when `path` is a file that starts with the binary journal signature. Such a file is one member, read at
 * offsets by one thread: worker threads could not share it out, and handing its decoded entries to one costs more
 * than analysing them here.
 */
export async function isJournalFile(path: string): Promise<boolean> {
  try {
    const handle = await open(path, 'r');
    try {
      const head = new Uint8Array(JOURNAL_SIGNATURE.length);
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      return bytesRead === head.length && Buffer.from(head).toString('latin1') === JOURNAL_SIGNATURE;
    } finally {
      await handle.close();
    }
  } catch {
    // A directory, a missing or unreadable file: not one journal file.
    return false;
  }
}
