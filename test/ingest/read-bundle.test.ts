import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { readBundle } from '../../src/ingest/index.js';
import type { MemberInfo } from '../../src/model/index.js';
import { journalFixturePath } from '../journal-fixture.js';
import { buildTar, buildTgz, runIngest, tempDir, texts, writeTemp } from './ingest-harness.js';

// Real lines, quoted in docs/input-formats.md B1 and A1:
// https://github.com/kubernetes/kubernetes/issues/54760
const KUBELET_JOURNAL =
  'Oct 29 13:16:06 centos02 kubelet[4919]: I1029 13:16:06.471446    4919 kuberuntime_manager.go:751] Back-off 5m0s restarting failed container=alpine pod=alpine-368057524-bgt0m_default(cc89ef7c-bc47-11e7-85ce-901b0edee6b6)';
// https://github.com/k3s-io/k3s/issues/1545
const K3S_JOURNAL = '3月 16 03:31:09 master1 k3s[5440]: time="2020-03-16T03:31:09.666371674-07:00" level=info msg="Starting k3s v1.17.3+k3s1 (5b17a175)"';
// https://github.com/canonical/microk8s/issues/2730
const KUBELITE_JOURNAL =
  'Oct 22 09:01:48 ubuntu microk8s.daemon-kubelite[1085]: F1022 09:01:48.534397    1085 daemon.go:67] API Server exited open cluster.yaml node store: error converting YAML to JSON: yaml: line 2: mapping values are not allowed in this context';
// kubernetes pkg/kubelet/kuberuntime/logs/logs.go code comment
const CRI_LINES = ['2016-10-06T00:17:09.669794202Z stdout P log content 1', '2016-10-06T00:17:09.669794203Z stderr F log content 2'];


function hasTool(tool: string): boolean {
  return spawnSync(tool, ['--version']).status === 0;
}

function compressWith(tool: 'xz' | 'zstd', data: Buffer): Buffer {
  const out = spawnSync(tool, tool === 'xz' ? ['-c', '-q', '-0'] : ['-c', '-q'], { input: data, maxBuffer: 64 * 1024 * 1024 });
  if (out.status !== 0) throw new Error(`${tool} failed: ${out.stderr}`);
  return out.stdout;
}

function manyLines(n: number, prefix = KUBELET_JOURNAL): string {
  const lines: string[] = [];
  for (let i = 1; i <= n; i++) lines.push(`${prefix} #${i}`);
  return `${lines.join('\n')}\n`;
}

/** A valid tar that the property test corrupts at random places. */
const FIXTURE_TAR = join(tempDir(), 'fixture.tar');
writeFileSync(FIXTURE_TAR, await buildTar([{ name: 'var/log/syslog', data: manyLines(30) }, { name: 'x/kern.log', data: manyLines(10) }]));

