import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { readBundle } from '../../src/ingest/index.js';
import type { Diagnostic, MemberInfo } from '../../src/model/index.js';
import { buildTar, completeLines, containerdLog, fileEnding, membersInTarPrefix, gzip, NODE_DIR, rancherMembers, runJson, scratchDir, writeInput } from './fixtures.js';

const MiB = 1024 * 1024;

/** rss growth allowed while one pathological input is read: far below the input's decompressed size. */
const RSS_BUDGET = 200 * MiB;

/** A 512-byte ustar header for a regular file of `size` bytes (the bomb's body is never materialised). */
async function tarHeaderFor(name: string, size: number): Promise<Buffer> {
  const tar = await buildTar([{ name, data: Buffer.alloc(0) }]);
  const header = Buffer.from(tar.subarray(0, 512));
  header.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  header.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of header) sum += b;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return header;
}

function hasTool(name: string): boolean {
  try {
    execFileSync(name, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const LOGRUS_LINE = 'time="2025-03-14T14:25:15.518500416Z" level=info msg="loading plugin" id=io.containerd.grpc.v1.cri type=io.containerd.grpc.v1';

describe('limits', () => {
  let dir: string;
  beforeAll(() => {
    dir = scratchDir();
  });

  it('stops opening nested archives below --max-depth and says which one', async () => {
    // level3.tgz inside level2.tgz inside level1.tgz inside the bundle; each level holds one log.
    let inner = gzip(await buildTar([{ name: 'var/log/level3.log', data: 'Mar 14 14:25:13 k3s-node-09 kernel: level 3\n' }]));
    for (const level of [2, 1]) {
      inner = gzip(await buildTar([
        { name: `var/log/level${level}.log`, data: `Mar 14 14:25:1${level} k3s-node-09 kernel: level ${level}\n` },
        { name: `nested/level${level + 1}.tgz`, data: inner },
      ]));
    }
    const path = writeInput(dir, 'nested.tgz', gzip(await buildTar([
      { name: 'var/log/level0.log', data: 'Mar 14 14:25:10 k3s-node-09 kernel: level 0\n' },
      { name: 'nested/level1.tgz', data: inner },
    ])));
    const all = await runJson([path]);
    expect(all.status).toBe(0);
    expect(all.report!.files.filter((f) => f.status === 'parsed').map((f) => f.path.split('/').pop()).sort()).toEqual(['level0.log', 'level1.log', 'level2.log', 'level3.log']);

    const shallow = await runJson([path, '--max-depth', '2']);
    expect(shallow.status).toBe(0);
    const read = shallow.report!.files.filter((f) => f.status === 'parsed').map((f) => f.path.split('/').pop());
    expect(read).toContain('level0.log');
    expect(read).not.toContain('level3.log');
    const stopped = shallow.report!.files.find((f) => /nested archive deeper than 2 levels/.test(f.reason ?? ''));
    expect(stopped?.path).toMatch(/level\d\.tgz$/);
    expect(stopped?.status).toBe('skipped');
  });

  it('stops at --max-total-bytes with a warning naming the file, keeping what was read before', async () => {
    const path = writeInput(dir, 'big.tgz', gzip(await buildTar(rancherMembers(4000, 4000))));
    const run = await runJson([path, '--max-total-bytes', '200K']);
    expect(run.status).toBe(0);
    const limit = run.report!.warnings.find((w) => w.code === 'ingest.total-bytes-limit');
    expect(limit?.title).toContain(path);
    expect(limit?.title).toMatch(/limit 204800/);
    const containerd = fileEnding(run.report!, 'k3s/containerd.log')!;
    expect(containerd.lines).toBeGreaterThan(1000);
    expect(containerd.lines).toBeLessThan(4000);
    expect(run.report!.incidents.map((i) => i.signature)).toContain('containerd-sandbox-recovery-failed');
  });

  it('stops a decompression bomb early on the ratio limit, with a message and bounded memory', async () => {
    // 1 GiB of one repeated log line, as concatenated gzip members: a few MB on disk, built without ever holding 1 GiB.
    const line = 'time="2025-03-14T14:25:15.518500416Z" level=info msg="loading plugin" id=io.containerd.grpc.v1.cri type=io.containerd.grpc.v1\n';
    const block = Buffer.from(line.repeat(Math.floor(MiB / line.length)));
    const blocks = 1024;
    const header = await tarHeaderFor(`${NODE_DIR}/k3s/containerd.log`, block.length * blocks);
    const member = gzipSync(block, { level: 9 });
    const parts = [gzipSync(header), ...Array.from({ length: blocks }, () => member)];
    const path = join(dir, 'bomb.tgz');
    writeFileSync(path, Buffer.concat(parts));
    const before = process.memoryUsage().rss;
    const run = await runJson([path, '--max-ratio', '50']);
    const grown = process.memoryUsage().rss - before;
    expect(run.status).toBe(0);
    const limit = run.report!.warnings.find((w) => w.code === 'ingest.ratio-limit');
    expect(limit?.title).toMatch(/expands more than 50:1/);
    expect(limit?.title).toContain(path);
    // Reported once: the limit diagnostic, not also a generic "damaged" warning for the same member.
    expect(run.report!.warnings.filter((w) => w.title.includes(path) && /damaged|error|limit/.test(w.code)).map((w) => w.code)).toEqual(['ingest.ratio-limit']);
    const file = fileEnding(run.report!, 'k3s/containerd.log')!;
    expect(file.lines).toBeGreaterThan(0);
    expect(file.lines).toBeLessThan(blocks * (block.length / line.length) / 10);
    expect(grown).toBeLessThan(RSS_BUDGET);
  }, 30_000);

  for (const [tool, args] of [['xz', ['-1', '-c']], ['zstd', ['-q', '-c']]] as const) {
    it.skipIf(!hasTool(tool))(`stops a ${tool} bomb on the ratio limit and keeps the lines decoded before it`, async () => {
      // 256 MiB of one log line; only the compressed form is ever held by this test.
      const compressed = execFileSync('sh', ['-c', `yes '${LOGRUS_LINE}' | head -c 268435456 | ${tool} ${args.join(' ')}`], { maxBuffer: 64 * MiB });
      const path = writeInput(dir, `bomb.log.${tool === 'xz' ? 'xz' : 'zst'}`, compressed);
      const before = process.memoryUsage().rss;
      const run = await runJson([path, '--max-ratio', '50']);
      expect(process.memoryUsage().rss - before).toBeLessThan(RSS_BUDGET);
      expect(run.status).toBe(0);
      const limit = run.report!.warnings.find((w) => w.code === 'ingest.ratio-limit');
      expect(limit?.title).toMatch(new RegExp(`${tool === 'xz' ? 'xz' : 'zstd'} stream expands more than 50:1`));
      const file = run.report!.files[0];
      expect(file.status).toBe('parsed');
      expect(file.reason).toMatch(/^damaged: .*possible decompression bomb/);
      expect(file.lines).toBeGreaterThan(1000);
      expect(file.lines).toBeLessThan(268435456 / (LOGRUS_LINE.length + 1) / 10);
    }, 30_000);

    it.skipIf(!hasTool(tool))(`reads the members before the cut of a truncated .tar.${tool === 'xz' ? 'xz' : 'zst'}`, async () => {
      const tar = await buildTar(rancherMembers(3000, 3000));
      const compressed = execFileSync(tool, args, { input: tar, maxBuffer: 64 * MiB });
      const path = writeInput(dir, `cut.tar.${tool === 'xz' ? 'xz' : 'zst'}`, compressed.subarray(0, Math.floor(compressed.length * 0.6)));
      const run = await runJson([path]);
      expect(run.status).toBe(0);
      // Every line inside the bytes the decoder produced before the cut is accounted for, the cut one at most extra.
      const damaged = run.report!.files.find((f) => f.reason?.startsWith('damaged:'));
      const produced = Number(/after (\d+) decompressed bytes/.exec(damaged?.reason ?? '')?.[1]);
      expect(damaged?.reason).toMatch(new RegExp(`damaged: ${tool === 'xz' ? 'xz' : 'zstd'} data ends or is corrupt`));
      expect(produced).toBeGreaterThan(0);
      for (const [name, bytes] of membersInTarPrefix(tar.subarray(0, produced))) {
        const { complete, partial } = completeLines(bytes);
        const file = fileEnding(run.report!, name.replace(/^\.\//, ''));
        expect(file?.lines, name).toBeGreaterThanOrEqual(complete);
        expect(file?.lines, name).toBeLessThanOrEqual(complete + (partial ? 1 : 0));
      }
    }, 30_000);
  }

  it('cuts a 50 MB line without a newline at the line limit, flags it, and keeps memory flat', async () => {
    const path = join(dir, 'one-line.log');
    {
      const prefix = 'Mar 14 14:25:15 k3s-node-09 k3s[1234]: ';
      const body = Buffer.alloc(50 * MiB, 'abcdefghij');
      writeFileSync(path, Buffer.concat([Buffer.from(prefix), body]));
    }
    const before = process.memoryUsage().rss;
    const run = await runJson([path]);
    const grown = process.memoryUsage().rss - before;
    expect(run.status).toBe(0);
    expect(run.report!.files[0]).toMatchObject({ status: 'parsed', lines: 1 });
    expect(run.report!.warnings.map((w) => w.title)).toContainEqual(expect.stringMatching(/one-line\.log: 1 line\(s\) were cut \(longer than the line limit/));
    expect(run.stdout.length).toBeLessThan(5 * MiB);
    expect(grown).toBeLessThan(RSS_BUDGET);
  }, 30_000);

  it('honours --max-line-bytes on lines in the middle of a member and keeps the lines after them', async () => {
    const long = `Mar 14 14:25:16 k3s-node-09 k3s[1234]: ${'x'.repeat(10_000)}`;
    const path = writeInput(dir, 'long-middle.log', `Mar 14 14:25:15 k3s-node-09 k3s[1234]: before\n${long}\nMar 14 14:25:17 k3s-node-09 k3s[1234]: after\n`);
    const run = await runJson([path, '--max-line-bytes', '1K']);
    expect(run.report!.files[0]).toMatchObject({ status: 'parsed', lines: 3, parsed: 3 });
    expect(run.report!.warnings.filter((w) => w.code === 'ingest.line-truncated').map((w) => w.title)).toEqual([expect.stringMatching(/long-middle\.log: 1 line\(s\) were cut \(longer than the line limit/)]);
  });

  it('stops after the member limit with one diagnostic (readBundle; the CLI has no flag for it)', async () => {
    const members = Array.from({ length: 50 }, (_, i) => ({ name: `var/log/f${String(i).padStart(2, '0')}.log`, data: containerdLog(2) + `# ${i}\n` }));
    const path = writeInput(dir, 'many.tgz', gzip(await buildTar(members)));
    const diagnostics: Diagnostic[] = [];
    const read: MemberInfo[] = [];
    const observer = { memberSkipped: () => undefined, memberDamaged: () => undefined, diagnostic: (d: Diagnostic) => diagnostics.push(d) };
    for await (const member of readBundle([path], { maxMembers: 10 }, observer)) {
      read.push(member.member);
      for await (const _ of member.lines) void _;
    }
    expect(read).toHaveLength(10);
    expect(diagnostics.filter((d) => d.code === 'ingest.member-limit')).toHaveLength(1);
    expect(diagnostics[0].title).toContain(path);
  });

  it('lists truncatedLines and invalidUtf8Lines per file in the JSON files[] entries', async () => {
    const long = writeInput(dir, 'cut-lines.log', `Mar 14 14:25:15 k3s-node-09 k3s[1234]: ${'y'.repeat(5_000)}\nMar 14 14:25:16 k3s-node-09 k3s[1234]: ok\n`);
    const latin = writeInput(dir, 'latin1.log', Buffer.from('Mar 14 09:00:00 k3s-node-09 nas-backup[23871]: Sauvegarde \xe9chou\xe9e\n', 'latin1'));
    const run = await runJson([long, latin, '--max-line-bytes', '1K']);
    expect(run.report!.files.find((f) => f.path === long)).toMatchObject({ lines: 2, truncatedLines: 1 });
    expect(run.report!.files.find((f) => f.path === latin)).toMatchObject({ lines: 1, invalidUtf8Lines: 1 });
  });


  it('stops after --max-members N via the CLI and says so', async () => {
    const members = Array.from({ length: 30 }, (_, i) => ({ name: `logs/app-${String(i).padStart(2, '0')}.log`, data: Buffer.from(`Mar 14 14:25:11 node-1 app[1]: line of file ${i}\n`) }));
    const path = writeInput(scratchDir(), 'many-members.tar', await buildTar(members));
    const run = await runJson([path, '--max-members', '10']);
    expect(run.status).toBe(0);
    expect(run.report!.files.filter((f) => f.status === 'parsed')).toHaveLength(10);
    expect(run.report!.warnings.some((w) => w.code === 'ingest.member-limit')).toBe(true);
  });
  // A time bomb without a memory bomb: an archive that expands, under the ratio limit, to billions of short lines.
  for (const jobs of ['0', '2']) {
    it(`stops reading an input after --max-lines N, keeps what it read, lists the rest, and leaves other inputs alone (--jobs ${jobs})`, async () => {
      const lines = (file: number, n: number) => Array.from({ length: n }, (_, k) => `Mar 14 14:25:${String(k % 60).padStart(2, '0')} node-1 app[1]: file ${file} line ${k}\n`).join('');
      const dir = scratchDir();
      const members = [0, 1, 2].map((i) => ({ name: `node/var/log/app-${i}.log`, data: Buffer.from(lines(i, 100)) }));
      const big = writeInput(dir, 'many-lines.tar', await buildTar(members));
      const other = writeInput(dir, 'other.log', lines(9, 120));
      const run = await runJson([big, other, '--max-lines', '150', '--jobs', jobs]);
      expect(run.status, run.stderr).toBe(0);
      const read = run.report!.files.filter((f) => f.path.startsWith(big)).reduce((n, f) => n + f.lines, 0);
      expect(read).toBeGreaterThanOrEqual(100);
      expect(read).toBeLessThanOrEqual(150);
      const skipped = run.report!.files.find((f) => f.path.endsWith('app-2.log'));
      expect(skipped).toMatchObject({ status: 'skipped' });
      expect(skipped?.reason).toMatch(/line budget .*--max-lines 150/);
      const warning = run.report!.warnings.find((w) => w.code === 'ingest.line-limit');
      expect(warning?.title).toMatch(/stopped reading after 150 lines of this input \(--max-lines\)/);
      // The limit is per input: the other file is read whole.
      expect(run.report!.files.find((f) => f.path === other)).toMatchObject({ status: 'parsed', lines: 120 });
    });
  }
});
