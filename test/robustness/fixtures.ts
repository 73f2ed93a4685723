import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pack, type Header } from 'tar-stream';
import { runCli, type CliResult } from '../cli/run-cli.js';

export interface TarMember {
  readonly name: string;
  readonly data?: string | Uint8Array;
  readonly type?: Header['type'];
  readonly linkname?: string;
  /** PAX extended header records (GNU sparse files, long names). */
  readonly pax?: Record<string, string>;
}

/** Builds a tar in memory with tar-stream's packer; every header is fixed so the bytes are reproducible. */
export async function buildTar(members: readonly TarMember[]): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const chunk of p as AsyncIterable<Buffer>) chunks.push(chunk);
  })();
  for (const member of members) {
    const type = member.type ?? 'file';
    const data = member.data === undefined ? Buffer.alloc(0) : Buffer.from(member.data);
    const hasBody = type === 'file';
    const header: Header = {
      name: member.name,
      type,
      mode: type === 'directory' ? 0o755 : 0o644,
      uid: 0,
      gid: 0,
      uname: 'root',
      gname: 'root',
      devmajor: 0,
      devminor: 0,
      mtime: new Date('2025-03-14T14:31:07Z'),
      linkname: member.linkname ?? '',
      size: hasBody ? data.length : 0,
      ...(member.pax ? { pax: member.pax } : {}),
    };
    await new Promise<void>((resolve, reject) => {
      if (hasBody) p.entry(header, data, (err) => (err ? reject(err) : resolve()));
      else p.entry(header, (err) => (err ? reject(err) : resolve()));
    });
  }
  p.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** gzip with a fixed header (mtime 0), like `gzip -n`. */
export function gzip(data: Uint8Array): Buffer {
  return gzipSync(data, { level: 6 });
}

/** A fresh directory under the OS temp dir for one test's inputs. */
export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), 'logsift-robust-'));
}

/** Writes bytes to `<dir>/<name>` and returns the path. */
export function writeInput(dir: string, name: string, data: Uint8Array | string): string {
  const path = join(dir, name);
  writeFileSync(path, data);
  return path;
}

/** The Rancher logs-collector root directory of the generated bundle. */
export const NODE_DIR = 'k3s-node-09-2025-03-14_14_31_07';

/**
 * containerd lines in the logrus shape k3s writes to `agent/containerd/containerd.log`. The fatal line
 * is the wording of https://github.com/k3s-io/k3s/issues/11973 (containerd 2.0.x after power loss).
 */