describe('readBundle: archive kinds', () => {
  it('reads a .tgz, stripping ./ and mapping the Rancher layout', async () => {
    const tgz = await buildTgz([
      { name: './node1-2025-03-14_15_04_05/', type: 'directory' },
      { name: './node1-2025-03-14_15_04_05/journald/kubelet', data: `${KUBELET_JOURNAL}\n` },
    ]);
    const r = await runIngest([writeTemp('node1-2025-03-14_15_04_05.tar.gz', tgz)]);
    expect(r.members).toHaveLength(1);
    const { member, lines } = r.members[0];
    expect(member.source.member).toBe('node1-2025-03-14_15_04_05/journald/kubelet');
    expect(member).toMatchObject({ layout: 'rancher-logs', host: 'node1', component: 'kubelet', formatHint: 'journal-short', collectedAt: Date.UTC(2025, 2, 14, 15, 4, 5) });
    expect(member.mtime).toBe(Date.UTC(2025, 2, 14, 15, 0, 0));
    expect(lines.map((l) => [l.lineNumber, l.text])).toEqual([[1, KUBELET_JOURNAL]]);
  });

  it('reads a plain .tar and a single .gz file by magic bytes, whatever the name says', async () => {
    const tar = await buildTar([{ name: 'var/log/syslog', data: `${KUBELET_JOURNAL}\n` }]);
    const gz = gzipSync(Buffer.from(`${K3S_JOURNAL}\n`));
    const r = await runIngest([writeTemp('bundle.log', tar), writeTemp('k3s.log.1.gz', gz)]);
    expect(texts(r, 'var/log/syslog')).toEqual([KUBELET_JOURNAL]);
    expect(texts(r, 'k3s.log.1.gz')).toEqual([K3S_JOURNAL]);
    expect(r.members.find((m) => m.member.source.member === 'k3s.log.1.gz')?.member.component).toBe('k3s');
  });

  it('reads every member of concatenated gzip streams', async () => {
    const gz = Buffer.concat([gzipSync(Buffer.from('first\n')), gzipSync(Buffer.from('second\n'))]);
    const r = await runIngest([writeTemp('syslog.2.gz', gz)]);
    expect(texts(r, 'syslog.2.gz')).toEqual(['first', 'second']);
  });

  it.skipIf(!hasTool('xz'))('reads .xz and .tar.xz (sos report default compression)', async () => {
    const tar = await buildTar([
      { name: 'sosreport-worker-2-2025-03-14-abcdefg/sos_commands/kubernetes/journalctl_--no-pager_--unit_kubelet', data: `${KUBELET_JOURNAL}\n` },
    ]);
    const r = await runIngest([writeTemp('sosreport-worker-2-2025-03-14-abcdefg.tar.xz', compressWith('xz', tar)), writeTemp('kern.log.xz', compressWith('xz', Buffer.from('k1\nk2\n')))]);
    const sos = r.members.find((m) => m.member.layout === 'sos-report');
    expect(sos?.member).toMatchObject({ host: 'worker-2', component: 'kubelet', formatHint: 'journal-short' });
    expect(sos?.lines.map((l) => l.text)).toEqual([KUBELET_JOURNAL]);
    expect(texts(r, 'kern.log.xz')).toEqual(['k1', 'k2']);
  });

  it.skipIf(!hasTool('zstd'))('reads .zst and .tar.zst', async () => {
    const tar = await buildTar([{ name: 'k3s/containerd.log', data: manyLines(2000, 'time="2025-03-14T14:25:15Z" level=info msg="starting containerd"') }]);
    const r = await runIngest([writeTemp('b.tar.zst', compressWith('zstd', tar)), writeTemp('dmesg.zst', compressWith('zstd', Buffer.from('[    1.0] x\n')))]);
    const lines = texts(r, 'k3s/containerd.log');
    expect(lines).toHaveLength(2000);
    expect(lines[1999]).toMatch(/#2000$/);
    expect(texts(r, 'dmesg.zst')).toEqual(['[    1.0] x']);
  });
});

describe('readBundle: nested archives', () => {
  it('opens a rotated .gz log and a sos .tar.xz inside a tgz, naming nested members with !/', async () => {
    const inner = await buildTgz([{ name: 'sosreport-n3-20250314150405/var/log/messages', data: 'm1\nm2\n' }]);
    const outer = await buildTgz([
      { name: 'node/var/log/pods/kube-system_etcd-n1_0b1c/etcd/0.log.20250314-150000.gz', data: gzipSync(Buffer.from(`${CRI_LINES.join('\n')}\n`)) },
      { name: 'node/sosreport-n3.tar.gz', data: inner },
    ]);
    const r = await runIngest([writeTemp('outer.tgz', outer)]);
    const rotated = r.members.find((m) => m.member.source.member === 'node/var/log/pods/kube-system_etcd-n1_0b1c/etcd/0.log.20250314-150000.gz');
    expect(rotated?.lines.map((l) => l.text)).toEqual(CRI_LINES);
    expect(rotated?.member).toMatchObject({ component: 'etcd', formatHint: 'cri', layout: 'var-log' });
    const nested = r.members.find((m) => m.member.source.member === 'node/sosreport-n3.tar.gz!/sosreport-n3-20250314150405/var/log/messages');
    expect(nested?.lines.map((l) => l.text)).toEqual(['m1', 'm2']);
    expect(nested?.member).toMatchObject({ layout: 'sos-report', host: 'n3', collectedAt: Date.UTC(2025, 2, 14, 15, 4, 5) });
  });

  it.skipIf(!hasTool('xz'))('lists an .xz file inside a .tar.xz still being read as not read, and reads every other member', async () => {
    // A real sos report has var/log/apt/eipp.log.xz in its .tar.xz; the xz decoder takes one stream at a time, and
    // waiting for the outer one to end used to end the run with status 0 and no output at all.
    const tar = await buildTar([
      { name: 'sosreport-worker-2-2025-03-14-abcdefg/var/log/apt/eipp.log.xz', data: compressWith('xz', Buffer.from('Date: 2022-02-11 19:01:02\n')) },
      { name: 'sosreport-worker-2-2025-03-14-abcdefg/var/log/syslog', data: manyLines(20000) },
      { name: 'sosreport-worker-2-2025-03-14-abcdefg/var/log/kern.log', data: manyLines(3) },
    ]);
    const r = await runIngest([writeTemp('sosreport-worker-2-2025-03-14-abcdefg.tar.xz', compressWith('xz', tar))]);
    expect(r.skipped.map((s) => [s.member.source.member, s.code])).toEqual([['sosreport-worker-2-2025-03-14-abcdefg/var/log/apt/eipp.log.xz', 'unsupported']]);
    expect(r.skipped[0]!.reason).toMatch(/^xz-compressed file inside an xz archive: not read/);
    expect(texts(r, 'sosreport-worker-2-2025-03-14-abcdefg/var/log/syslog')).toHaveLength(20000);
    expect(texts(r, 'sosreport-worker-2-2025-03-14-abcdefg/var/log/kern.log')).toHaveLength(3);
  });

  it('stops opening archives below maxDepth and says so', async () => {
    let data: Buffer = await buildTgz([{ name: 'deep.log', data: 'bottom\n' }]);
    for (let i = 0; i < 3; i++) data = await buildTgz([{ name: `level${i}.tgz`, data }]);
    const r = await runIngest([writeTemp('top.tgz', data)], { maxDepth: 2 });
    expect(r.members).toHaveLength(0);
    expect(r.skipped.some((s) => /deeper than 2/.test(s.reason))).toBe(true);
    const all = await runIngest([writeTemp('top.tgz', data)]);
    expect(all.members.map((m) => m.member.source.member)).toEqual(['level2.tgz!/level1.tgz!/level0.tgz!/deep.log']);
  });
});

describe('readBundle: members that yield no lines', () => {
  it('skips symlink and hardlink members as links, empty and binary members, and accounts for each', async () => {
    const tgz = await buildTgz([
      { name: 'var/log/pods/kube-system_kube-apiserver-n1_9f1e/kube-apiserver/0.log', data: `${CRI_LINES[1]}\n` },
      { name: 'var/log/containers/kube-apiserver-n1_kube-system_kube-apiserver-' + 'a'.repeat(64) + '.log', type: 'symlink', linkname: '/var/log/pods/kube-system_kube-apiserver-n1_9f1e/kube-apiserver/0.log' },
      { name: 'var/log/hard.log', type: 'link', linkname: 'var/log/pods/kube-system_kube-apiserver-n1_9f1e/kube-apiserver/0.log' },
      { name: 'var/log/empty.log', data: '' },
      { name: 'var/log/wtmp', data: Buffer.from([1, 0, 0, 0, 0x7e, 0, 0, 0, 5]) },
    ]);
    const r = await runIngest([writeTemp('b.tgz', tgz)]);
    expect(r.members.map((m) => m.member.source.member)).toEqual(['var/log/pods/kube-system_kube-apiserver-n1_9f1e/kube-apiserver/0.log']);
    expect(r.members[0].member.component).toBe('apiserver');
    const reasons = Object.fromEntries(r.skipped.map((s) => [s.member.source.member.split('/').pop(), s.reason]));
    expect(reasons[`kube-apiserver-n1_kube-system_kube-apiserver-${'a'.repeat(64)}.log`]).toBe('link to /var/log/pods/kube-system_kube-apiserver-n1_9f1e/kube-apiserver/0.log');
    expect(reasons['hard.log']).toMatch(/^link to /);
    expect(reasons['empty.log']).toBe('empty');
    expect(reasons.wtmp).toBe('binary');
  });

  it('reports a broken zip disguised as .tgz as an error naming the file', async () => {
    const zip = Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100, 0x41)]);
    const path = writeTemp('bundle.tgz', zip);
    const r = await runIngest([path]);
    expect(r.members).toHaveLength(0);
    expect(r.skipped).toMatchObject([{ kind: 'error', member: { source: { bundle: path } }, reason: expect.stringMatching(/^zip archive cannot be read/) }]);
  });

  it('reports a missing input as a diagnostic and reads the other inputs', async () => {
    const r = await runIngest(['/nonexistent/bundle.tgz', writeTemp('kubelet.log', 'a\n')]);
    expect(r.diagnostics).toMatchObject([{ code: 'ingest.input-missing', severity: 'error', where: { file: '/nonexistent/bundle.tgz' } }]);
    expect(texts(r, 'kubelet.log')).toEqual(['a']);
  });

  it('skips a byte-identical copy of a member as a duplicate', async () => {
    const tgz = await buildTgz([
      { name: 'a/kubelet.log', data: 'same\n' },
      { name: 'b/kubelet.log', data: 'same\n' },
    ]);
    const r = await runIngest([writeTemp('b.tgz', tgz)]);
    expect(r.members).toHaveLength(1);
    expect(r.skipped).toMatchObject([{ reason: expect.stringMatching(/^duplicate of .*a\/kubelet\.log$/) }]);
  });

  it('reads a binary systemd journal (gzipped) as journal JSON entries', async () => {
    const r = await runIngest([journalFixturePath('boot1-unclean.journal.gz')]);
    expect(r.members).toHaveLength(1);
    expect(r.skipped).toHaveLength(0);
  });
});

