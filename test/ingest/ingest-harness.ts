import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import type { Diagnostic, LogLine, MemberInfo, MemberReason, MemberReasonCode } from '../../src/model/index.js';
import { type IngestOptions, readBundle } from '../../src/ingest/index.js';

export interface TarFixtureEntry {
  readonly name: string;
  readonly data?: string | Uint8Array;
  readonly type?: 'file' | 'symlink' | 'link' | 'directory' | 'fifo' | 'character-device';
  readonly linkname?: string;
  readonly mtime?: Date;
}

/** Builds a tar in memory with tar-stream's packer (fixtures are made here, never committed). */
export async function buildTar(entries: readonly TarFixtureEntry[]): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const chunk of p as AsyncIterable<Buffer>) chunks.push(chunk);
  })();
  for (const entry of entries) {
    const type = entry.type ?? 'file';
    const data = entry.data === undefined ? Buffer.alloc(0) : Buffer.from(entry.data);
    await new Promise<void>((resolve, reject) => {
      const header = {
        name: entry.name,
        type,
        mtime: entry.mtime ?? new Date('2025-03-14T15:00:00Z'),
        ...(entry.linkname ? { linkname: entry.linkname } : {}),
        ...(type === 'file' ? { size: data.length } : {}),
      };
      if (type === 'file') p.entry(header, data, (err) => (err ? reject(err) : resolve()));
      else p.entry(header, (err) => (err ? reject(err) : resolve()));
    });
  }
  p.finalize();
  await done;
  return Buffer.concat(chunks);
}

export async function buildTgz(entries: readonly TarFixtureEntry[]): Promise<Buffer> {
  return gzipSync(await buildTar(entries));
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'logsift-ingest-'));
}

export function writeTemp(name: string, data: string | Uint8Array): string {
  const path = join(tempDir(), name);
  writeFileSync(path, data);
  return path;
}

export interface IngestResult {
  readonly members: { readonly member: MemberInfo; readonly lines: LogLine[] }[];
  /** `reason` is the text, `code` its kind, `duplicateOf` the copied member of a duplicate. */
  readonly skipped: { readonly member: MemberInfo; readonly kind: 'skipped' | 'error'; readonly reason: string; readonly code: MemberReasonCode; readonly duplicateOf?: string }[];
  readonly damaged: { readonly member: MemberInfo; readonly reason: string; readonly code: MemberReasonCode }[];
  readonly diagnostics: Diagnostic[];
}

/** Runs readBundle to the end, keeping every line and every observer call. */
export async function runIngest(inputs: readonly string[], options: IngestOptions = {}): Promise<IngestResult> {
  const result: IngestResult = { members: [], skipped: [], damaged: [], diagnostics: [] };
  const observer = {
    memberSkipped: (member: MemberInfo, kind: 'skipped' | 'error', reason: MemberReason) =>
      result.skipped.push({ member, kind, reason: reason.text, code: reason.code, ...(reason.duplicateOf === undefined ? {} : { duplicateOf: reason.duplicateOf }) }),
    memberDamaged: (member: MemberInfo, reason: MemberReason) => result.damaged.push({ member, reason: reason.text, code: reason.code }),
    diagnostic: (d: Diagnostic) => result.diagnostics.push(d),
  };
  for await (const { member, lines } of readBundle(inputs, options, observer)) {
    const kept: LogLine[] = [];
    for await (const line of lines) kept.push(line);
    result.members.push({ member, lines: kept });
  }
  return result;
}

export function texts(result: IngestResult, member: string): string[] {
  const found = result.members.find((m) => m.member.source.member === member);
  if (!found) throw new Error(`no member ${member}; have ${result.members.map((m) => m.member.source.member).join(', ')}`);
  return found.lines.map((l) => l.text);
}
