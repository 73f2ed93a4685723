import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { buildZip } from './archives/zip-fixture.js';
import { runIngest, texts, writeTemp } from './ingest-harness.js';

// Lines from docs of the shapes each file holds: kubelet journal (https://github.com/kubernetes/kubernetes/issues/54760),
// etcd's zap JSON (etcd-io/etcd server logs).
const KUBELET = 'Oct 29 13:16:48 node1 kubelet[4919]: E1029 13:16:48.471488    4919 pod_workers.go:182] Error syncing pod cc89ef7c-bc47-11e7-85ce-901b0edee6b6 ("alpine-368057524-bgt0m_default(cc89ef7c-bc47-11e7-85ce-901b0edee6b6)"), skipping: failed to "StartContainer" for "alpine" with CrashLoopBackOff';
const ETCD = '{"level":"warn","ts":"2025-03-14T14:59:01.123Z","caller":"etcdserver/util.go:170","msg":"apply request took too long","took":"1.2s"}';
const TOP = 'support-bundle-2025-03-14T15_04_05';

describe('readBundle: zip archives', () => {
  it('reads a zipped support bundle through its layout, stored and deflated members alike', async () => {
    const zip = buildZip([
      { name: `${TOP}/` },
      { name: `${TOP}/host-collectors/journald/kubelet.txt`, data: `${KUBELET}\n` },
      { name: `${TOP}/cluster-resources/pods/logs/kube-system/etcd-cp1/etcd.log`, data: `${ETCD}\n`, store: true },
      { name: `${TOP}/cluster-resources/nodes.json`, data: '{"items":[]}' },
      { name: `${TOP}/host-collectors/run-host/rotated.log.gz`, data: gzipSync(Buffer.from('rotated line\n')) },
    ]);
    const r = await runIngest([writeTemp('bundle.zip', zip)]);
    expect(texts(r, `${TOP}/host-collectors/journald/kubelet.txt`)).toEqual([KUBELET]);
    expect(texts(r, `${TOP}/cluster-resources/pods/logs/kube-system/etcd-cp1/etcd.log`)).toEqual([ETCD]);
    expect(texts(r, `${TOP}/host-collectors/run-host/rotated.log.gz`)).toEqual(['rotated line']);
    const etcd = r.members.find((m) => m.member.source.member.endsWith('etcd.log'))!.member;
    expect(etcd).toMatchObject({ layout: 'troubleshoot', collectedAt: Date.UTC(2025, 2, 14, 15, 4, 5), fields: { namespace: 'kube-system', pod: 'etcd-cp1', container: 'etcd' } });
    // nodes.json is not a log, but a troubleshoot bundle's node list names its host: read as metadata, listed as such.
    expect(r.skipped.map((s) => s.reason)).toEqual(["not a log: read for the bundle's host name, collection time or zone"]);
    expect(r.diagnostics).toEqual([]);
  });

  it('shows traversal and absolute names sanitised, and skips symlink members', async () => {
    const zip = buildZip([
      { name: '../../etc/cron.d/evil.log', data: 'a\n' },
      { name: '/var/log/abs.log', data: 'b\n' },
      { name: 'link.log', data: '/etc/shadow', symlink: true },
    ]);
    const r = await runIngest([writeTemp('hostile.zip', zip)]);
    expect(r.members.map((m) => m.member.source.member).sort()).toEqual(['__/__/etc/cron.d/evil.log', 'var/log/abs.log']);
    expect(r.skipped).toMatchObject([{ member: { source: { member: 'link.log' } }, reason: expect.stringMatching(/link/) }]);
  });

  it('stops a member that expands past the ratio limit, as for tar', async () => {
    const zip = buildZip([{ name: 'bomb.log', data: Buffer.alloc(16 * 1024 * 1024, 0x41) }, { name: 'after.log', data: 'after\n' }]);
    const r = await runIngest([writeTemp('bomb.zip', zip)], { maxRatio: 100 });
    expect(r.diagnostics).toMatchObject([{ code: 'ingest.ratio-limit' }]);
    expect(texts(r, 'after.log')).toEqual(['after']);
  });

  it('stops at the member limit and the total-bytes limit', async () => {
    const many = buildZip(Array.from({ length: 5 }, (_, i) => ({ name: `m${i}.log`, data: `line ${i}\n` })));
    const byCount = await runIngest([writeTemp('many.zip', many)], { maxMembers: 2 });
    expect(byCount.members).toHaveLength(2);
    expect(byCount.diagnostics).toMatchObject([{ code: 'ingest.member-limit' }]);
    const bySize = await runIngest([writeTemp('many.zip', many)], { maxTotalBytes: 10 });
    expect(bySize.diagnostics.map((d) => d.code)).toContain('ingest.total-bytes-limit');
  });

  it('refuses a zip inside another archive with a reason, and reads the rest', async () => {
    const { buildTgz } = await import('./ingest-harness.js');
    const tgz = await buildTgz([{ name: 'inner.zip', data: buildZip([{ name: 'a.log', data: 'x\n' }]) }, { name: 'b.log', data: 'b\n' }]);
    const r = await runIngest([writeTemp('outer.tgz', tgz)]);
    expect(texts(r, 'b.log')).toEqual(['b']);
    expect(r.skipped).toMatchObject([{ member: { source: { member: 'inner.zip' } }, reason: expect.stringMatching(/inside another archive/) }]);
  });

  it('reports a truncated zip as one error naming the file, without a stack trace', async () => {
    const zip = buildZip([{ name: 'a.log', data: 'x\n'.repeat(1000) }]);
    const path = writeTemp('cut.zip', zip.subarray(0, Math.floor(zip.length / 2)));
    const r = await runIngest([path]);
    expect(r.members).toHaveLength(0);
    expect(r.skipped).toMatchObject([{ kind: 'error', member: { source: { bundle: path } }, reason: expect.stringMatching(/^zip archive cannot be read: /) }]);
    expect(r.skipped[0]!.reason).not.toMatch(/\n/);
  });

  describe('on stdin', () => {
    const original = Object.getOwnPropertyDescriptor(process, 'stdin')!;
    afterEach(() => Object.defineProperty(process, 'stdin', original));

    it('is refused with a one-line message', async () => {
      Object.defineProperty(process, 'stdin', { value: Readable.from([buildZip([{ name: 'a.log', data: 'x\n' }])]), configurable: true });
      const r = await runIngest(['-']);
      expect(r.members).toHaveLength(0);
      expect(r.skipped).toMatchObject([{ kind: 'skipped', reason: 'a zip archive cannot be read from stdin (its index is at its end): pass the .zip file by name' }]);
    });
  });
});