describe('readBundle: damage', () => {
  it.each([0.3, 0.6, 0.95])('yields the lines before a gzip cut at %f of the file and reports the member damaged', async (fraction) => {
    const text = manyLines(20000);
    // Random-ish content so the compressed size grows with the text and a cut lands mid-stream.
    const gz = gzipSync(Buffer.from(text));
    const cut = gz.subarray(0, Math.floor(gz.length * fraction));
    const r = await runIngest([writeTemp('kubelet.log.1.gz', cut)]);
    const lines = texts(r, 'kubelet.log.1.gz');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThan(20000);
    lines.slice(0, -1).forEach((line, i) => expect(line).toBe(`${KUBELET_JOURNAL} #${i + 1}`));
    expect(r.damaged).toHaveLength(1);
    expect(r.damaged[0].member.source.member).toBe('kubelet.log.1.gz');
    expect(r.damaged[0].reason).toMatch(/gzip .*byte \d+/);
  });

  it.skipIf(!hasTool('xz') || !hasTool('zstd'))('reports truncated .xz and .zst members as damaged after their first lines', async () => {
    const text = Buffer.from(manyLines(30000));
    const xz = compressWith('xz', text);
    const zst = compressWith('zstd', text);
    const r = await runIngest([writeTemp('messages.xz', xz.subarray(0, xz.length >> 1)), writeTemp('messages.zst', zst.subarray(0, zst.length >> 1))]);
    for (const name of ['messages.xz', 'messages.zst']) {
      const lines = texts(r, name);
      expect(lines.length).toBeGreaterThan(100);
      expect(lines.length).toBeLessThan(30000);
      expect(lines[0]).toBe(`${KUBELET_JOURNAL} #1`);
    }
    expect(r.damaged.map((d) => d.member.source.member).sort()).toEqual(['messages.xz', 'messages.zst']);
    expect(r.damaged.every((d) => /(xz|zstd) data ends or is corrupt at compressed byte \d+/.test(d.reason))).toBe(true);
  });

  it('reports a member of a truncated .tgz as damaged after yielding its first lines', async () => {
    const tgz = await buildTgz([
      { name: 'a.log', data: 'a1\n' },
      { name: 'b.log', data: manyLines(20000) },
    ]);
    const r = await runIngest([writeTemp('cut.tgz', tgz.subarray(0, Math.floor(tgz.length * 0.5)))]);
    expect(texts(r, 'a.log')).toEqual(['a1']);
    expect(texts(r, 'b.log').length).toBeGreaterThan(10);
    expect(r.damaged.map((d) => d.member.source.member)).toEqual(['b.log']);
  });

  it('reports a .tgz cut inside its first header as an error, not as binary data', async () => {
    const tgz = await buildTgz([{ name: 'a.log', data: 'a1\n' }]);
    const r = await runIngest([writeTemp('cut.tgz', tgz.subarray(0, tgz.length - 30))]);
    expect(r.members).toHaveLength(0);
    expect(r.skipped).toMatchObject([{ kind: 'error', reason: expect.stringMatching(/^gzip data ends or is corrupt at compressed byte \d+/) }]);
  });

  it('reports a corrupt tar header with its offset and keeps the members before it', async () => {
    const tar = await buildTar([
      { name: 'first.log', data: 'one\n' },
      { name: 'second.log', data: 'two\n' },
    ]);
    const broken = Buffer.from(tar);
    broken.fill(0x41, 1024, 1024 + 100); // the second header starts at 1024 (512 header + 512 padded data)
    const r = await runIngest([writeTemp('broken.tar', broken)]);
    expect(texts(r, 'first.log')).toEqual(['one']);
    expect(r.damaged).toHaveLength(1);
    expect(r.damaged[0].member.source.member).toBe('broken.tar');
    expect(r.damaged[0].reason).toMatch(/corrupt tar after byte \d+/);
  });

  it('keeps reading later members after a damaged nested .gz', async () => {
    const inner = gzipSync(Buffer.from(manyLines(5000)));
    const tgz = await buildTgz([
      { name: 'kubelet.log.1.gz', data: inner.subarray(0, inner.length >> 1) },
      { name: 'kubelet.log', data: 'after\n' },
    ]);
    const r = await runIngest([writeTemp('b.tgz', tgz)]);
    expect(r.damaged.map((d) => d.member.source.member)).toEqual(['kubelet.log.1.gz']);
    expect(texts(r, 'kubelet.log')).toEqual(['after']);
  });
});

