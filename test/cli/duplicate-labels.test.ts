import { describe, expect, it } from 'vitest';
import { buildTgz, writeTemp } from '../ingest/ingest-harness.js';
import { runCli } from './run-cli.js';

// kern.log line: https://github.com/docker/for-linux/issues/1001
const LINE = 'May 15 23:01:53 ubuntu-s-1vcpu-2gb-ams3-01 kernel: [  152.700479] Memory cgroup out of memory: Kill process 4142 (python3) score 68 or sacrifice child\n';

describe('byte-identical members', () => {
  it('keep their own component labels, whichever the archive lists first', async () => {
    // The archive lists kern.log first, so it is read; daemon.log comes first by path and is reported as the one read.
    const tgz = await buildTgz([{ name: 'var/log/kern.log', data: LINE }, { name: 'var/log/daemon.log', data: LINE }]);
    const { stdout } = await runCli([writeTemp('node.tgz', tgz), '--format', 'json']);
    const files = Object.fromEntries(JSON.parse(stdout).files.map((f: any) => [f.path.split(':').pop(), f]));
    expect(files['var/log/daemon.log']).toMatchObject({ status: 'parsed', lines: 1 });
    expect(files['var/log/daemon.log'].component).not.toBe('kernel');
    expect(files['var/log/kern.log']).toMatchObject({ status: 'skipped', component: 'kernel', reason: `duplicate of ${files['var/log/daemon.log'].path}`, reasonCode: 'duplicate' });
  });
});
