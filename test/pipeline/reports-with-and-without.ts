import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../../src/patterns/index.js';
import { memberWorkerScript } from '../../src/pipeline/workers/run-pipeline-in-workers.js';
import { shippedPatternsDir } from '../../src/cli/shipped-patterns-dir.js';
import { runCli } from '../cli/run-cli.js';
import { fuzzSeed } from '../fuzz-seed.js';
import { buildTar, gzip, rancherMembers, scratchDir, writeInput, type TarMember } from '../robustness/fixtures.js';
// @ts-expect-error -- plain ESM without types: the bench's bundle generator
import { generateBundle } from '../../bench/generate-bundle.mjs';

const SAMPLES = join(import.meta.dirname, '../../samples');
const SAMPLE_INPUTS = readdirSync(SAMPLES).filter((name) => name.endsWith('.tgz') || name.endsWith('.tar.gz'));
const FORMAT_FIXTURES = join(import.meta.dirname, '../fixtures/formats');

export interface ShortcutSwitch {
  /** What the describe block names (`the raw-byte prefilter`). */
  readonly title: string;
  /** The environment that turns the shortcut off (`{ LOGSIFT_NO_PREFILTER: '1' }`). */
  readonly off: Readonly<Record<string, string>>;
  /** Also compare the format fixtures and the corpus of real logs. */
  readonly formatFixtures?: boolean;
  /** Members the broken bundles hold besides a Rancher node's. */
  readonly extraMembers?: readonly TarMember[];
  readonly brokenRuns: number;
  readonly timeout?: number;
}

/**
 * A shortcut of the pipeline (a prefilter, a skim) must never change a report: the same CLI run with the shortcut
 * on and off gives byte-identical stdout, stderr and status on every sample (one thread and workers), a generated
 * bench bundle and fuzzed broken bundles.
 */
export function describeReportsWithAndWithout(shortcut: ShortcutSwitch): void {
  const workersBuilt = memberWorkerScript() !== undefined;
  const { seed } = fuzzSeed();
  async function expectSameWithAndWithout(args: readonly string[]): Promise<string> {
    const off = await runCli(args, { env: shortcut.off });
    const on = await runCli(args, { env: {} });
    expect(on.status).toBe(off.status);
    expect(on.stderr).toBe(off.stderr);
    expect(on.stdout).toBe(off.stdout);
    return on.stdout;
  }

  describe(`reports with and without ${shortcut.title}`, shortcut.timeout ? { timeout: shortcut.timeout } : {}, () => {
    it.each(SAMPLE_INPUTS)('are byte-identical on %s (JSON and text, one thread)', async (name) => {
      const input = join(SAMPLES, name);
      const json = await expectSameWithAndWithout([input, '--format', 'json', '--quiet', '--jobs', '0']);
      expect(JSON.parse(json).files.length).toBeGreaterThan(0);
      await expectSameWithAndWithout([input, '--format', 'text', '--quiet', '--jobs', '0']);
    });

    it.skipIf(!workersBuilt).each(SAMPLE_INPUTS)('are byte-identical on %s in worker threads', async (name) => {
      await expectSameWithAndWithout([join(SAMPLES, name), '--format', 'json', '--quiet', '--jobs', '2']);
    });

    if (shortcut.formatFixtures) {
      it('are byte-identical on the format fixtures and the corpus of real logs', async () => {
        await expectSameWithAndWithout([FORMAT_FIXTURES, '--format', 'json', '--quiet', '--jobs', '0']);
        await expectSameWithAndWithout([join(FORMAT_FIXTURES, 'corpus'), '--format', 'text', '--quiet', '--jobs', '0']);
      });
    }

    it('are byte-identical on a generated bench bundle (every format it writes, the samples nested in it)', async () => {
      const path = join(scratchDir(), 'bench.tgz');
      const { library } = await loadLibrary([shippedPatternsDir()]);
      await generateBundle(path, 2 * 1024 * 1024, library.signatures);
      const json = await expectSameWithAndWithout([path, '--format', 'json', '--quiet', '--jobs', '0']);
      expect(JSON.parse(json).incidents.length).toBeGreaterThan(0);
    });

    it('are byte-identical on broken bundles (bytes flipped, inserted and cut)', async () => {
      const dir = scratchDir();
      const tar = await buildTar([...rancherMembers(60, 60), ...(shortcut.extraMembers ?? [])]);
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }), { minLength: 1, maxLength: 3 }), async (inserts) => {
          // The tar is broken, then compressed: gzip's CRC would otherwise stop every read at the first byte changed.
          let data = Buffer.from(tar);
          for (const { at, bytes } of inserts) {
            const i = Math.floor(at * data.length);
            data = Buffer.concat([data.subarray(0, i), Buffer.from(bytes), data.subarray(i + bytes.length)]);
          }
          const path = writeInput(dir, `broken-${run++}.tgz`, gzip(data));
          await expectSameWithAndWithout([path, '--format', 'json', '--quiet', '--jobs', '0']);
        }),
        { seed, numRuns: shortcut.brokenRuns, endOnFailure: true },
      );
    });
  });
}