describe('readBundle: limits', () => {
  /** A gzip stream of ~`totalMiB` MiB of repeated log text, made from one compressed member repeated. */
  function bomb(totalMiB: number): Readable {
    const member = gzipSync(Buffer.from('x'.repeat(99) + '\n').subarray(0, 100).toString().repeat(10486), { level: 9 });
    let left = totalMiB;
    return new Readable({
      read() {
        this.push(left-- > 0 ? member : null);
      },
    });
  }

  it('stops a 2 GB gzip bomb on the ratio limit', async () => {
    const dir = tempDir();
    const path = join(dir, 'bomb.log.gz');
    const chunks: Buffer[] = [];
    for await (const c of bomb(2048)) chunks.push(c as Buffer);
    writeFileSync(path, Buffer.concat(chunks));
    const r = await runIngest([path], { maxRatio: 100 });
    expect(r.damaged[0]?.reason).toMatch(/more than 100:1/);
    expect(r.diagnostics.map((d) => d.code)).toContain('ingest.ratio-limit');
    expect(r.members[0].lines.length).toBeLessThan(200_000);
  });

  it('stops at maxTotalBytes and reads no further inputs', async () => {
    const big = gzipSync(Buffer.from(manyLines(100_000)));
    const r = await runIngest([writeTemp('a.log.gz', big), writeTemp('b.log', 'never\n')], { maxTotalBytes: 2 * 1024 * 1024 });
    expect(r.diagnostics.map((d) => d.code)).toContain('ingest.total-bytes-limit');
    expect(r.damaged).toHaveLength(1);
    expect(r.members.map((m) => m.member.source.member)).toEqual(['a.log.gz']);
  });

  it('stops at maxMembers with one diagnostic', async () => {
    const tgz = await buildTgz(Array.from({ length: 10 }, (_, i) => ({ name: `f${i}.log`, data: `line ${i}\n` })));
    const r = await runIngest([writeTemp('many.tgz', tgz)], { maxMembers: 3 });
    expect(r.members).toHaveLength(3);
    expect(r.diagnostics.filter((d) => d.code === 'ingest.member-limit')).toHaveLength(1);
  });
});

