import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { journalFixtureBytes, journalFixtureDir } from './journal-fixture.js';

/** The files of test/fixtures/journal that describe the data rather than being it. */
const NOT_DATA = new Set(['README.md', 'SHA256SUMS', '.gitattributes']);

/** `sha256sum` output: `<64 hex>  <name>` per line. */
function listedSums(): Map<string, string> {
  const sums = new Map<string, string>();
  readFileSync(`${journalFixtureDir}SHA256SUMS`, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .forEach((line, i) => {
      const match = /^([0-9a-f]{64}) [ *](\S+)$/.exec(line);
      if (match === null) throw new Error(`test/fixtures/journal/SHA256SUMS line ${i + 1}: not "<sha256>  <file>": ${line}`);
      sums.set(match[2]!, match[1]!);
    });
  return sums;
}

describe('test/fixtures/journal', () => {
  const sums = listedSums();

  it('lists every data file in SHA256SUMS, and only files that are there', () => {
    const present = readdirSync(journalFixtureDir).filter((name) => !NOT_DATA.has(name)).sort();
    expect([...sums.keys()].sort()).toEqual(present);
  });

  it('holds exactly the bytes its SHA256SUMS records', () => {
    for (const [name, sum] of sums) expect(createHash('sha256').update(journalFixtureBytes(name)).digest('hex'), name).toBe(sum);
  });

  it('has the read-backs of every binary variant the README describes', () => {
    for (const variant of ['incident-default', 'incident-uncompressed', 'incident-regular-zstd', 'incident-legacy', 'boot1-unclean']) {
      for (const form of ['journal.gz', 'jsonl', 'export', 'short-iso.txt', 'short-precise.txt']) expect(sums.has(`${variant}.${form}`), `${variant}.${form}`).toBe(true);
    }
  });
});