export function containerdLog(lines: number, fatalEvery = 0): string {
  const out: string[] = [];
  const start = Date.parse('2025-03-14T14:20:00Z');
  for (let i = 0; i < lines; i++) {
    const time = new Date(start + i * 250).toISOString().replace('Z', '000Z').replace(/\.(\d{3})000Z$/, '.$1000416Z');
    if (fatalEvery > 0 && i % fatalEvery === 3) {
      out.push(`time="${time}" level=fatal msg="Failed to run CRI service" error="failed to recover state: failed to get metadata for stored sandbox \\"c8ba6e5a03c305b920d96a3ca503c5bf110074f2cbf97a6af5b135db2f665516\\": not found"`);
    } else {
      out.push(`time="${time}" level=info msg="loading plugin" id=io.containerd.grpc.v1.cri-${i} type=io.containerd.grpc.v1`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** RFC 5424-ish syslog lines as Debian's rsyslog writes them (`systemlogs/syslog` in the Rancher collector). */
export function syslogLines(lines: number): string {
  const out: string[] = [];
  const start = Date.parse('2025-03-14T14:00:00Z');
  for (let i = 0; i < lines; i++) {
    const time = new Date(start + i * 1000).toISOString().replace(/\.\d{3}Z$/, '.000000+00:00');
    out.push(`${time} k3s-node-09 systemd[1]: Started session-${i}.scope - Session ${i} of User root.`);
  }
  return `${out.join('\n')}\n`;
}

/** A small valid Rancher-layout bundle: a containerd log with the sandbox-recovery failure, and syslog. */
export function rancherMembers(containerdLines = 400, syslogLineCount = 400): TarMember[] {
  return [
    { name: `./${NODE_DIR}/`, type: 'directory' },
    { name: `./${NODE_DIR}/k3s/`, type: 'directory' },
    { name: `./${NODE_DIR}/k3s/containerd.log`, data: containerdLog(containerdLines, 50) },
    { name: `./${NODE_DIR}/systemlogs/`, type: 'directory' },
    { name: `./${NODE_DIR}/systemlogs/syslog`, data: syslogLines(syslogLineCount) },
  ];
}

export interface JsonReport {
  readonly inputs: string[];
  readonly files: { path: string; status: string; reason?: string; lines: number; parsed: number; unparsed: number; events: number; truncatedLines?: number; invalidUtf8Lines?: number; format?: string; host?: string }[];
  readonly incidents: { id: string; signature: string; count: number; host?: string; evidence: { file: string; line: number; text: string }[] }[];
  readonly warnings: { code: string; severity: string; title: string; where?: { file: string; line?: number; field?: string } }[];
  readonly hosts: string[];
  readonly [key: string]: unknown;
}

export interface JsonRun extends CliResult {
  readonly report?: JsonReport;
}

/** Runs `logsift <args> --format json --quiet` and parses the report when one was printed. */
export async function runJson(args: readonly string[]): Promise<JsonRun> {
  const result = await runCli([...args, '--format', 'json', '--quiet']);
  const report = result.status === 0 || result.status === 1 ? (JSON.parse(result.stdout) as JsonReport) : undefined;
  return { ...result, report };
}

/** The file entry whose path ends with `suffix`. */
export function fileEnding(report: JsonReport, suffix: string) {
  return report.files.find((f) => f.path.endsWith(suffix));
}

/** Bytes of each file member present in a (possibly cut) tar prefix, by name, read with a minimal ustar walker. */
export function membersInTarPrefix(tar: Uint8Array): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  let at = 0;
  while (at + 512 <= tar.length) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const text = (from: number, to: number) => Buffer.from(header.subarray(from, to)).toString('latin1').replace(/\0.*$/s, '');
    const size = parseInt(text(124, 136).trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 0x30);
    const prefix = text(345, 500);
    const name = prefix ? `${prefix}/${text(0, 100)}` : text(0, 100);
    const start = at + 512;
    if (type === '0' || type === '\0') out.set(name.replace(/^\.\//, ''), tar.subarray(start, Math.min(tar.length, start + size)));
    at = start + Math.ceil(size / 512) * 512;
  }
  return out;
}

/** Complete lines (ending in `\n`) in `bytes`, and whether a partial line follows them. */
export function completeLines(bytes: Uint8Array): { complete: number; partial: boolean; text: string } {
  const text = Buffer.from(bytes).toString('utf8');
  const lastNewline = text.lastIndexOf('\n');
  const complete = lastNewline === -1 ? 0 : text.slice(0, lastNewline + 1).split('\n').length - 1;
  return { complete, partial: lastNewline < text.length - 1, text: text.slice(0, lastNewline + 1) };
}

/**
 * Turns the entry named `././@LongLink` into a GNU long-name record (typeflag `L`), as GNU tar writes
 * for names over 100 bytes; tar-stream's packer itself only writes PAX headers.
 */
export function asGnuLongLink(tar: Buffer): Buffer {
  const out = Buffer.from(tar);
  const at = out.indexOf(Buffer.from('././@LongLink\0'));
  if (at < 0 || at % 512 !== 0) throw new Error('no ././@LongLink header in the tar');
  out[at + 156] = 0x4c;
  out.fill(0x20, at + 148, at + 156);
  let sum = 0;
  for (let i = at; i < at + 512; i++) sum += out[i];
  out.write(`${sum.toString(8).padStart(6, '0')}\0 `, at + 148, 'latin1');
  return out;
}