describe('readBundle: directories and stdin', () => {
  it('walks a directory sorted, applies include/exclude, and skips symlinks without following them', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'pods/default_web-1_u1/web'), { recursive: true });
    writeFileSync(join(dir, 'pods/default_web-1_u1/web/0.log'), `${CRI_LINES[0]}\n`);
    writeFileSync(join(dir, 'kubelet.log'), 'k\n');
    writeFileSync(join(dir, 'notes.txt'), 'n\n');
    writeFileSync(join(dir, 'syslog.1'), 's\n');
    const outside = writeTemp('secret.log', 'outside\n');
    symlinkSync(outside, join(dir, 'link.log'));
    const all = await runIngest([dir]);
    expect(all.members.map((m) => m.member.source.member)).toEqual(['kubelet.log', 'notes.txt', 'pods/default_web-1_u1/web/0.log', 'syslog.1']);
    expect(all.skipped).toMatchObject([{ reason: `link to ${outside}` }]);
    expect(all.members.every((m) => m.member.source.bundle === dir)).toBe(true);
    const filtered = await runIngest([dir], { include: ['*.log', 'syslog*'], exclude: ['pods/**'] });
    expect(filtered.members.map((m) => m.member.source.member)).toEqual(['kubelet.log', 'syslog.1']);
    expect(filtered.skipped.map((s) => s.reason)).toEqual(expect.arrayContaining(['excluded: not matched by any include glob', 'excluded by pods/**']));
  });

  it('maps an unpacked sos report directory by its own name and skips its non-log files', async () => {
    const dir = join(tempDir(), 'sosreport-cp-1-2025-03-14-abcdefg');
    mkdirSync(join(dir, 'sos_commands/kubernetes'), { recursive: true });
    mkdirSync(join(dir, 'sos_commands/networking'), { recursive: true });
    writeFileSync(join(dir, 'sos_commands/kubernetes/journalctl_--no-pager_--unit_kubelet'), `${KUBELET_JOURNAL}\n`);
    writeFileSync(join(dir, 'sos_commands/networking/ip_addr'), '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536\n');
    const r = await runIngest([dir]);
    expect(r.members.map((m) => m.member)).toMatchObject([{ layout: 'sos-report', host: 'cp-1', component: 'kubelet', formatHint: 'journal-short' }]);
    expect(r.skipped).toMatchObject([{ kind: 'skipped', reason: 'not a log', member: { source: { member: 'sos_commands/networking/ip_addr' } } }]);
  });

  describe('stdin', () => {
    const original = Object.getOwnPropertyDescriptor(process, 'stdin')!;
    afterEach(() => Object.defineProperty(process, 'stdin', original));

    it('reads `-` from stdin, gzip or not', async () => {
      Object.defineProperty(process, 'stdin', { value: Readable.from([gzipSync(Buffer.from(`${KUBELITE_JOURNAL}\n`))]), configurable: true });
      const r = await runIngest(['-']);
      expect(r.members).toHaveLength(1);
      expect(r.members[0].member.source).toEqual({ bundle: '-', member: 'stdin' });
      expect(r.members[0].lines.map((l) => l.text)).toEqual([KUBELITE_JOURNAL]);
    });
  });
});

