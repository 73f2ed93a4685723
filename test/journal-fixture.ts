import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/**
 * `test/fixtures/journal/`: real systemd 252 journal files and what journalctl printed for them (provenance and
 * checksums in its README and SHA256SUMS). Part of the repository, so every clone runs the tests that read it.
 */
export const journalFixtureDir = fileURLToPath(new URL('./fixtures/journal/', import.meta.url));

/** The absolute path of one file of the journal fixtures, e.g. `incident-default.jsonl`. */
export function journalFixturePath(name: string): string {
  return journalFixtureDir + name;
}

/** The bytes of one file of the journal fixtures. */
export function journalFixtureBytes(name: string): Buffer {
  return readFileSync(journalFixturePath(name));
}

/** The lines of one file of the journal fixtures (split on `\n`, read as UTF-8 text). */
export function journalFixtureLines(name: string): string[] {
  return readFileSync(journalFixturePath(name), 'utf8').split('\n');
}

/** One binary journal (`NAME.journal.gz`, stored gzip'd because each file is 8 MiB), gunzipped. */
export function journalFixtureFile(name: string): Buffer {
  return gunzipSync(journalFixtureBytes(`${name}.journal.gz`));
}
