import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { MemberReasonCode } from '../../src/model/index.js';
import { buildZip } from './archives/zip-fixture.js';
import { buildTar, buildTgz, runIngest, writeTemp } from './ingest-harness.js';

// Real lines, quoted in docs/input-formats.md B1: https://github.com/kubernetes/kubernetes/issues/54760
const KUBELET_JOURNAL =
  'Oct 29 13:16:06 centos02 kubelet[4919]: I1029 13:16:06.471446    4919 kuberuntime_manager.go:751] Back-off 5m0s restarting failed container=alpine pod=alpine-368057524-bgt0m_default(cc89ef7c-bc47-11e7-85ce-901b0edee6b6)';
// The layout of a sos report archive: the top folder names the host, sos_commands holds command output.
const SOS = 'sosreport-cp-1-2025-03-14-abcdefg';

function manyLines(n: number): string {
  return Array.from({ length: n }, (_, i) => `${KUBELET_JOURNAL} #${i + 1}`).join('\n') + '\n';
}

/** Member name (last path part) → the code of the reason it was skipped or damaged with. */
async function codesOf(path: string, options: Parameters<typeof runIngest>[1] = {}): Promise<Record<string, MemberReasonCode>> {
  const r = await runIngest([path], options);
  const name = (member: string): string => member.split(/[/!]/).pop()!;
  return Object.fromEntries([...r.skipped.map((s) => [name(s.member.source.member), s.code]), ...r.damaged.map((d) => [name(d.member.source.member), d.code])]);
}

describe('ingest reason codes: every skipped or damaged member says what kind of reason it has', () => {
  it('codes the members of a sos report that are not read: not-a-log, empty, zeroed, binary, link, special-file, duplicate', async () => {
    const tgz = await buildTgz([
      { name: `${SOS}/var/log/messages`, data: `${KUBELET_JOURNAL}\n` },
      { name: `${SOS}/sos_commands/networking/ip_addr`, data: '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536\n' },
      { name: `${SOS}/var/log/empty.log`, data: '' },
      { name: `${SOS}/var/log/zeroed.log`, data: Buffer.alloc(4096) },
      { name: `${SOS}/var/log/wtmp`, data: Buffer.from([1, 0, 0, 0, 0x7e, 0, 0, 0, 5]) },
      { name: `${SOS}/var/log/syslog`, type: 'symlink', linkname: 'messages' },
      { name: `${SOS}/var/log/hard.log`, type: 'link', linkname: `${SOS}/var/log/messages` },
      { name: `${SOS}/var/log/initctl`, type: 'fifo' },
      { name: `${SOS}/var/log/messages.copy`, data: `${KUBELET_JOURNAL}\n` },
    ]);
    const path = writeTemp('sosreport.tar.gz', tgz);
    const r = await runIngest([path]);
    expect(r.members.map((m) => m.member.source.member)).toEqual([`${SOS}/var/log/messages`]);
    expect(await codesOf(path)).toEqual({
      ip_addr: 'not-a-log', 'empty.log': 'empty', 'zeroed.log': 'zeroed', wtmp: 'binary', syslog: 'link', 'hard.log': 'link',
      initctl: 'special-file', 'messages.copy': 'duplicate',
    });
    const duplicate = r.skipped.find((s) => s.code === 'duplicate')!;
    expect(duplicate.duplicateOf).toBe(`${path}:${SOS}/var/log/messages`);
    expect(duplicate.reason).toBe(`duplicate of ${duplicate.duplicateOf}`);
  });

  it('codes --include/--exclude as excluded, for files and nested archives alike', async () => {
    const tgz = await buildTgz([
      { name: 'var/log/kubelet.log', data: `${KUBELET_JOURNAL}\n` },
      { name: 'var/log/notes.txt', data: 'n\n' },
      { name: 'var/log/old.tgz', data: await buildTgz([{ name: 'kubelet.log.1', data: 'old\n' }]) },
    ]);
    const codes = await codesOf(writeTemp('b.tgz', tgz), { include: ['**/*.log', '**/*.log.1'], exclude: ['**/old.tgz'] });
    expect(codes).toEqual({ 'notes.txt': 'excluded', 'old.tgz': 'excluded' });
  });

  it('codes a nested archive past the depth limit, an oversized ratio and the total-bytes stop as limit', async () => {
    let deep: Buffer = await buildTgz([{ name: 'deep.log', data: 'bottom\n' }]);
    for (let i = 0; i < 3; i++) deep = await buildTgz([{ name: `level${i}.tgz`, data: deep }]);
    expect(Object.values(await codesOf(writeTemp('top.tgz', deep), { maxDepth: 2 }))).toEqual(['limit']);
    const bomb = gzipSync(Buffer.from(`${'x'.repeat(99)}\n`.repeat(80_000)), { level: 9 });
    expect(await codesOf(writeTemp('bomb.log.gz', bomb), { maxRatio: 100 })).toEqual({ 'bomb.log.gz': 'limit' });
    const big = gzipSync(Buffer.from(manyLines(100_000)));
    expect(await codesOf(writeTemp('a.log.gz', big), { maxTotalBytes: 2 * 1024 * 1024 })).toEqual({ 'a.log.gz': 'limit' });
  });

  it('codes a zip inside a tarball as unsupported, and a zip with no readable index as damaged', async () => {
    const tgz = await buildTgz([{ name: 'support.zip', data: buildZip([{ name: 'a.log', data: 'x\n' }]) }]);
    expect(await codesOf(writeTemp('b.tgz', tgz))).toEqual({ 'support.zip': 'unsupported' });
    const broken = Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100, 0x41)]);
    const r = await runIngest([writeTemp('bundle.zip', broken)]);
    expect(r.skipped).toMatchObject([{ kind: 'error', code: 'damaged' }]);
  });

  it('codes cut and corrupt streams as damaged, whether lines came before the damage or not', async () => {
    const gz = gzipSync(Buffer.from(manyLines(20_000)));
    expect(await codesOf(writeTemp('kubelet.log.1.gz', gz.subarray(0, gz.length >> 1)))).toEqual({ 'kubelet.log.1.gz': 'damaged' });
    const tgz = await buildTgz([{ name: 'a.log', data: 'a1\n' }]);
    const cut = await runIngest([writeTemp('cut.tgz', tgz.subarray(0, tgz.length - 30))]);
    expect(cut.skipped).toMatchObject([{ kind: 'error', code: 'damaged' }]);
    const tar = Buffer.from(await buildTar([{ name: 'first.log', data: 'one\n' }, { name: 'second.log', data: 'two\n' }]));
    tar.fill(0x41, 1024, 1024 + 100);
    expect(await codesOf(writeTemp('broken.tar', tar))).toEqual({ 'broken.tar': 'damaged' });
  });
});