describe('readBundle: consumers that stop early', () => {
  it('moves on to the next member when a member is abandoned half-way', async () => {
    const tgz = await buildTgz([
      { name: 'big.log', data: manyLines(50_000) },
      { name: 'next.log', data: 'next\n' },
    ]);
    const seen: string[] = [];
    const observer = { memberSkipped: () => undefined, memberDamaged: () => undefined, diagnostic: () => undefined };
    for await (const { member, lines } of readBundle([writeTemp('b.tgz', tgz)], {}, observer)) {
      seen.push(member.source.member);
      for await (const line of lines) if (line.lineNumber === 3) break;
    }
    expect(seen).toEqual(['big.log', 'next.log']);
  });

  it('closes cleanly when the consumer stops in the middle of a nested archive', async () => {
    const inner = await buildTgz([{ name: 'x.log', data: manyLines(20_000) }, { name: 'y.log', data: 'y\n' }]);
    const outer = await buildTgz([{ name: 'inner.tgz', data: inner }, { name: 'z.log', data: 'z\n' }]);
    const observer = { memberSkipped: () => undefined, memberDamaged: () => undefined, diagnostic: () => undefined };
    const seen: string[] = [];
    for await (const { member, lines } of readBundle([writeTemp('o.tgz', outer)], {}, observer)) {
      seen.push(member.source.member);
      for await (const line of lines) if (line.lineNumber === 10) break;
      break;
    }
    expect(seen).toEqual(['inner.tgz!/x.log']);
    // The same file can be read again right away: nothing was left open or locked.
    const again = await runIngest([writeTemp('o.tgz', outer)]);
    expect(again.members.map((m) => m.member.source.member)).toEqual(['inner.tgz!/x.log', 'inner.tgz!/y.log', 'z.log']);
  });

  it('moves on when the lines of a compressed member are never read', async () => {
    const tgz = await buildTgz([
      { name: 'a.log.gz', data: gzipSync(Buffer.from(manyLines(50_000))) },
      { name: 'b.log', data: 'b\n' },
    ]);
    const seen: MemberInfo[] = [];
    const observer = { memberSkipped: () => undefined, memberDamaged: () => undefined, diagnostic: () => undefined };
    for await (const { member } of readBundle([writeTemp('b.tgz', tgz)], {}, observer)) seen.push(member);
    expect(seen.map((m) => m.source.member)).toEqual(['a.log.gz', 'b.log']);
  });
});

