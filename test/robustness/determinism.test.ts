import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { buildTar, gzip, scratchDir, writeInput, type TarMember } from './fixtures.js';

/** Every file under `root` as a tar member (directories first, as tar writes them). */
function membersOf(root: string, prefix = ''): TarMember[] {
  const out: TarMember[] = [];
  for (const name of readdirSync(join(root, prefix)).sort()) {
    const rel = prefix ? `${prefix}/${name}` : name;
    if (statSync(join(root, rel)).isDirectory()) {
      out.push({ name: `${rel}/`, type: 'directory' }, ...membersOf(root, rel));
    } else {
      out.push({ name: rel, data: readFileSync(join(root, rel)) });
    }
  }
  return out;
}

/** Files first in reverse order, then the directories: the same tree, another archive order. */
function shuffled(members: readonly TarMember[]): TarMember[] {
  const files = members.filter((m) => m.type !== 'directory').reverse();
  const half = Math.floor(files.length / 2);
  return [...files.slice(half), ...members.filter((m) => m.type === 'directory'), ...files.slice(0, half)];
}

async function jsonWithoutInputs(path: string): Promise<string> {
  const run = await runCli([path, '--format', 'json', '--quiet']);
  expect(run.status, run.stderr).toBe(0);
  const report = JSON.parse(run.stdout) as Record<string, unknown>;
  delete report['inputs'];
  return JSON.stringify(report, null, 2);
}

describe('determinism', () => {
  for (const scenario of ['containerd2-config', 'microk8s-power-loss', 'healthy-node', 'k3s-power-loss', 'stuck-terminating']) {
    it(`gives byte-identical JSON for ${scenario} whatever the member order in the archive`, async () => {
      const members = membersOf(join('samples/src', scenario));
      expect(members.length).toBeGreaterThan(3);
      const dir = scratchDir();
      // The same path both times: file paths in the report start with the input path.
      const path = join(dir, `${scenario}.tgz`);
      writeInput(dir, `${scenario}.tgz`, gzip(await buildTar(members)));
      const sorted = await jsonWithoutInputs(path);
      writeInput(dir, `${scenario}.tgz`, gzip(await buildTar(shuffled(members))));
      const reordered = await jsonWithoutInputs(path);
      expect(reordered).toBe(sorted);
      expect(JSON.parse(sorted).files.length).toBe(members.filter((m) => m.type !== 'directory').length);
    }, 30_000);
  }

  // More orders than the one above: reversed, by name descending, and seeded shuffles. Every part of the report —
  // incidents, root cause, context, files, warnings, activity and every assumption — must be the same.
  for (const scenario of ['containerd2-config', 'microk8s-power-loss', 'healthy-node', 'k3s-power-loss', 'stuck-terminating']) {
    it(`gives the same report for ${scenario} under reversed, descending and shuffled member orders`, async () => {
      const members = membersOf(join('samples/src', scenario));
      const dir = scratchDir();
      const path = join(dir, `${scenario}.tgz`);
      const reportFor = async (order: readonly TarMember[]): Promise<string> => {
        writeInput(dir, `${scenario}.tgz`, gzip(await buildTar(order)));
        return jsonWithoutInputs(path);
      };
      const expected = await reportFor(members);
      const dirs = members.filter((m) => m.type === 'directory');
      const files = members.filter((m) => m.type !== 'directory');
      const orders = [
        [...dirs, ...[...files].reverse()],
        [...dirs, ...[...files].sort((a, b) => (a.name < b.name ? 1 : -1))],
        [...dirs, ...seededShuffle(files, 1)],
        [...dirs, ...seededShuffle(files, 7)],
      ];
      for (const order of orders) expect(await reportFor(order)).toBe(expected);
    }, 60_000);
  }

  // Ingest reads whichever of two byte-identical members the archive lists first; the report names the copy first
  // by path as read, so the JSON does not depend on the order.
  it('names the same copy "duplicate of" whatever the order of two byte-identical members', async () => {
    const line = 'time="2025-03-14T14:25:15.518500416Z" level=fatal msg="Failed to run CRI service" error="failed to recover state: failed to get metadata for stored sandbox \\"c8ba6e5a03c3\\": not found"\n';
    const a = { name: 'node/k3s/containerd.log', data: Buffer.from(line) };
    const b = { name: 'node/copy/containerd.log', data: Buffer.from(line) };
    const dir = scratchDir();
    const path = join(dir, 'copies.tgz');
    writeInput(dir, 'copies.tgz', gzip(await buildTar([a, b])));
    const first = await jsonWithoutInputs(path);
    writeInput(dir, 'copies.tgz', gzip(await buildTar([b, a])));
    const second = await jsonWithoutInputs(path);
    expect(second).toBe(first);
    const files = JSON.parse(first).files as { path: string; status: string; reason?: string }[];
    expect(files.find((f) => f.path.endsWith('node/copy/containerd.log'))).toMatchObject({ status: 'parsed' });
    expect(files.find((f) => f.path.endsWith('node/k3s/containerd.log'))?.reason).toMatch(/^duplicate of .*node\/copy\/containerd\.log$/);
  });

  it('gives byte-identical JSON when two inputs are named in the other order', async () => {
    const a = 'samples/k3s-power-loss.tgz';
    const b = 'samples/healthy-node.tgz';
    expect(await jsonWithoutInputs2([a, b])).toBe(await jsonWithoutInputs2([b, a]));
  }, 30_000);
});

async function jsonWithoutInputs2(args: string[]): Promise<string> {
  const run = await runCli([...args, '--format', 'json', '--quiet']);
  expect(run.status, run.stderr).toBe(0);
  const report = JSON.parse(run.stdout) as Record<string, unknown>;
  delete report['inputs'];
  return JSON.stringify(report, null, 2);
}

/** A Fisher–Yates shuffle driven by a small LCG: the same seed gives the same order on every run. */
function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
