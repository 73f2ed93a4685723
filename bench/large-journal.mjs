import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/*
 * A large binary journal written by systemd itself: the 218 real entries of test/fixtures/journal/incident.export,
 * repeated with times moved on and each MESSAGE numbered (so, as in a real journal, most messages are new DATA
 * objects while hosts, units and boot ids repeat), piped to `systemd-journal-remote --output=FILE -` (systemd's own
 * writer, with its default compression). Without systemd-journal-remote there is no file, and the rows are left out.
 */

const JOURNAL_REMOTE = ['/lib/systemd/systemd-journal-remote', '/usr/lib/systemd/systemd-journal-remote'];
/** One repetition spans the fixture's 8 h 13 min; the next starts a day later. */
const REPEAT_STEP_MICROS = 86_400_000_000n;

export function journalRemotePath() {
  return JOURNAL_REMOTE.find((p) => existsSync(p));
}

/**
 * Writes (or reuses) `<dir>/large-<entries>.journal` holding `entries` entries; resolves to its path and size, or
 * undefined without systemd-journal-remote.
 */
export async function ensureLargeJournal({ repoDir, dir, entries }) {
  const tool = journalRemotePath();
  if (tool === undefined) return undefined;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `large-${entries}.journal`);
  if (!existsSync(file)) {
    const template = parseExport(readFileSync(join(repoDir, 'test', 'fixtures', 'journal', 'incident.export')));
    // journal-remote refuses to overwrite; a file left by a killed run is removed first.
    rmSync(`${file}.tmp.journal`, { force: true });
    const child = spawn(tool, [`--output=${file}.tmp.journal`, '--compress=yes', '-'], { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    const closed = new Promise((resolve) => child.on('close', resolve));
    for (let n = 0; n < entries; n++) {
      const repeat = BigInt(Math.floor(n / template.length));
      const block = renderEntry(template[n % template.length], repeat, n);
      if (!child.stdin.write(block)) await new Promise((resolve) => child.stdin.once('drain', resolve));
    }
    child.stdin.end();
    const code = await closed;
    if (code !== 0) throw new Error(`systemd-journal-remote exited ${code}: ${stderr.trim()}`);
    // journal-remote rotates a full file under another name: the entry count must fit one file.
    if (!existsSync(`${file}.tmp.journal`)) throw new Error(`systemd-journal-remote did not write ${file}.tmp.journal (rotated?): use fewer entries`);
    renameSync(`${file}.tmp.journal`, file);
  }
  return { path: file, bytes: statSync(file).size, entries };
}

/** Entries of an export stream as lists of [name, value bytes] (text and binary-safe fields alike). */
function parseExport(bytes) {
  const entries = [];
  let fields = [];
  let at = 0;
  while (at < bytes.length) {
    if (bytes[at] === 0x0a) {
      if (fields.length) entries.push(fields);
      fields = [];
      at++;
      continue;
    }
    const newline = bytes.indexOf(0x0a, at);
    const line = bytes.subarray(at, newline);
    const equals = line.indexOf(0x3d);
    if (equals >= 0) {
      fields.push([line.subarray(0, equals).toString('latin1'), line.subarray(equals + 1)]);
      at = newline + 1;
    } else {
      // Binary-safe: NAME\n, a little-endian 64-bit length, the bytes, \n.
      const length = Number(bytes.readBigUInt64LE(newline + 1));
      const start = newline + 9;
      fields.push([line.toString('latin1'), bytes.subarray(start, start + length)]);
      at = start + length + 1;
    }
  }
  if (fields.length) entries.push(fields);
  return entries;
}

function renderEntry(fields, repeat, n) {
  const parts = [];
  for (const [name, value] of fields) {
    if (name === '__CURSOR') continue;
    let out = value;
    if (name === '__REALTIME_TIMESTAMP' || name === '_SOURCE_REALTIME_TIMESTAMP') out = Buffer.from(String(BigInt(value.toString()) + repeat * REPEAT_STEP_MICROS));
    else if (name === 'MESSAGE' && repeat > 0n) out = Buffer.concat([value, Buffer.from(` (#${n})`)]);
    if (out.includes(0x0a) || out.some((b) => b < 0x20 && b !== 0x09)) {
      const length = Buffer.alloc(8);
      length.writeBigUInt64LE(BigInt(out.length));
      parts.push(Buffer.from(`${name}\n`), length, out, Buffer.from('\n'));
    } else {
      parts.push(Buffer.from(`${name}=`), out, Buffer.from('\n'));
    }
  }
  parts.push(Buffer.from('\n'));
  return Buffer.concat(parts);
}
