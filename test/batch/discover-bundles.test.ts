import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discoverBundles, manifestEntries } from '../../src/batch/discover-bundles.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'logsift-discover-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('discoverBundles: a folder of bundles', () => {
  it('takes the shipped samples archives, and passes over their README, expectations, generator and sources', () => {
    const { bundles, passedOver } = discoverBundles('samples');
    expect(bundles).toEqual([
      'samples/containerd2-config.tgz',
      'samples/healthy-node.tgz',
      'samples/inspection-report-20250602_091530.tar.gz',
      'samples/k3s-power-loss.tgz',
      'samples/microk8s-power-loss.tgz',
      'samples/stuck-terminating.tgz',
      'samples/two-node.tgz',
    ]);
    expect(passedOver.map((p) => p.path)).toEqual(expect.arrayContaining(['samples/README.md', 'samples/k3s-power-loss.expected.json', 'samples/src']));
    expect(passedOver.find((p) => p.path === 'samples/src')?.reason).toMatch(/folder no bundle layout recognises/);
  });

  it('knows an archive by its bytes, not its name, and takes log text files and bundle folders', () => {
    writeFileSync(join(dir, 'ticket-4711.bin'), gzipSync('Mar 14 14:25:15 node-1 k3s[1]: started\n'));
    writeFileSync(join(dir, 'journalctl-k3s.txt'), 'Mar 14 14:25:15 node-1 k3s[1]: started\n');
    writeFileSync(join(dir, 'notes.md'), '# what the customer said\n');
    writeFileSync(join(dir, 'empty.tgz'), '');
    writeFileSync(join(dir, '.hidden.tgz'), gzipSync('x'));
    mkdirSync(join(dir, 'sosreport-worker-2-2025-05-13-abcdefg', 'var', 'log'), { recursive: true });
    mkdirSync(join(dir, 'node-a-copy', 'var', 'log'), { recursive: true });
    mkdirSync(join(dir, 'machine-id'));
    writeFileSync(join(dir, 'machine-id', 'system.journal'), 'LPKSHHRH');
    mkdirSync(join(dir, 'screenshots'));
    const { bundles, passedOver } = discoverBundles(dir);
    expect(bundles.map((b) => b.slice(dir.length + 1))).toEqual(['journalctl-k3s.txt', 'machine-id', 'node-a-copy', 'sosreport-worker-2-2025-05-13-abcdefg', 'ticket-4711.bin']);
    expect(Object.fromEntries(passedOver.map((p) => [p.path.slice(dir.length + 1), p.reason]))).toEqual({
      'empty.tgz': 'empty',
      'notes.md': 'neither an archive nor a .log/.txt file',
      screenshots: expect.stringMatching(/folder no bundle layout recognises/),
    });
  });

  it('sorts names as people do (node-2 before node-10)', () => {
    for (const n of [10, 2, 1]) writeFileSync(join(dir, `node-${n}.log`), 'x\n');
    expect(discoverBundles(dir).bundles.map((b) => b.slice(dir.length + 1))).toEqual(['node-1.log', 'node-2.log', 'node-10.log']);
  });
});

describe('discoverBundles: a manifest', () => {
  it('lists paths in its order, relative to its own folder, without comments, blank lines or repeats', () => {
    mkdirSync(join(dir, 'lists'));
    const manifest = join(dir, 'lists', 'today.txt');
    writeFileSync(manifest, '\uFEFF# uploaded today\n../b.tgz\n\n  /srv/bundles/a.tgz  \r\n../b.tgz\n# ../c.tgz\n');
    expect(manifestEntries(manifest)).toEqual([join(dir, 'b.tgz'), '/srv/bundles/a.tgz']);
    expect(discoverBundles(manifest)).toEqual({ bundles: [join(dir, 'b.tgz'), '/srv/bundles/a.tgz'], passedOver: [] });
  });
});