describe('readBundle: hostile input', () => {
  it('shows ../ and absolute member names sanitised', async () => {
    const tar = await buildTar([
      { name: '../../etc/evil.log', data: 'e\n' },
      { name: '/abs/path.log', data: 'p\n' },
    ]);
    const r = await runIngest([writeTemp('h.tar', tar)]);
    expect(r.members.map((m) => m.member.source.member)).toEqual(['__/__/etc/evil.log', 'abs/path.log']);
  });

  it('never throws on arbitrary bytes named .tgz', async () => {
    const dir = tempDir();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 4096 }),
          fc.uint8Array({ maxLength: 600 }).map((tail) => Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08]), tail])),
          fc.uint8Array({ maxLength: 600 }).map((tail) => Buffer.concat([Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), tail])),
          fc.uint8Array({ maxLength: 600 }).map((tail) => Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), tail])),
          fc.tuple(fc.nat(2000), fc.uint8Array({ minLength: 1, maxLength: 64 })).map(([at, junk]) => {
            const tar = readFileSync(FIXTURE_TAR);
            const copy = Buffer.from(tar);
            copy.set(junk, Math.min(at, copy.length - junk.length));
            return gzipSync(copy).subarray(0, 40 + at);
          }),
        ),
        async (bytes) => {
          const path = join(dir, `p${n++}.tgz`);
          writeFileSync(path, bytes);
          const r = await runIngest([path]);
          const accounted = r.members.length + r.skipped.length + r.damaged.length + r.diagnostics.length;
          expect(accounted).toBeGreaterThan(0);
        },
      ),
      { numRuns: 150 },
    );
  });
});
