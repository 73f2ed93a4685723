import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** `../shared/data/journal` next to the repository: real journalctl output (see its README); absent outside the workspace. */
export const sharedJournalDir = fileURLToPath(new URL('../../../shared/data/journal/', import.meta.url));

/** Whether `../shared/data/journal` is there; tests that read it skip when it is not. */
export const hasSharedJournal = existsSync(sharedJournalDir);

/** The lines of one file of `../shared/data/journal` (split on `\n`, as text). */
export function sharedJournalLines(name: string): string[] {
  return readFileSync(sharedJournalDir + name, 'utf8').split('\n');
}
