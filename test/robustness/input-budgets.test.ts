import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildTar, containerdLog, runJson, scratchDir, writeInput } from './fixtures.js';

// Time bombs without memory bombs (issue 17): thousands of hosts of one tiny file each, one host with countless
// files, a stream that expands far but under the ratio limit. Each budget is per input; what it turns away is listed
// as skipped with the reason, and one warning names the limit and its flag.

/** A Rancher logs-collector bundle per host, tarred together: `<host>-<stamp>/k3s/containerd.log`. */
function hostsBundle(hosts: number): { name: string; data: string }[] {
  return Array.from({ length: hosts }, (_, i) => ({ name: `node-${i}-2025-03-14_14_31_07/k3s/containerd.log`, data: containerdLog(3) }));
}

const OTHER_LINES = 'Mar 14 14:25:01 node-x app[1]: another input\n'.repeat(20);

for (const jobs of ['0', '2']) {
  describe(`per-input budgets (--jobs ${jobs})`, () => {
    it('reads the files of at most --max-hosts hosts of an input and lists the others as skipped', async () => {
      const dir = scratchDir();
      const bundle = writeInput(dir, 'many-hosts.tar', await buildTar(hostsBundle(5)));
      const other = writeInput(dir, 'other.log', OTHER_LINES);
      const run = await runJson([bundle, other, '--max-hosts', '3', '--jobs', jobs]);
      expect(run.status, run.stderr).toBe(0);
      const files = run.report!.files.filter((f) => f.path.startsWith(bundle));
      expect(files).toHaveLength(5);
      expect(files.filter((f) => f.status === 'parsed')).toHaveLength(3);
      const skipped = files.filter((f) => f.status === 'skipped');
      expect(skipped).toHaveLength(2);
      for (const file of skipped) expect(file.reason).toBe('not read: the input names more than 3 hosts (--max-hosts 3)');
      const warnings = run.report!.warnings.filter((w) => w.code === 'ingest.host-limit');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.title).toMatch(/more than 3 hosts.*\(--max-hosts\)/);
      expect(run.report!.files.find((f) => f.path === other)).toMatchObject({ status: 'parsed', lines: 20 });
    });

    it('reads at most --max-files-per-host files of one host and lists the rest as skipped', async () => {
      const dir = scratchDir();
      const members = Array.from({ length: 6 }, (_, i) => ({ name: `node-1-2025-03-14_14_31_07/k3s/containerd.log.${i + 1}`, data: containerdLog(2 + i) }));
      const bundle = writeInput(dir, 'many-files.tar', await buildTar(members));
      const run = await runJson([bundle, '--max-files-per-host', '4', '--jobs', jobs]);
      expect(run.status, run.stderr).toBe(0);
      const files = run.report!.files;
      expect(files.filter((f) => f.status === 'parsed')).toHaveLength(4);
      const skipped = files.filter((f) => f.status === 'skipped');
      expect(skipped.map((f) => f.path.split('/').pop())).toEqual(['containerd.log.5', 'containerd.log.6']);
      for (const file of skipped) expect(file.reason).toBe('not read: more than 4 files of this host in the input (--max-files-per-host 4)');
      const warnings = run.report!.warnings.filter((w) => w.code === 'ingest.files-per-host-limit');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.title).toMatch(/more than 4 files of host node-1; the rest were not read \(--max-files-per-host\)/);
    });

    it('decompresses at most --max-input-bytes of an input: the member it cuts keeps its lines, later ones are listed', async () => {
      const dir = scratchDir();
      // Three gzip members of ~40 KiB each (far under the ratio limit), in a plain tar, then another input.
      const text = containerdLog(400);
      expect(text.length).toBeGreaterThan(40_000);
      // Not byte-identical (a copy would be read once): each ends with a line of its own.
      const members = [1, 2, 3].map((i) => ({ name: `node-1-2025-03-14_14_31_07/k3s/containerd.log.${i}.gz`, data: gzipSync(`${text}member ${i}\n`) }));
      const bundle = writeInput(dir, 'bytes.tar', await buildTar(members));
      const other = writeInput(dir, 'other.log', OTHER_LINES);
      const budget = Math.floor(text.length * 1.5);
      const run = await runJson([bundle, other, '--max-input-bytes', String(budget), '--jobs', jobs]);
      expect(run.status, run.stderr).toBe(0);
      const [first, second, third] = [1, 2, 3].map((i) => run.report!.files.find((f) => f.path.endsWith(`containerd.log.${i}.gz`))!);
      expect(first).toMatchObject({ status: 'parsed', lines: 401 });
      // Cut inside: the lines before the limit are kept, and the file says why it ends early.
      expect(second!.status).toBe('parsed');
      expect(second!.lines).toBeGreaterThan(0);
      expect(second!.lines).toBeLessThan(401);
      expect(second!.reason).toMatch(/--max-input-bytes/);
      expect(third).toMatchObject({ status: 'skipped', reason: `not read: the input's decompressed byte budget is spent (--max-input-bytes ${budget})` });
      const warning = run.report!.warnings.find((w) => w.code === 'ingest.input-bytes-limit');
      expect(warning?.title).toMatch(new RegExp(`stopped after ${budget} decompressed bytes of this input \\(--max-input-bytes\\)`));
      expect(run.report!.files.find((f) => f.path === other)).toMatchObject({ status: 'parsed', lines: 20 });
    });
  });
}

describe('budget defaults', () => {
  it('no budget is hit by a real-sized bundle: the shipped samples read whole', async () => {
    const run = await runJson(['samples/two-node.tgz']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.report!.warnings.filter((w) => /limit/.test(w.code))).toEqual([]);
    expect(run.report!.files.filter((f) => /budget|--max-/.test(f.reason ?? ''))).toEqual([]);
  });
});
