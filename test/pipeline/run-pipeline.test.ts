import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { buildTgz, writeTemp } from '../ingest/ingest-harness.js';

// kern.log line: https://github.com/docker/for-linux/issues/1001
const LINE = 'May 15 23:01:53 ubuntu-s-1vcpu-2gb-ams3-01 kernel: [  152.700479] Memory cgroup out of memory: Kill process 4142 (python3) score 68 or sacrifice child\n';

async function filesOf(path: string) {
  const result = await runPipeline({ inputs: [path], ingest: {}, onEvent: () => undefined });
  return Object.fromEntries(result.files.map((f) => [f.path.split(':').pop()!, f]));
}

describe('runPipeline: file reasons as data', () => {
  it('settles byte-identical copies by path from the reason code, naming the copy read in duplicateOf', async () => {
    // Listed c, b, a: ingest reads c and skips the others as its duplicates; the report reads a, first by path.
    const path = writeTemp('node.tgz', await buildTgz(['c', 'b', 'a'].map((d) => ({ name: `${d}/var/log/syslog`, data: LINE }))));
    const files = await filesOf(path);
    const canonical = `${path}:a/var/log/syslog`;
    expect(files['a/var/log/syslog']).toMatchObject({ status: 'parsed', lines: 1 });
    expect(files['a/var/log/syslog']!.reasonCode).toBeUndefined();
    for (const copy of ['b/var/log/syslog', 'c/var/log/syslog']) {
      expect(files[copy]).toMatchObject({ status: 'skipped', reasonCode: 'duplicate', duplicateOf: canonical, reason: `duplicate of ${canonical}`, lines: 0 });
    }
  });

  it('codes a member read up to its damage as damaged, and a member with no lines as empty', async () => {
    const text = Array.from({ length: 20_000 }, (_, i) => LINE.replace('4142', String(i))).join('');
    const gz = gzipSync(Buffer.from(text));
    const tgz = await buildTgz([{ name: 'var/log/kern.log.1.gz', data: gz.subarray(0, gz.length >> 1) }, { name: 'var/log/empty.log', data: '' }]);
    const files = await filesOf(writeTemp('node.tgz', tgz));
    expect(files['var/log/kern.log.1.gz']).toMatchObject({ status: 'parsed', reasonCode: 'damaged', reason: expect.stringMatching(/^damaged: gzip /) });
    expect(files['var/log/empty.log']).toMatchObject({ status: 'skipped', reasonCode: 'empty', reason: 'empty' });
  });
});
